// Lab 04 graded tests, part 2: the stream-table join and revenue per region. Expected values come
// from hand-worked cases and from an as-of-arrival join oracle written here (a map updated in
// arrival order) followed by the window oracle; never from the reference solution.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "join.hpp"
#include "oracle/windows.hpp"
#include "support/harness.hpp"

namespace {

using streamlab::parse_timestamp;
using streamlab::to_millis;

std::int64_t ms(const char* iso) { return to_millis(parse_timestamp(iso)); }

labtest::Event profile(const lab04::JoinConfig& c, const std::string& user, const std::string& region,
                       const char* time) {
  const nlohmann::json v = {
      {"user", user}, {"name", "N " + user}, {"region", region}, {"tier", "gold"}, {"time", time}};
  return labtest::Event{c.profiles, user, v.dump(), parse_timestamp(time), parse_timestamp(time), 0};
}

labtest::Event order(const lab04::JoinConfig& c, const std::string& id, const std::string& user,
                     double amount, const char* time) {
  const nlohmann::json v = {{"order_id", id}, {"user", user}, {"amount", amount}, {"time", time}};
  return labtest::Event{c.orders, user, v.dump(), parse_timestamp(time), parse_timestamp(time), 0};
}

std::vector<labtest::Event> arriving_in_this_order(std::vector<labtest::Event> events) {
  for (std::size_t i = 0; i < events.size(); ++i)
    events[i].arrival = streamlab::from_millis(static_cast<std::int64_t>(i));
  return events;
}

labtest::RunResult run(const lab04::JoinConfig& c, const std::vector<labtest::Event>& events) {
  return labtest::run_topology(lab04::streams_config(c),
                               [&c](streamlab::StreamsBuilder& b) { lab04::build_enrichment(b, c); }, events,
                               {{c.orders, 1}, {c.profiles, 1}});
}

/// order id -> region ("" when unmatched), from the enriched topic.
std::map<std::string, std::string> enriched_regions(const labtest::RunResult& r, const lab04::JoinConfig& c) {
  std::map<std::string, std::string> out;
  for (const auto& j : labtest::json_values(r, c.enriched))
    out[j.at("order_id").get<std::string>()] =
        j.at("matched").get<bool>() ? j.at("region").get<std::string>() : "";
  return out;
}

/// The both datasets, merged into one arrival sequence by event time (profiles first on ties).
std::vector<labtest::Event> dataset_events(const lab04::JoinConfig& c) {
  auto profiles = labtest::in_order_events(c.profiles, "profiles.jsonl", "user");
  auto orders = labtest::in_order_events(c.orders, "orders.jsonl", "user");
  std::vector<labtest::Event> all;
  std::merge(profiles.begin(), profiles.end(), orders.begin(), orders.end(), std::back_inserter(all),
             [](const auto& a, const auto& b) { return a.event_time < b.event_time; });
  return arriving_in_this_order(all);
}

struct JoinOracle {
  std::map<std::string, std::string> regions;  // order id -> region ("" unmatched, left join only)
  std::int64_t unmatched{0};
  std::vector<oracle::WindowInput<std::int64_t>> revenue_inputs;  // key = region, value = cents
};

JoinOracle join_oracle(const std::vector<labtest::Event>& events, const lab04::JoinConfig& c) {
  JoinOracle out;
  std::map<std::string, std::string> table;  // user -> region, as of now
  for (const auto& e : events) {
    const auto j = nlohmann::json::parse(e.value);
    if (e.topic == c.profiles) {
      table[j.at("user")] = j.at("region");
      continue;
    }
    const std::string id = j.at("order_id");
    const auto row = table.find(j.at("user").get<std::string>());
    const auto cents = std::llround(j.at("amount").get<double>() * 100);
    if (row == table.end()) {
      ++out.unmatched;
      if (!c.left_join) continue;
      out.regions[id] = "";
      out.revenue_inputs.push_back({"unknown", to_millis(e.event_time), 0, cents});
    } else {
      out.regions[id] = row->second;
      out.revenue_inputs.push_back({row->second, to_millis(e.event_time), 0, cents});
    }
  }
  return out;
}

struct Money {
  std::int64_t cents{0};
  std::int64_t orders{0};
  friend bool operator==(const Money&, const Money&) = default;
  friend std::ostream& operator<<(std::ostream& os, const Money& m) {
    return os << m.cents << "c/" << m.orders;
  }
};

std::vector<oracle::PaneOut<Money>> revenue_panes(const labtest::RunResult& r, const lab04::JoinConfig& c) {
  std::vector<oracle::PaneOut<Money>> out;
  for (const auto& j : labtest::json_values(r, c.revenue_per_region)) {
    const auto& v = j.at("value");
    out.push_back(
        {j.at("key").get<std::string>(), ms(j.at("window_start").get<std::string>().c_str()),
         ms(j.at("window_end").get<std::string>().c_str()),
         Money{std::llround(v.at("revenue").get<double>() * 100), v.at("orders").get<std::int64_t>()},
         j.at("pane").get<std::string>(), j.at("count").get<std::int64_t>()});
  }
  return oracle::sorted(out);
}

std::vector<oracle::PaneOut<Money>> expected_revenue(const JoinOracle& o, const lab04::JoinConfig& c) {
  const oracle::WindowRules rules{c.window.count(), c.window.count(), c.watermark_delay.count(), 0, 1};
  return oracle::sorted(oracle::run_windows<std::int64_t, Money>(
                            o.revenue_inputs, rules, [] { return Money{}; },
                            [](Money& m, const std::int64_t& cents) {
                              m.cents += cents;
                              ++m.orders;
                            })
                            .panes);
}

TEST(Lab04Join, OrderIsEnrichedWithTheProfileAsOfItsArrival) {
  const lab04::JoinConfig c;
  const auto r = run(c, arriving_in_this_order({
                            profile(c, "u-1", "eu-west", "2025-06-22T10:00:00Z"),
                            order(c, "o-1", "u-1", 10, "2025-06-22T10:01:00Z"),
                            profile(c, "u-1", "us-east", "2025-06-22T10:02:00Z"),
                            order(c, "o-2", "u-1", 20, "2025-06-22T10:03:00Z"),
                        }));
  const std::map<std::string, std::string> expected = {{"o-1", "eu-west"}, {"o-2", "us-east"}};
  EXPECT_EQ(enriched_regions(r, c), expected);
  EXPECT_EQ(r.topics.at(c.enriched).size(), 2u) << "a profile change never re-emits an earlier order";
}

TEST(Lab04Join, InnerJoinDropsAndCountsOrdersWithoutAProfile) {
  const lab04::JoinConfig c;
  const auto r = run(c, arriving_in_this_order({
                            order(c, "o-1", "u-2", 5, "2025-06-22T10:00:00Z"),
                            profile(c, "u-2", "ap-south", "2025-06-22T10:00:30Z"),
                            order(c, "o-2", "u-2", 7, "2025-06-22T10:01:00Z"),
                        }));
  const std::map<std::string, std::string> expected = {{"o-2", "ap-south"}};
  EXPECT_EQ(enriched_regions(r, c), expected);
  EXPECT_EQ(r.accounting.join_unmatched, 1);
  EXPECT_TRUE(r.accounting.invariant_holds());
}

TEST(Lab04Join, LeftJoinEmitsUnmatchedOrdersWithAnEmptyProfile) {
  lab04::JoinConfig c;
  c.left_join = true;
  const auto r = run(c, arriving_in_this_order({
                            order(c, "o-1", "u-2", 5, "2025-06-22T10:00:00Z"),
                            profile(c, "u-2", "ap-south", "2025-06-22T10:00:30Z"),
                            order(c, "o-2", "u-2", 7, "2025-06-22T10:01:00Z"),
                        }));
  const std::map<std::string, std::string> expected = {{"o-1", ""}, {"o-2", "ap-south"}};
  EXPECT_EQ(enriched_regions(r, c), expected);
  const std::vector<oracle::PaneOut<Money>> revenue = {
      {"ap-south", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T11:00:00Z"), Money{700, 1}, "ON_TIME", 1},
      {"unknown", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T11:00:00Z"), Money{500, 1}, "ON_TIME", 1},
  };
  EXPECT_EQ(revenue_panes(r, c), revenue);
}

TEST(Lab04Join, DatasetInnerJoinMatchesTheAsOfArrivalOracle) {
  const lab04::JoinConfig c;
  const auto events = dataset_events(c);
  const auto expected = join_oracle(events, c);
  const auto r = run(c, events);
  EXPECT_EQ(expected.unmatched, 55) << "datasets/README.md: 55 orders precede their user's profile";
  EXPECT_EQ(r.accounting.join_unmatched, expected.unmatched);
  EXPECT_EQ(enriched_regions(r, c), expected.regions);
  EXPECT_TRUE(r.accounting.invariant_holds());
}

TEST(Lab04Join, DatasetRevenuePerRegionMatchesTheWindowOracle) {
  const lab04::JoinConfig c;
  const auto events = dataset_events(c);
  EXPECT_EQ(revenue_panes(run(c, events), c), expected_revenue(join_oracle(events, c), c));
}

TEST(Lab04Join, DatasetLeftJoinKeepsEveryOrder) {
  lab04::JoinConfig c;
  c.left_join = true;
  const auto events = dataset_events(c);
  const auto expected = join_oracle(events, c);
  const auto r = run(c, events);
  EXPECT_EQ(enriched_regions(r, c), expected.regions);
  EXPECT_EQ(r.accounting.join_unmatched, 0);
  EXPECT_EQ(revenue_panes(r, c), expected_revenue(expected, c));
}

}  // namespace
