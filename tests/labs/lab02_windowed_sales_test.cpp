// Lab 02 graded tests: windowed revenue on event time with a watermark delay, allowed lateness and
// the late output. Expected panes come from hand-worked cases and from the window oracle
// (oracle/windows.hpp) run over the same arrival sequence; never from the reference solution.
#include <gtest/gtest.h>

#include <cmath>
#include <source_location>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "oracle/windows.hpp"
#include "sales.hpp"
#include "support/harness.hpp"
#include "support/result_diff.hpp"

namespace {

using streamlab::parse_timestamp;
using streamlab::to_millis;

const lab02::SalesConfig kConfig{};

/// Revenue in whole cents, so that sums compare exactly.
struct Money {
  std::int64_t cents{0};
  std::int64_t orders{0};
  friend bool operator==(const Money&, const Money&) = default;
  friend std::ostream& operator<<(std::ostream& os, const Money& m) {
    return os << m.cents / 100 << "." << (m.cents % 100 < 10 ? "0" : "") << m.cents % 100 << "/" << m.orders;
  }
};

using Panes = std::vector<oracle::PaneOut<Money>>;

std::int64_t ms(const char* iso) { return to_millis(parse_timestamp(iso)); }

labtest::Event sale(const std::string& store, const std::string& category, double amount, const char* time,
                    std::int32_t partition = 0) {
  static int next_id = 0;
  const nlohmann::json v = {{"order_id", "o-" + std::to_string(++next_id)},
                            {"store", store},
                            {"category", category},
                            {"amount", amount},
                            {"time", time}};
  return labtest::Event{kConfig.sales,         std::nullopt,          v.dump(),
                        parse_timestamp(time), parse_timestamp(time), partition};
}

/// Arrivals in the order given, each one millisecond after the previous (processing time).
std::vector<labtest::Event> arriving_in_this_order(std::vector<labtest::Event> events) {
  for (std::size_t i = 0; i < events.size(); ++i)
    events[i].arrival = streamlab::from_millis(static_cast<std::int64_t>(i));
  return events;
}

labtest::RunResult run(const std::vector<labtest::Event>& events, std::int32_t partitions = 1) {
  return labtest::run_topology(lab02::streams_config(kConfig),
                               [](streamlab::StreamsBuilder& b) { lab02::build_windowed_sales(b, kConfig); },
                               events, {{kConfig.sales, partitions}});
}

Panes panes_of(const labtest::RunResult& r, const std::string& topic) {
  Panes out;
  for (const auto& j : labtest::json_values(r, topic)) {
    const auto& v = j.at("value");
    out.push_back(
        {j.at("key").get<std::string>(), to_millis(parse_timestamp(j.at("window_start").get<std::string>())),
         to_millis(parse_timestamp(j.at("window_end").get<std::string>())),
         Money{std::llround(v.at("revenue").get<double>() * 100), v.at("orders").get<std::int64_t>()},
         j.at("pane").get<std::string>(), j.at("count").get<std::int64_t>()});
  }
  return oracle::sorted(out);
}

/// Panes as result rows keyed by (key, window_start, window_end, pane), times in ISO form.
std::vector<labtest::ResultRow> rows(const Panes& panes) {
  std::vector<labtest::ResultRow> out;
  for (const auto& p : panes) {
    std::ostringstream revenue;
    revenue << p.value.cents / 100 << '.' << (p.value.cents % 100 < 10 ? "0" : "") << p.value.cents % 100;
    out.push_back({{"key", p.key},
                   {"window_start", labtest::iso(p.start)},
                   {"window_end", labtest::iso(p.end)},
                   {"pane", p.pane},
                   {"revenue", revenue.str()},
                   {"orders", std::to_string(p.value.orders)},
                   {"count", std::to_string(p.count)}});
  }
  return out;
}

/// Checks the panes written to `topic` against the expected ones.
bool expect_panes(const std::string& topic, const Panes& expected, const labtest::RunResult& r,
                  std::string_view why, std::source_location where = std::source_location::current()) {
  return labtest::expect_same_results(topic, rows(expected), rows(panes_of(r, topic)), 4, why, where);
}

struct Expected {
  Panes panes;
  std::size_t late;  // elements dropped from every window
};

Expected oracle_panes(const std::vector<labtest::Event>& events, std::int32_t partitions,
                      const std::string& field, std::int64_t size, std::int64_t advance) {
  std::vector<oracle::WindowInput<std::int64_t>> inputs;
  for (const auto& e : events) {
    const auto j = nlohmann::json::parse(e.value);
    inputs.push_back({j.at(field).get<std::string>(), to_millis(e.event_time), e.partition,
                      std::llround(j.at("amount").get<double>() * 100)});
  }
  const oracle::WindowRules rules{size, advance, kConfig.watermark_delay.count(),
                                  kConfig.allowed_lateness.count(), partitions};
  auto run = oracle::run_windows<std::int64_t, Money>(
      inputs, rules, [] { return Money{}; },
      [](Money& m, const std::int64_t& cents) {
        m.cents += cents;
        ++m.orders;
      });
  return Expected{oracle::sorted(run.panes), run.late.size()};
}

void expect_matches_oracle(const std::vector<labtest::Event>& events, std::int32_t partitions) {
  const auto r = run(events, partitions);
  const auto category = oracle_panes(events, partitions, "category", kConfig.category_window.count(),
                                     kConfig.category_window.count());
  const auto store =
      oracle_panes(events, partitions, "store", kConfig.store_window.count(), kConfig.store_advance.count());
  const char* why =
      "the window oracle: each sale, in arrival order, added to every window [k*advance, k*advance + size) "
      "holding its event time unless that window was freed (W >= end + 2m); W = max time seen - 30s per "
      "partition, the minimum over partitions; ON_TIME when W >= end, LATE when a kept window changes";
  expect_panes(kConfig.revenue_per_category, category.panes, r, why);
  expect_panes(kConfig.revenue_per_store, store.panes, r, why);
  EXPECT_EQ(r.accounting.dropped_late, static_cast<std::int64_t>(category.late + store.late))
      << "every sale too late for all its windows goes to the late output (counted once per aggregation)";
  EXPECT_TRUE(r.accounting.invariant_holds())
      << "every input record is counted once: in, late or dead letter";
}

TEST(Lab02WindowedSales, TumblingWindowFiresOnceTheWatermarkPassesItsEnd) {
  // Watermark = max event time - 30s. The 10:05:40 sale moves it to 10:05:10 >= 10:05.
  const auto r = run(arriving_in_this_order({sale("s1", "books", 10.00, "2025-06-22T10:01:00Z"),
                                             sale("s1", "books", 5.00, "2025-06-22T10:04:00Z"),
                                             sale("s1", "toys", 1.00, "2025-06-22T10:05:40Z")}));
  const Panes expected = {
      {"books", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T10:05:00Z"), Money{1500, 2}, "ON_TIME", 2},
      {"toys", ms("2025-06-22T10:05:00Z"), ms("2025-06-22T10:10:00Z"), Money{100, 1}, "ON_TIME", 1},
  };
  expect_panes(kConfig.revenue_per_category, expected, r,
               "the 10:05:40 sale moves W to 10:05:10 >= 10:05: books [10:00, 10:05) fires with 10 + 5; toys "
               "[10:05, 10:10) fires at the end of the input");
}

TEST(Lab02WindowedSales, LateSaleWithinAllowedLatenessEmitsALatePane) {
  const auto r = run(arriving_in_this_order({
      sale("s1", "books", 10.00, "2025-06-22T10:01:00Z"), sale("s1", "books", 5.00, "2025-06-22T10:04:00Z"),
      sale("s1", "toys", 1.00, "2025-06-22T10:05:40Z"),   // W = 10:05:10: books [10:00,10:05) fires
      sale("s1", "books", 2.50, "2025-06-22T10:03:00Z"),  // late, kept until W >= 10:07: LATE pane
  }));
  const Panes expected = {
      // Sorted by (key, window, pane name): LATE sorts before ON_TIME; it was emitted after it.
      {"books", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T10:05:00Z"), Money{1750, 3}, "LATE", 3},
      {"books", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T10:05:00Z"), Money{1500, 2}, "ON_TIME", 2},
      {"toys", ms("2025-06-22T10:05:00Z"), ms("2025-06-22T10:10:00Z"), Money{100, 1}, "ON_TIME", 1},
  };
  expect_panes(kConfig.revenue_per_category, expected, r,
               "books [10:00, 10:05) fires ON_TIME at W = 10:05:10 with 15.00; the 10:03 sale arrives behind "
               "the watermark but within the allowed lateness (kept until W >= 10:07), so the window is "
               "emitted again, LATE, with the full 17.50 and 3 orders");
  EXPECT_EQ(r.accounting.dropped_late, 0) << "the late sale was accepted, not dropped";
}

TEST(Lab02WindowedSales, SalePastAllowedLatenessGoesToTheLateOutput) {
  const auto r = run(arriving_in_this_order({
      sale("s1", "books", 10.00, "2025-06-22T10:01:00Z"),
      sale("s2", "toys", 3.00, "2025-06-22T10:08:00Z"),   // W = 10:07:30 >= 10:05 + 2m: freed
      sale("s1", "books", 4.00, "2025-06-22T10:02:00Z"),  // too late for [10:00,10:05)
  }));
  const Panes expected = {
      {"books", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T10:05:00Z"), Money{1000, 1}, "ON_TIME", 1},
      {"toys", ms("2025-06-22T10:05:00Z"), ms("2025-06-22T10:10:00Z"), Money{300, 1}, "ON_TIME", 1},
  };
  expect_panes(
      kConfig.revenue_per_category, expected, r,
      "the 10:08 sale moves W to 10:07:30 >= 10:05 + 2m: books [10:00, 10:05) fired and was freed, so "
      "the 10:02 sale cannot change it");
  // Its store windows are [09:55,10:05), freed too, and [10:00,10:10), still open: the store
  // aggregation takes it, so only the category aggregation sends it to the late output.
  ASSERT_EQ(r.accounting.late_log.size(), 1u) << "the 10:02 books sale, in the late output once";
  for (const auto& late : r.accounting.late_log) {
    EXPECT_EQ(late.timestamp, parse_timestamp("2025-06-22T10:02:00Z"));
    EXPECT_EQ(late.watermark, parse_timestamp("2025-06-22T10:07:30Z"));
  }
  EXPECT_TRUE(r.accounting.invariant_holds());
}

TEST(Lab02WindowedSales, HoppingWindowsCountEachSaleInTwoWindows) {
  const auto r = run(arriving_in_this_order({sale("s1", "books", 10.00, "2025-06-22T10:01:00Z"),
                                             sale("s1", "books", 20.00, "2025-06-22T10:06:00Z"),
                                             sale("s1", "books", 5.00, "2025-06-22T10:12:00Z")}));
  const Panes expected = {
      {"s1", ms("2025-06-22T09:55:00Z"), ms("2025-06-22T10:05:00Z"), Money{1000, 1}, "ON_TIME", 1},
      {"s1", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T10:10:00Z"), Money{3000, 2}, "ON_TIME", 2},
      {"s1", ms("2025-06-22T10:05:00Z"), ms("2025-06-22T10:15:00Z"), Money{2500, 2}, "ON_TIME", 2},
      {"s1", ms("2025-06-22T10:10:00Z"), ms("2025-06-22T10:20:00Z"), Money{500, 1}, "ON_TIME", 1},
  };
  expect_panes(kConfig.revenue_per_store, expected, r,
               "10-minute windows every 5 minutes: the 10:01 sale is in [09:55, 10:05) and [10:00, 10:10), "
               "10:06 in [10:00, 10:10) and [10:05, 10:15), 10:12 in [10:05, 10:15) and [10:10, 10:20)");
}

TEST(Lab02WindowedSales, ResultsDependOnEventTimeNotOnArrivalTime) {
  // The same three sales arriving in two orders, within the watermark delay: same results.
  const auto a = run(arriving_in_this_order({sale("s1", "books", 1.00, "2025-06-22T10:04:50Z"),
                                             sale("s1", "books", 2.00, "2025-06-22T10:05:10Z"),
                                             sale("s1", "toys", 4.00, "2025-06-22T10:20:00Z")}));
  const auto b = run(arriving_in_this_order({sale("s1", "books", 2.00, "2025-06-22T10:05:10Z"),
                                             sale("s1", "books", 1.00, "2025-06-22T10:04:50Z"),
                                             sale("s1", "toys", 4.00, "2025-06-22T10:20:00Z")}));
  const Panes expected = {
      {"books", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T10:05:00Z"), Money{100, 1}, "ON_TIME", 1},
      {"books", ms("2025-06-22T10:05:00Z"), ms("2025-06-22T10:10:00Z"), Money{200, 1}, "ON_TIME", 1},
      {"toys", ms("2025-06-22T10:20:00Z"), ms("2025-06-22T10:25:00Z"), Money{400, 1}, "ON_TIME", 1},
  };
  expect_panes(kConfig.revenue_per_category, expected, a,
               "10:04:50 is in [10:00, 10:05), 10:05:10 in [10:05, 10:10)");
  expect_panes(kConfig.revenue_per_category, expected, b,
               "the same sales in another order, within the 30s watermark delay: windows are chosen by the "
               "sale's time, not by when it arrived");
}

TEST(Lab02WindowedSales, DatasetInOrderMatchesTheWindowOracle) {
  expect_matches_oracle(labtest::in_order_events(kConfig.sales, "sales.jsonl"), 1);
}

TEST(Lab02WindowedSales, DatasetUnderJitterMatchesTheWindowOracle) {
  std::int32_t partitions = 1;
  const auto events = labtest::scenario_events(kConfig.sales, "sales.jsonl", "jitter", partitions);
  expect_matches_oracle(events, partitions);
}

TEST(Lab02WindowedSales, DatasetWithLateArrivalsMatchesTheWindowOracle) {
  std::int32_t partitions = 1;
  const auto events = labtest::scenario_events(kConfig.sales, "sales.jsonl", "late-arrivals", partitions);
  expect_matches_oracle(events, partitions);
}

}  // namespace
