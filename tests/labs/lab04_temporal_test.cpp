// Lab 04 graded tests, part B: the temporal join of clicks with a versioned profile table. Expected
// values come from hand-worked cases and from the temporal-join oracle written here
// (oracle/temporal_join.hpp), never from the reference solution.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <source_location>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "oracle/temporal_join.hpp"
#include "support/harness.hpp"
#include "support/result_diff.hpp"
#include "temporal.hpp"

// A namespace of its own: the unity build compiles this file with part A's tests.
namespace lab04_part_b {
namespace {

using streamlab::format_timestamp;
using streamlab::from_millis;
using streamlab::parse_timestamp;
using streamlab::to_millis;

labtest::Event profile(const lab04::TemporalConfig& c, const std::string& user, const std::string& tier,
                       const char* time) {
  const nlohmann::json v = {
      {"user", user}, {"name", "N " + user}, {"region", "eu-west"}, {"tier", tier}, {"time", time}};
  return labtest::Event{c.profiles, user, v.dump(), parse_timestamp(time), parse_timestamp(time), 0};
}

labtest::Event click(const lab04::TemporalConfig& c, const std::string& user, const std::string& page,
                     const char* time) {
  const nlohmann::json v = {{"user", user}, {"page", page}, {"time", time}};
  return labtest::Event{c.clicks, user, v.dump(), parse_timestamp(time), parse_timestamp(time), 0};
}

std::vector<labtest::Event> arriving_in_this_order(std::vector<labtest::Event> events) {
  for (std::size_t i = 0; i < events.size(); ++i)
    events[i].arrival = from_millis(static_cast<std::int64_t>(i));
  return events;
}

labtest::RunResult run(const lab04::TemporalConfig& c, const std::vector<labtest::Event>& events) {
  return labtest::run_topology(lab04::streams_config(c),
                               [&c](streamlab::StreamsBuilder& b) { lab04::build_temporal_enrichment(b, c); },
                               events, {{c.clicks, 1}, {c.profiles, 1}});
}

/// One enriched click of the hand-worked cases as a result row: its page, then the tier it took.
labtest::ResultRow tier_row(const std::string& page, const std::string& tier) {
  return {{"page", page}, {"tier", tier.empty() ? "(no profile: matched false)" : tier}};
}

/// Every record of the enriched topic as a page and its tier.
std::vector<labtest::ResultRow> tier_rows(const labtest::RunResult& r, const lab04::TemporalConfig& c) {
  std::vector<labtest::ResultRow> out;
  for (const auto& j : labtest::json_values(r, c.enriched))
    out.push_back(tier_row(j.at("page").get<std::string>(),
                           j.at("matched").get<bool>() ? j.at("tier").get<std::string>() : ""));
  return out;
}

/// Checks the enriched clicks against (page, tier) pairs.
bool expect_tiers(const labtest::RunResult& r, const lab04::TemporalConfig& c,
                  const std::vector<std::pair<std::string, std::string>>& expected, std::string_view why,
                  std::source_location where = std::source_location::current()) {
  std::vector<labtest::ResultRow> rows;
  for (const auto& [page, tier] : expected) rows.push_back(tier_row(page, tier));
  return labtest::expect_same_results(c.enriched, rows, tier_rows(r, c), 1, why, where);
}

// The hand-worked clickstream: the silver profile (10:03) arrives after the click at 10:05 that
// it applies to.
std::vector<labtest::Event> late_silver(const lab04::TemporalConfig& c) {
  return arriving_in_this_order(
      {profile(c, "u1", "gold", "2025-06-22T10:00:00Z"), click(c, "u1", "/a", "2025-06-22T10:05:00Z"),
       profile(c, "u1", "silver", "2025-06-22T10:03:00Z"), profile(c, "u1", "plat", "2025-06-22T10:20:00Z"),
       click(c, "u1", "/b", "2025-06-22T10:30:00Z")});
}

TEST(Lab04Temporal, LateProfileStillEnrichesTheClickAtItsEventTime) {
  // Watermark = min(clicks, profiles) - 10 s. After the plat profile it is min(10:04:50,
  // 10:19:50) = 10:04:50: /a (10:05) still waits. /b moves it to 10:19:50 > 10:05: /a leaves
  // with the version valid at 10:05, silver (10:03), not gold. /b leaves at the end with plat.
  const lab04::TemporalConfig c;  // left join, grace 5 min
  const auto r = run(c, late_silver(c));
  if (!expect_tiers(r, c, {{"/a", "silver"}, {"/b", "plat"}},
                    "/a (10:05) waits, within the 5 min grace, for the silver profile (10:03) that arrives "
                    "after it, and takes the version valid at 10:05: silver, not gold; /b (10:30) takes plat "
                    "(10:20)"))
    return;
  const auto values = labtest::json_values(r, c.enriched);
  EXPECT_EQ(values[0].at("profile_time"), "2025-06-22T10:03:00Z")
      << "/a leaves first, with the silver profile's time: " << values[0].dump();
  EXPECT_TRUE(r.accounting.invariant_holds()) << "every input record is counted once";
}

TEST(Lab04Temporal, WithoutGraceAClickTakesTheVersionsKnownOnArrival) {
  // Grace 0: a click leaves as soon as it arrives (its time is <= the largest click time), so /a
  // only sees gold: no latency, but the late silver profile is missed.
  lab04::TemporalConfig c;
  c.grace = streamlab::Duration{0};
  const auto r = run(c, late_silver(c));
  expect_tiers(r, c, {{"/a", "gold"}, {"/b", "plat"}},
               "without grace a click leaves as soon as it arrives, with the versions known then: /a "
               "(10:05) sees only gold, the silver profile arrives after it");
}

TEST(Lab04Temporal, InnerJoinDropsAndCountsClicksWithoutAProfile) {
  lab04::TemporalConfig c;
  c.left_join = false;
  c.grace = streamlab::Duration{0};
  const auto r = run(c, arriving_in_this_order({profile(c, "u1", "gold", "2025-06-22T10:00:00Z"),
                                                click(c, "u9", "/x", "2025-06-22T10:01:00Z"),
                                                click(c, "u1", "/a", "2025-06-22T10:02:00Z")}));
  expect_tiers(r, c, {{"/a", "gold"}},
               "an inner join writes only matched clicks: u9 has no profile, so /x is left out");
  EXPECT_EQ(r.accounting.join_unmatched, 1) << "the click of u9, who has no profile, must be counted";
  EXPECT_TRUE(r.accounting.invariant_holds()) << "every input record is counted once";
}

// clicks.jsonl in order, and profile-updates.jsonl under the `late-profiles` scenario (a third of
// the updates held back 2 to 5 minutes), merged by arrival time.
std::vector<labtest::Event> dataset_events(const lab04::TemporalConfig& c) {
  auto clicks = labtest::in_order_events(c.clicks, "clicks.jsonl", "user");
  std::int32_t partitions = 1;
  auto profiles =
      labtest::scenario_events(c.profiles, "profile-updates.jsonl", "late-profiles", partitions, "user");
  // The scenario's processing time 0 is the dataset's earliest event time.
  streamlab::Timestamp t0 = streamlab::kMaxTimestamp;
  for (const auto& p : profiles) t0 = std::min(t0, p.event_time);
  for (auto& p : profiles) p.arrival = t0 + (p.arrival - streamlab::Timestamp{});
  std::stable_sort(profiles.begin(), profiles.end(),
                   [](const auto& a, const auto& b) { return a.arrival < b.arrival; });
  std::vector<labtest::Event> all;
  std::merge(profiles.begin(), profiles.end(), clicks.begin(), clicks.end(), std::back_inserter(all),
             [](const auto& a, const auto& b) { return a.arrival < b.arrival; });
  return all;
}

oracle::TemporalOutput expected(const lab04::TemporalConfig& c, const std::vector<labtest::Event>& events) {
  std::vector<oracle::TemporalInput> in;
  for (const auto& e : events) {
    const auto j = nlohmann::json::parse(e.value);
    const bool is_click = e.topic == c.clicks;
    in.push_back({is_click, j.at("user").get<std::string>(), to_millis(e.event_time),
                  j.at(is_click ? "page" : "tier").get<std::string>()});
  }
  return oracle::temporal_join(in, c.watermark_delay.count(), c.grace.count(), c.history.count(),
                               c.left_join);
}

std::vector<oracle::TemporalRow> actual_rows(const labtest::RunResult& r, const lab04::TemporalConfig& c) {
  std::vector<oracle::TemporalRow> out;
  for (const auto& j : labtest::json_values(r, c.enriched)) {
    const bool matched = j.at("matched").get<bool>();
    out.emplace_back(j.at("user").get<std::string>(),
                     to_millis(parse_timestamp(j.at("time").get<std::string>())),
                     j.at("page").get<std::string>(), matched, j.at("tier").get<std::string>(),
                     matched ? to_millis(parse_timestamp(j.at("profile_time").get<std::string>())) : 0);
  }
  return out;
}

/// An enriched click as a result row keyed by (user, time, page), times in ISO form.
std::vector<labtest::ResultRow> result_rows(const std::vector<oracle::TemporalRow>& rows) {
  std::vector<labtest::ResultRow> out;
  for (const auto& r : rows) {
    out.push_back({{"user", std::get<0>(r)},
                   {"time", format_timestamp(from_millis(std::get<1>(r)))},
                   {"page", std::get<2>(r)},
                   {"matched", std::get<3>(r) ? "true" : "false"},
                   {"tier", std::get<4>(r)},
                   {"profile_time", std::get<3>(r) ? format_timestamp(from_millis(std::get<5>(r))) : "-"}});
  }
  return out;
}

/// Checks the enriched clicks against the oracle's: the same rows, then in the same order.
void expect_rows(const std::vector<oracle::TemporalRow>& want, const std::vector<oracle::TemporalRow>& got,
                 const lab04::TemporalConfig& c, std::string_view why,
                 std::source_location where = std::source_location::current()) {
  if (!labtest::expect_same_results(c.enriched, result_rows(want), result_rows(got), 3, why, where)) return;
  EXPECT_TRUE(got == want) << "the right rows in another order: clicks are released in (time, arrival) "
                              "order, the clicks a watermark move releases after those it released before";
}

constexpr std::string_view kOracle =
    "the temporal-join oracle: each click waits until the watermark (min over clicks and profiles - 10s) "
    "passes its time, or until the largest click time is its time plus the grace, then is joined with "
    "the version of its user valid at its time (the latest with time <= the click's); a left join "
    "writes unmatched clicks with matched false";

TEST(Lab04Temporal, DatasetWithDelayedProfilesMatchesTheTemporalOracle) {
  const lab04::TemporalConfig c;
  const auto events = dataset_events(c);
  const auto want = expected(c, events);
  const auto r = run(c, events);
  expect_rows(want.rows, actual_rows(r, c), c, kOracle);
  EXPECT_EQ(r.accounting.late_output, want.late)
      << "clicks (and profile updates) behind the history horizon on arrival go to the late output";
  EXPECT_TRUE(r.accounting.invariant_holds()) << "every input record is counted once";
}

TEST(Lab04Temporal, DatasetGraceTradesLatencyForMatches) {
  // The same stream without grace: every click leaves on arrival, and clicks whose profile
  // version arrives late get an older version. Both runs must match the oracle, and the grace
  // must give more clicks the version valid at their time (as if every update were on time).
  lab04::TemporalConfig with_grace;
  lab04::TemporalConfig no_grace;
  no_grace.grace = streamlab::Duration{0};
  const auto events = dataset_events(with_grace);
  const auto r0 = run(no_grace, events);
  const auto want0 = expected(no_grace, events);
  const auto got0 = actual_rows(r0, no_grace);
  expect_rows(want0.rows, got0, no_grace, kOracle);
  // The version valid at each click's time with every update known: the truth.
  std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> versions;
  for (const auto& e : events) {
    if (e.topic != with_grace.profiles) continue;
    const auto j = nlohmann::json::parse(e.value);
    versions[j.at("user").get<std::string>()].emplace_back(to_millis(e.event_time),
                                                           j.at("tier").get<std::string>());
  }
  for (auto& [user, v] : versions) std::sort(v.begin(), v.end());
  const auto correct = [&versions](const std::vector<oracle::TemporalRow>& rows) {
    int n = 0;
    for (const auto& r : rows) {
      const auto& v = versions[std::get<0>(r)];
      std::string truth;
      for (const auto& [t, tier] : v)
        if (t <= std::get<1>(r)) truth = tier;
      n += (std::get<3>(r) && std::get<4>(r) == truth) ? 1 : 0;
    }
    return n;
  };
  const auto got5 = actual_rows(run(with_grace, events), with_grace);
  EXPECT_GT(correct(got5), correct(got0)) << "a 5 min grace should enrich more clicks with the right profile";
}

}  // namespace
}  // namespace lab04_part_b
