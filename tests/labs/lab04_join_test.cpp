// Lab 04 graded tests, part 2: the stream-table join and revenue per region. Expected values come
// from hand-worked cases and from an as-of-arrival join oracle written here (a map updated in
// arrival order) followed by the window oracle; never from the reference solution.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

#include "join.hpp"
#include "oracle/windows.hpp"
#include "support/harness.hpp"
#include "support/result_diff.hpp"

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

/// order id -> region ("" when unmatched).
using Regions = std::map<std::string, std::string>;

/// One enriched order as a result row: its id, then the region it was enriched with.
labtest::ResultRow region_row(const std::string& order_id, const std::string& region) {
  return {{"order_id", order_id}, {"region", region.empty() ? "(no profile: matched false)" : region}};
}

std::vector<labtest::ResultRow> region_rows(const Regions& regions) {
  std::vector<labtest::ResultRow> out;
  for (const auto& [id, region] : regions) out.push_back(region_row(id, region));
  return out;
}

/// Every record of the enriched topic as a row (an order written twice is two rows).
std::vector<labtest::ResultRow> enriched_rows(const labtest::RunResult& r, const lab04::JoinConfig& c) {
  std::vector<labtest::ResultRow> out;
  for (const auto& j : labtest::json_values(r, c.enriched))
    out.push_back(region_row(j.at("order_id").get<std::string>(),
                             j.at("matched").get<bool>() ? j.at("region").get<std::string>() : ""));
  return out;
}

/// Checks the enriched orders against the expected region of each.
bool expect_enriched(const labtest::RunResult& r, const lab04::JoinConfig& c, const Regions& expected,
                     std::string_view why, std::source_location where = std::source_location::current()) {
  return labtest::expect_same_results(c.enriched, region_rows(expected), enriched_rows(r, c), 1, why, where);
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

/// Panes as result rows keyed by (key, window_start, window_end, pane), times in ISO form.
std::vector<labtest::ResultRow> revenue_rows(const std::vector<oracle::PaneOut<Money>>& panes) {
  std::vector<labtest::ResultRow> out;
  for (const auto& p : panes) {
    const std::int64_t cents = p.value.cents;
    out.push_back({{"key", p.key},
                   {"window_start", labtest::iso(p.start)},
                   {"window_end", labtest::iso(p.end)},
                   {"pane", p.pane},
                   {"revenue", std::to_string(cents / 100) + "." + (cents % 100 < 10 ? "0" : "") +
                                   std::to_string(cents % 100)},
                   {"orders", std::to_string(p.value.orders)},
                   {"count", std::to_string(p.count)}});
  }
  return out;
}

/// Checks the revenue per region against the expected panes.
bool expect_revenue(const labtest::RunResult& r, const lab04::JoinConfig& c,
                    const std::vector<oracle::PaneOut<Money>>& expected, std::string_view why,
                    std::source_location where = std::source_location::current()) {
  return labtest::expect_same_results(c.revenue_per_region, revenue_rows(expected),
                                      revenue_rows(revenue_panes(r, c)), 4, why, where);
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
  expect_enriched(r, c, {{"o-1", "eu-west"}, {"o-2", "us-east"}},
                  "each order takes the profile its user has when the order arrives: o-1 arrives after the "
                  "eu-west profile, o-2 after the us-east one; a profile change never re-emits an earlier "
                  "order");
}

TEST(Lab04Join, InnerJoinDropsAndCountsOrdersWithoutAProfile) {
  const lab04::JoinConfig c;
  const auto r = run(c, arriving_in_this_order({
                            order(c, "o-1", "u-2", 5, "2025-06-22T10:00:00Z"),
                            profile(c, "u-2", "ap-south", "2025-06-22T10:00:30Z"),
                            order(c, "o-2", "u-2", 7, "2025-06-22T10:01:00Z"),
                        }));
  expect_enriched(r, c, {{"o-2", "ap-south"}},
                  "an inner join writes only matched orders: o-1 arrives before u-2 has a profile, and a "
                  "profile that arrives later does not bring it back");
  EXPECT_EQ(r.accounting.join_unmatched, 1) << "o-1, which found no profile, is counted as unmatched";
  EXPECT_TRUE(r.accounting.invariant_holds()) << "every input record is counted once";
}

TEST(Lab04Join, LeftJoinEmitsUnmatchedOrdersWithAnEmptyProfile) {
  lab04::JoinConfig c;
  c.left_join = true;
  const auto r = run(c, arriving_in_this_order({
                            order(c, "o-1", "u-2", 5, "2025-06-22T10:00:00Z"),
                            profile(c, "u-2", "ap-south", "2025-06-22T10:00:30Z"),
                            order(c, "o-2", "u-2", 7, "2025-06-22T10:01:00Z"),
                        }));
  expect_enriched(r, c, {{"o-1", ""}, {"o-2", "ap-south"}},
                  "a left join writes every order: o-1, which arrives before u-2 has a profile, with an "
                  "empty profile (matched false), o-2 with ap-south");
  const std::vector<oracle::PaneOut<Money>> revenue = {
      {"ap-south", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T11:00:00Z"), Money{700, 1}, "ON_TIME", 1},
      {"unknown", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T11:00:00Z"), Money{500, 1}, "ON_TIME", 1},
  };
  expect_revenue(r, c, revenue,
                 "the revenue per region of the enriched orders, hourly: o-2 (7.00) in ap-south, and o-1 "
                 "(5.00), which has no profile, in the region `unknown`");
}

TEST(Lab04Join, DatasetInnerJoinMatchesTheAsOfArrivalOracle) {
  const lab04::JoinConfig c;
  const auto events = dataset_events(c);
  const auto expected = join_oracle(events, c);
  const auto r = run(c, events);
  EXPECT_EQ(expected.unmatched, 55) << "datasets/README.md: 55 orders precede their user's profile";
  EXPECT_EQ(r.accounting.join_unmatched, expected.unmatched)
      << "orders that arrive before their user's profile are counted as unmatched";
  expect_enriched(r, c, expected.regions,
                  "the as-of-arrival oracle: profiles and orders in arrival order, each order enriched with "
                  "the latest profile of its user seen so far; an inner join leaves out orders with none");
  EXPECT_TRUE(r.accounting.invariant_holds()) << "every input record is counted once";
}

TEST(Lab04Join, DatasetRevenuePerRegionMatchesTheWindowOracle) {
  const lab04::JoinConfig c;
  const auto events = dataset_events(c);
  expect_revenue(run(c, events), c, expected_revenue(join_oracle(events, c), c),
                 "the as-of-arrival join oracle, then the window oracle: the enriched orders' amounts per "
                 "region in hourly windows, ON_TIME when the watermark passes a window's end");
}

TEST(Lab04Join, DatasetLeftJoinKeepsEveryOrder) {
  lab04::JoinConfig c;
  c.left_join = true;
  const auto events = dataset_events(c);
  const auto expected = join_oracle(events, c);
  const auto r = run(c, events);
  expect_enriched(r, c, expected.regions,
                  "the as-of-arrival oracle with a left join: every order, those that arrive before their "
                  "user's profile with an empty profile (matched false)");
  EXPECT_EQ(r.accounting.join_unmatched, 0) << "a left join writes unmatched orders instead of counting them";
  expect_revenue(r, c, expected_revenue(expected, c),
                 "the window oracle over every order: those without a profile in the region `unknown`");
}

}  // namespace
