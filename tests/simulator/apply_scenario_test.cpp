// Applying a scenario: a golden sequence worked out from the pinned PRNG by an independent Python
// transcription of the documented rules, byte-identical determinism, and the export format.
#include "streamlab/sim/apply_scenario.hpp"
#include "streamlab/sim/replay_export.hpp"
#include "streamlab/sim/shipped_scenarios.hpp"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

namespace streamlab::sim {
namespace {

Record event(std::optional<std::string> key, std::int64_t t_ms) {
  const std::string k = key ? "\"" + *key + "\"" : "null";
  return Record{key, "{\"k\": " + k + ", \"t\": " + std::to_string(t_ms) + "}", from_millis(t_ms), {}};
}

// Six events one second apart; with 2 partitions Kafka puts alice on 1, bob and carol on 0,
// and the one null key goes round-robin to partition 0.
std::vector<Record> golden_events() {
  return {event("alice", 0),         event("bob", 1000),   event("carol", 2000),
          event(std::nullopt, 3000), event("alice", 4000), event("bob", 5000)};
}

Scenario golden_scenario() {
  Scenario s;
  s.seed = 42;
  s.partitions = 2;
  s.delay = DelaySpec{DelayDistribution::Uniform, Duration{0}, Duration{3000}, Duration{0}};
  s.watermark_delay = Duration{1000};
  s.late = LateSpec{0.5, Duration{0}, Duration{1000}};
  s.duplicates = DuplicateSpec{0.2, Duration{500}};
  s.skew = {SkewSpec{1, Duration{200}}};
  return s;
}

TEST(ApplyScenario, GoldenSequenceForSeed42MatchesTheHandWorkedOrder) {
  // From the Python transcription (SplitMix64(42) split into delay, late and duplicate streams):
  //   i  t     p  random  late  drawn  arrival          dup
  //   0  0     1  1030    no    1030   0+200+1030=1230  yes (copy 1730)
  //   1  1000  0  2868    yes   1507   2507             no
  //   2  2000  0  1459    no    1459   3459             no
  //   3  3000  0  202     no    202    3202             yes (copy 3702)
  //   4  4000  1  2031    yes   1777   4000+200+1777    no
  //   5  5000  0  202     yes   1677   6677             yes (copy 7177)
  struct Want {
    std::int64_t at;
    std::size_t index;
    int copy;
    int partition;
    bool late;
  };
  const std::vector<Want> want{{1230, 0, 0, 1, false}, {1730, 0, 1, 1, false}, {2507, 1, 0, 0, true},
                               {3202, 3, 0, 0, false}, {3459, 2, 0, 0, false}, {3702, 3, 1, 0, false},
                               {5977, 4, 0, 1, true},  {6677, 5, 0, 0, true},  {7177, 5, 1, 0, true}};
  const auto events = golden_events();
  const auto seq = apply_scenario(events, golden_scenario());
  ASSERT_EQ(seq.arrivals.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const Arrival& a = seq.arrivals[i];
    EXPECT_EQ(to_millis(a.processing_time), want[i].at) << "arrival " << i;
    EXPECT_EQ(a.index, want[i].index) << "arrival " << i;
    EXPECT_EQ(a.copy, want[i].copy) << "arrival " << i;
    EXPECT_EQ(a.duplicate, want[i].copy == 1) << "arrival " << i;
    EXPECT_EQ(a.partition, want[i].partition) << "arrival " << i;
    EXPECT_EQ(a.late_injected, want[i].late) << "arrival " << i;
    EXPECT_EQ(a.record, events[want[i].index]) << "arrival " << i;
  }
  EXPECT_EQ(seq.stats.events, 6u);
  EXPECT_EQ(seq.stats.duplicates, 3u);
  EXPECT_EQ(seq.stats.late_injected, 3u);
  EXPECT_EQ(seq.stats.arrivals, 9u);
}

TEST(ApplyScenario, GoldenExportHasAdvanceLinesBetweenUnmodifiedDataLines) {
  const auto seq = apply_scenario(golden_events(), golden_scenario());
  // Gaps between the hand-worked arrival times: 1230, 500, 777, 695, 257, 243, 2275, 700, 500 ms.
  const std::string want =
      "{\"$advance\": \"1s230ms\"}\n{\"k\": \"alice\", \"t\": 0}\n"
      "{\"$advance\": \"500ms\"}\n{\"k\": \"alice\", \"t\": 0}\n"
      "{\"$advance\": \"777ms\"}\n{\"k\": \"bob\", \"t\": 1000}\n"
      "{\"$advance\": \"695ms\"}\n{\"k\": null, \"t\": 3000}\n"
      "{\"$advance\": \"257ms\"}\n{\"k\": \"carol\", \"t\": 2000}\n"
      "{\"$advance\": \"243ms\"}\n{\"k\": null, \"t\": 3000}\n"
      "{\"$advance\": \"2s275ms\"}\n{\"k\": \"alice\", \"t\": 4000}\n"
      "{\"$advance\": \"700ms\"}\n{\"k\": \"bob\", \"t\": 5000}\n"
      "{\"$advance\": \"500ms\"}\n{\"k\": \"bob\", \"t\": 5000}\n";
  EXPECT_EQ(arrivals_to_jsonl(seq), want);
}

TEST(ApplyScenario, ExportWritesAWatermarkLineEachTimeTheBoundedWatermarkRises) {
  // In order, one partition, no delay: arrivals at 0, 1s, 2s; watermark = max - 1s.
  Scenario s;
  s.watermark_delay = Duration{1000};
  const std::vector<Record> events{event("a", 5000), event("a", 6000), event("a", 5500)};
  const auto seq = apply_scenario(events, s);
  ExportOptions options;
  options.watermarks = true;
  EXPECT_EQ(arrivals_to_jsonl(seq, options),
            "{\"k\": \"a\", \"t\": 5000}\n{\"$watermark\": \"1970-01-01T00:00:04Z\"}\n"
            "{\"$advance\": \"500ms\"}\n{\"k\": \"a\", \"t\": 5500}\n"
            "{\"$watermark\": \"1970-01-01T00:00:04.500Z\"}\n"
            "{\"$advance\": \"500ms\"}\n{\"k\": \"a\", \"t\": 6000}\n"
            "{\"$watermark\": \"1970-01-01T00:00:05Z\"}\n");
}

std::vector<Record> many_events(std::size_t n) {
  std::vector<Record> out;
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(event("user-" + std::to_string(i % 17), static_cast<std::int64_t>(i) * 250));
  return out;
}

TEST(ApplyScenario, SameInputsAndSeedGiveByteIdenticalArrivalsAndExport) {
  const auto events = many_events(500);
  const auto scenario = *find_shipped_scenario("classroom-demo");
  const auto a = apply_scenario(events, scenario);
  const auto b = apply_scenario(events, scenario);
  ASSERT_EQ(a.arrivals.size(), b.arrivals.size());
  for (std::size_t i = 0; i < a.arrivals.size(); ++i) {
    EXPECT_EQ(a.arrivals[i].processing_time, b.arrivals[i].processing_time);
    EXPECT_EQ(a.arrivals[i].index, b.arrivals[i].index);
    EXPECT_EQ(a.arrivals[i].copy, b.arrivals[i].copy);
  }
  ExportOptions options;
  options.watermarks = true;
  EXPECT_EQ(arrivals_to_jsonl(a, options), arrivals_to_jsonl(b, options));
}

TEST(ApplyScenario, AnotherSeedGivesAnotherOrder) {
  const auto events = many_events(500);
  const auto scenario = *find_shipped_scenario("jitter");
  const auto a = apply_scenario(events, scenario, 1);
  const auto b = apply_scenario(events, scenario, 2);
  EXPECT_EQ(a.seed, 1u);
  EXPECT_EQ(b.seed, 2u);
  std::vector<std::size_t> order_a, order_b;
  for (const auto& x : a.arrivals) order_a.push_back(x.index);
  for (const auto& x : b.arrivals) order_b.push_back(x.index);
  EXPECT_NE(order_a, order_b);
  EXPECT_NE(arrivals_to_jsonl(a), arrivals_to_jsonl(b));
}

TEST(ApplyScenario, InOrderScenarioDeliversInEventTimeOrderAtEventTimeOffsets) {
  const std::vector<Record> events{event("a", 10'000), event("b", 12'000), event("c", 11'000)};
  const auto seq = apply_scenario(events, *find_shipped_scenario("in-order"));
  ASSERT_EQ(seq.arrivals.size(), 3u);
  EXPECT_EQ(seq.first_event_time, from_millis(10'000));
  EXPECT_EQ(seq.arrivals[0].index, 0u);
  EXPECT_EQ(seq.arrivals[1].index, 2u);
  EXPECT_EQ(seq.arrivals[2].index, 1u);
  EXPECT_EQ(to_millis(seq.arrivals[1].processing_time), 1000);
  EXPECT_EQ(to_millis(seq.arrivals[2].processing_time), 2000);
}

TEST(ApplyScenario, TiesInArrivalTimeKeepDatasetOrder) {
  const std::vector<Record> events{event("x", 0), event("y", 0), event("z", 0)};
  const auto seq = apply_scenario(events, Scenario{});
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(seq.arrivals[i].index, i);
}

TEST(ApplyScenario, EmptyDatasetGivesNoArrivals) {
  const auto seq = apply_scenario({}, *find_shipped_scenario("classroom-demo"));
  EXPECT_TRUE(seq.arrivals.empty());
  EXPECT_EQ(arrivals_to_jsonl(seq), "");
}

}  // namespace
}  // namespace streamlab::sim
