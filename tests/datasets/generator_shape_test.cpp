// Statistical shape of the generated streams, checked against the distributions' own formulas
// (computed here, not read from the generators) with tolerances of several standard errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "event_schema.hpp"
#include "streamlab/generators/generator.hpp"

namespace streamlab::datasets {
namespace {

using testing::check_line;
using testing::DeadLetter;
using testing::time_of;

// Runs `kind` for `events` events; checks every line's schema and that times never decrease.
template <typename Visit>
void for_each_event(std::string_view kind, const GeneratorOptions& options, std::size_t events, Visit visit) {
  auto generator = make_generator(kind, options);
  std::vector<DeadLetter> dead;
  Timestamp previous = kMinTimestamp;
  for (std::size_t i = 1; i <= events; ++i) {
    const std::string line = generator->next();
    auto j = check_line(kind, line, i, dead);
    ASSERT_TRUE(j.has_value()) << kind << " line " << i << ": " << dead.back().field << " "
                               << dead.back().reason << "\n"
                               << line;
    const Timestamp t = time_of(*j);
    ASSERT_GE(t, previous) << kind << " line " << i << " goes back in event time";
    ASSERT_EQ(t, generator->last_time());
    previous = t;
    visit(*j, t);
  }
}

TEST(GeneratorSchema, EveryLineOfEveryKindHasTheReadmeSchemaAndOrderedTimes) {
  for (auto kind : generator_kinds()) {
    SCOPED_TRACE(std::string(kind));
    std::size_t n = 0;
    for_each_event(kind, GeneratorOptions{}, 20000, [&](const nlohmann::json&, Timestamp) { ++n; });
    EXPECT_EQ(n, 20000u);
  }
}

TEST(GeneratorSchema, ValuesStayInTheirDocumentedRanges) {
  for_each_event("sales", GeneratorOptions{}, 20000, [](const nlohmann::json& j, Timestamp) {
    const double amount = j["amount"];
    ASSERT_GE(amount, 1.99);
    ASSERT_LE(amount, 6 * 899.99);
  });
  for_each_event("metrics", GeneratorOptions{}, 20000, [](const nlohmann::json& j, Timestamp) {
    const double cpu = j["cpu"], memory = j["memory"];
    ASSERT_GE(cpu, 0.5);
    ASSERT_LE(cpu, 100.0);
    ASSERT_GE(memory, 1.0);
    ASSERT_LE(memory, 100.0);
  });
}

TEST(GeneratorShape, SalesStoresFollowZipfWithExponent1point1) {
  GeneratorOptions options;
  options.keys = 12;
  const std::size_t n = 60000;
  std::map<std::string, double> count;
  for_each_event("sales", options, n,
                 [&](const nlohmann::json& j, Timestamp) { ++count[j["store"].get<std::string>()]; });
  double harmonic = 0;
  for (int k = 1; k <= 12; ++k) harmonic += 1.0 / std::pow(k, 1.1);
  for (int k = 1; k <= 12; ++k) {
    const double p = 1.0 / std::pow(k, 1.1) / harmonic;
    const double sigma = std::sqrt(n * p * (1 - p));
    const std::string store = (k < 10 ? "store-0" : "store-") + std::to_string(k);
    EXPECT_NEAR(count[store], n * p, 5 * sigma) << store;
  }
  EXPECT_GT(count["store-01"], 5 * count["store-12"]);  // visibly skewed
}

TEST(GeneratorShape, DailyCycleMakesEveningBusierThanNight) {
  // 200k sales at the default 0.05/s span about 46 days; hour-of-day counts follow the cycle.
  std::vector<double> per_hour(24, 0);
  for_each_event("sales", GeneratorOptions{}, 200000, [&](const nlohmann::json&, Timestamp t) {
    const auto ms = to_millis(t) % 86400000;
    per_hour[static_cast<std::size_t>(ms / 3600000)] += 1;
  });
  const auto peak = std::max_element(per_hour.begin(), per_hour.end()) - per_hour.begin();
  const auto trough = std::min_element(per_hour.begin(), per_hour.end()) - per_hour.begin();
  EXPECT_GE(peak, 11);
  EXPECT_LE(peak, 21);
  EXPECT_GE(trough, 1);
  EXPECT_LE(trough, 5);
  EXPECT_GT(per_hour[19] / per_hour[3], 4.0);  // profile says ~ 150/12, less the smoothing
}

TEST(GeneratorShape, BurstsRaiseTheRateSeveralFoldForMinutes) {
  // Count sales per 10-minute bucket; compare each with the mean of the same hour of day.
  // A burst multiplies the rate by 4 for 5..20 minutes, so some buckets are far above normal.
  GeneratorOptions options;
  options.rate = 0.5;
  std::map<std::int64_t, double> buckets;
  for_each_event("sales", options, 400000,
                 [&](const nlohmann::json&, Timestamp t) { buckets[to_millis(t) / 600000] += 1; });
  std::vector<double> hour_sum(24, 0), hour_n(24, 0);
  for (const auto& [b, c] : buckets) {
    hour_sum[static_cast<std::size_t>((b % 144) / 6)] += c;
    hour_n[static_cast<std::size_t>((b % 144) / 6)] += 1;
  }
  int bursty = 0;
  for (const auto& [b, c] : buckets) {
    const auto h = static_cast<std::size_t>((b % 144) / 6);
    if (c > 2.5 * hour_sum[h] / hour_n[h]) ++bursty;
  }
  // ~9 days with a burst every ~6 h: a few dozen bursts. Poisson noise alone (mean >= 60 per
  // bucket) never reaches 2.5 times the mean.
  EXPECT_GE(bursty, 10);
}

TEST(GeneratorShape, MetricsAnomalyLabelsAppearAtTheStatedRate) {
  for (double rate : {0.02, 0.1}) {
    GeneratorOptions options;
    options.anomaly_rate = rate;
    const std::size_t n = 200000;
    double labelled = 0, spikes = 0;
    for_each_event("metrics", options, n, [&](const nlohmann::json& j, Timestamp) {
      if (j["anomaly"].get<bool>()) {
        labelled += 1;
        // An injected anomaly is far outside the normal band: CPU >= 88 % or memory >= 90 %.
        if (j["cpu"].get<double>() >= 88.0 || j["memory"].get<double>() >= 90.0) spikes += 1;
      }
    });
    // Episodes of 3..8 readings make labels clustered; allow a generous 15 % relative error.
    EXPECT_NEAR(labelled / n, rate, 0.15 * rate) << "rate " << rate;
    EXPECT_EQ(spikes, labelled);
  }
}

TEST(GeneratorShape, MetricsWithoutAnomaliesNeverReachTheAnomalyBand) {
  GeneratorOptions options;
  options.anomaly_rate = 0;
  for_each_event("metrics", options, 50000, [&](const nlohmann::json& j, Timestamp) {
    ASSERT_FALSE(j["anomaly"].get<bool>());
    ASSERT_LT(j["cpu"].get<double>(), 88.0);
    ASSERT_LT(j["memory"].get<double>(), 90.0);
  });
}

// Sessions as a 30-minute session window sees them: per user, clicks closer than 30 minutes.
std::vector<std::size_t> session_lengths(const GeneratorOptions& options, std::size_t n,
                                         Duration* smallest_gap_between_sessions) {
  std::map<std::string, std::pair<Timestamp, std::size_t>> open;
  std::vector<std::size_t> lengths;
  Duration smallest = Duration::max();
  for_each_event("clicks", options, n, [&](const nlohmann::json& j, Timestamp t) {
    const auto user = j["user"].get<std::string>();
    auto it = open.find(user);
    if (it != open.end() && t - it->second.first < std::chrono::minutes{30}) {
      it->second = {t, it->second.second + 1};
      return;
    }
    if (it != open.end()) {
      lengths.push_back(it->second.second);
      smallest = std::min(smallest, t - it->second.first);
    }
    open[user] = {t, 1};
  });
  for (const auto& [user, s] : open) lengths.push_back(s.second);
  *smallest_gap_between_sessions = smallest;
  return lengths;
}

TEST(GeneratorShape, ClickSessionLengthsAreHeavyTailedPareto) {
  GeneratorOptions options;
  Duration gap{};
  const auto lengths = session_lengths(options, 300000, &gap);
  const double n = static_cast<double>(lengths.size());
  ASSERT_GT(n, 20000);
  auto share_at_least = [&](std::size_t k) {
    return static_cast<double>(
               std::count_if(lengths.begin(), lengths.end(), [k](std::size_t l) { return l >= k; })) /
           n;
  };
  // floor(Pareto(x_m = 2, alpha = 1.5)): P(len >= k) = (2 / k)^1.5 for k >= 2.
  for (std::size_t k : {3u, 10u, 50u}) {
    const double p = std::pow(2.0 / static_cast<double>(k), 1.5);
    EXPECT_NEAR(share_at_least(k), p, 5 * std::sqrt(p * (1 - p) / n) + 0.002) << "k = " << k;
  }
  // A light-tailed (geometric) length with the same mean would almost never reach 50 clicks.
  double mean = 0;
  for (auto l : lengths) mean += static_cast<double>(l);
  mean /= n;
  const double geometric_tail = std::pow(1 - 1 / mean, 48);
  EXPECT_GT(share_at_least(50), 20 * geometric_tail);
  EXPECT_EQ(*std::min_element(lengths.begin(), lengths.end()), 2u);
}

TEST(GeneratorShape, SessionsOfOneUserAreMoreThanThirtyMinutesApart) {
  // The 30-minute session window must find exactly the generator's sessions, never merge two.
  GeneratorOptions options;
  options.keys = 50;  // few users, so each user has many sessions
  Duration gap{};
  session_lengths(options, 100000, &gap);
  EXPECT_GT(gap, std::chrono::minutes{31});
}

TEST(GeneratorShape, EveryKindKeepsItsDocumentedMeanRate) {
  // Count events over three whole days (the daily cycle averages to 1 over a day) and compare
  // with the model datasets/README.md states: --rate outside bursts; bursts of 4x the rate last
  // 5..20 minutes (mean 12.5) after gaps of 6 hours on average, adding 3 * 12.5 / 372.5 = 10 %;
  // clicks start sessions at rate / 5 and a session has E[min(300, floor(Pareto(2, 1.5)))] clicks.
  const double burst_excess = 1.0 + 3.0 * 12.5 / (360.0 + 12.5);
  double mean_clicks = 2.0;  // P(L >= 1) = P(L >= 2) = 1, then P(L >= k) = (2/k)^1.5 up to 300
  for (int k = 3; k <= 300; ++k) mean_clicks += std::pow(2.0 / k, 1.5);
  const std::map<std::string, double, std::less<>> expected{
      {"sales", 2.0 * burst_excess},
      {"clicks", 2.0 * burst_excess * mean_clicks / 5.0},
      {"profiles", 2.0 * burst_excess},
      {"orders", 2.0 * burst_excess},
      {"metrics", 2.0},
      {"text", 2.0 * burst_excess}};
  for (auto kind : generator_kinds()) {
    SCOPED_TRACE(std::string(kind));
    GeneratorOptions options;
    options.rate = 2.0;
    const Timestamp end = options.start + std::chrono::days{3};
    auto generator = make_generator(kind, options);
    double n = 0;
    for (generator->next(); generator->last_time() < end; generator->next()) ++n;
    const double measured = n / (3 * 86400.0);
    const double want = expected.find(kind)->second;
    // About a dozen bursts in three days: their count varies by about a third, so allow 8 %.
    EXPECT_NEAR(measured, want, 0.08 * want);
  }
}

TEST(GeneratorShape, ClickUsersAreSkewed) {
  GeneratorOptions options;
  options.keys = 200;
  std::map<std::string, double> count;
  for_each_event("clicks", options, 100000,
                 [&](const nlohmann::json& j, Timestamp) { ++count[j["user"].get<std::string>()]; });
  std::vector<double> c;
  for (const auto& [u, v] : count) c.push_back(v);
  std::sort(c.rbegin(), c.rend());
  ASSERT_GE(c.size(), 100u);
  EXPECT_GT(c[0], 5 * c[c.size() / 2]);  // the hottest user clicks far more than the median
}

TEST(GeneratorShape, SomeOrdersComeBeforeTheirUsersProfileAndEveryUserGetsOne) {
  GeneratorOptions options;
  options.keys = 100;
  std::map<std::string, Timestamp> signed_up;
  std::size_t updates = 0;
  for_each_event("profiles", options, 400, [&](const nlohmann::json& j, Timestamp t) {
    if (!signed_up.emplace(j["user"].get<std::string>(), t).second) ++updates;
  });
  EXPECT_EQ(signed_up.size(), 100u);
  EXPECT_GT(updates, 100u);
  std::size_t early = 0, total = 0;
  for_each_event("orders", options, 3000, [&](const nlohmann::json& j, Timestamp t) {
    ++total;
    auto it = signed_up.find(j["user"].get<std::string>());
    ASSERT_NE(it, signed_up.end()) << "an order of a user who never signs up";
    if (t < it->second) ++early;
  });
  EXPECT_GT(early, 0.01 * total);
  EXPECT_LT(early, 0.2 * total);
}

TEST(GeneratorShape, TextRepeatsTheBookInOrderWithSomeNonAsciiLines) {
  std::size_t non_ascii = 0, kafka = 0, n = 0;
  std::vector<std::string> lines;
  for_each_event("text", GeneratorOptions{}, 2000, [&](const nlohmann::json& j, Timestamp) {
    const auto line = j["line"].get<std::string>();
    ++n;
    if (std::any_of(line.begin(), line.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
      ++non_ascii;
      kafka += line.find("Кафк") != std::string::npos || line.find("КАФКА") != std::string::npos;
    } else {
      lines.push_back(line);
    }
  });
  EXPECT_NEAR(static_cast<double>(non_ascii) / n, 0.04, 0.02);
  EXPECT_GT(kafka, 0u);
  EXPECT_EQ(lines.front(), "CHAPTER I");
  EXPECT_EQ(lines[2], "Alice was beginning to get very tired of sitting by her sister");
}

TEST(GeneratorStreaming, WritesAMillionEventsWithoutHoldingThem) {
  // Streams a million sales into a hash: memory stays flat because nothing is kept.
  auto generator = make_generator("sales", GeneratorOptions{});
  Timestamp previous = kMinTimestamp;
  std::size_t bytes = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    bytes += generator->next().size();
    ASSERT_GE(generator->last_time(), previous);
    previous = generator->last_time();
  }
  EXPECT_GT(bytes, 100'000'000u);
}

}  // namespace
}  // namespace streamlab::datasets
