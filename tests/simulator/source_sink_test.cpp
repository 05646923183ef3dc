// The framework-facing adapters: SimulatorSource delivers the log in append order with the right
// processing times, commits and restarts; SimulatorSink appends at the virtual time; produced
// arrivals replay to the same JSONL they were exported as.
#include "streamlab/sim/apply_scenario.hpp"
#include "streamlab/sim/produce.hpp"
#include "streamlab/sim/replay_export.hpp"
#include "streamlab/sim/shipped_scenarios.hpp"
#include "streamlab/sim/simulator_sink.hpp"
#include "streamlab/sim/simulator_source.hpp"

#include <gtest/gtest.h>

#include "sim_test_records.hpp"

#include <sstream>

namespace streamlab::sim {
namespace {

using test::rec;

// Two partitions; appends (partition, value, append time ms): (0,a,0) (1,b,10) (0,c,10) (1,d,30).
Log small_log() {
  Log log;
  log.create_topic("in", 2);
  log.append(TopicPartition{"in", 0}, rec(std::nullopt, "a", 100), from_millis(0));
  log.append(TopicPartition{"in", 1}, rec(std::nullopt, "b", 200), from_millis(10));
  log.append(TopicPartition{"in", 0}, rec(std::nullopt, "c", 300), from_millis(10));
  log.append(TopicPartition{"in", 1}, rec(std::nullopt, "d", 400), from_millis(30));
  return log;
}

std::vector<std::pair<std::int64_t, std::string>> drain(SimulatorSource& source,
                                                        Duration max_wait = Duration{0}) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  while (auto e = source.next(max_wait)) {
    std::string what;
    if (auto* r = std::get_if<ConsumedRecord>(&e->payload))
      what = r->record.value;
    else if (auto* w = std::get_if<WatermarkMark>(&e->payload))
      what = "W" + std::to_string(to_millis(w->watermark));
    else if (std::holds_alternative<ClockTick>(e->payload))
      what = "tick";
    else
      what = "assign";
    out.emplace_back(to_millis(e->processing_time), what);
  }
  return out;
}

using Events = std::vector<std::pair<std::int64_t, std::string>>;

TEST(SimulatorSource, DeliversAssignmentThenRecordsInAppendOrderAtTheirAppendTimes) {
  Log log = small_log();
  SimulatorSource source(log, SimulatorSourceOptions{{"in"}, "", 0, 1, StartFrom::Beginning, {}, true});
  auto first = source.next(Duration{0});
  ASSERT_TRUE(first.has_value());
  const auto* assignment = std::get_if<AssignmentChange>(&first->payload);
  ASSERT_NE(assignment, nullptr);
  EXPECT_EQ(assignment->assigned, (std::vector<TopicPartition>{{"in", 0}, {"in", 1}}));
  EXPECT_EQ(drain(source), (Events{{0, "a"}, {10, "b"}, {10, "c"}, {30, "d"}}));
  EXPECT_FALSE(source.next(Duration{0}).has_value());
}

TEST(SimulatorSource, EmitsClockTicksAcrossGapsLongerThanMaxWait) {
  Log log = small_log();
  SimulatorSource source(log, SimulatorSourceOptions{{"in"}, "", 0, 1, StartFrom::Beginning, {}, true});
  EXPECT_EQ(drain(source, Duration{8}), (Events{{0, "assign"},
                                                {0, "a"},
                                                {8, "tick"},
                                                {10, "b"},
                                                {10, "c"},
                                                {18, "tick"},
                                                {26, "tick"},
                                                {30, "d"}}));
}

TEST(SimulatorSource, AGroupMemberReadsOnlyItsRangeOfPartitions) {
  Log log = small_log();
  SimulatorSource member1(log, SimulatorSourceOptions{{"in"}, "g", 1, 2, StartFrom::Beginning, {}, true});
  EXPECT_EQ(member1.partitions(), (std::vector<TopicPartition>{{"in", 1}}));
  EXPECT_EQ(drain(member1), (Events{{0, "assign"}, {10, "b"}, {30, "d"}}));
}

TEST(SimulatorSource, RestartsFromCommittedOffsetsAfterACrash) {
  Log log = small_log();
  SimulatorSourceOptions options{{"in"}, "g", 0, 1, StartFrom::Committed, {}, true};
  {
    SimulatorSource source(log, options);
    (void)source.next(Duration{0});  // assignment
    auto a = source.next(Duration{0});
    auto b = source.next(Duration{0});
    const auto& ra = std::get<ConsumedRecord>(a->payload);
    const auto& rb = std::get<ConsumedRecord>(b->payload);
    source.commit(ra.source, ra.offset);
    source.commit(rb.source, rb.offset);
    // "crash": c and d were delivered to nobody that committed them.
  }
  EXPECT_EQ(log.committed("g", TopicPartition{"in", 0}), 1);
  EXPECT_EQ(log.committed("g", TopicPartition{"in", 1}), 1);
  SimulatorSource restarted(log, options);
  EXPECT_EQ(restarted.position(TopicPartition{"in", 0}), 1);
  EXPECT_EQ(drain(restarted), (Events{{0, "assign"}, {10, "c"}, {30, "d"}}));
}

TEST(SimulatorSource, StartsFromATimestamp) {
  Log log = small_log();
  SimulatorSource source(
      log, SimulatorSourceOptions{{"in"}, "", 0, 1, StartFrom::Timestamp, from_millis(250), true});
  EXPECT_EQ(drain(source), (Events{{0, "assign"}, {10, "c"}, {30, "d"}}));
}

TEST(SimulatorSource, CommitWithoutAGroupIsALogicError) {
  Log log = small_log();
  SimulatorSource source(log, SimulatorSourceOptions{{"in"}, "", 0, 1, StartFrom::Beginning, {}, true});
  EXPECT_THROW(source.commit(TopicPartition{"in", 0}, 0), std::logic_error);
  EXPECT_THROW(SimulatorSource(log, SimulatorSourceOptions{{"in"}, "", 0, 1, StartFrom::Committed, {}, true}),
               std::invalid_argument);
  EXPECT_THROW(
      SimulatorSource(log, SimulatorSourceOptions{{"missing"}, "", 0, 1, StartFrom::Beginning, {}, true}),
      std::out_of_range);
}

TEST(SimulatorSource, DeliversEachWatermarkMarkOnceOverAllPartitions) {
  Log log = small_log();
  log.append_watermark("in", from_millis(250), from_millis(30));
  SimulatorSource all(log, SimulatorSourceOptions{{"in"}, "", 0, 1, StartFrom::Beginning, {}, true});
  EXPECT_EQ(drain(all), (Events{{0, "assign"}, {0, "a"}, {10, "b"}, {10, "c"}, {30, "d"}, {30, "W250"}}));
  SimulatorSource quiet(log, SimulatorSourceOptions{{"in"}, "", 0, 1, StartFrom::Beginning, {}, false});
  EXPECT_EQ(drain(quiet).size(), 5u);
}

TEST(SimulatorSink, AppendsAtTheSharedClocksTimeByKeyPartition) {
  Log log = small_log();
  VirtualClock clock;
  SimulatorSource source(log, SimulatorSourceOptions{{"in"}, "", 0, 1, StartFrom::Beginning, {}, true},
                         &clock);
  SimulatorSink sink(log, clock, 12);
  while (auto e = source.next(Duration{0})) {
    if (auto* r = std::get_if<ConsumedRecord>(&e->payload))
      sink.write("out", rec("alice", r->record.value + "!", 0));
  }
  EXPECT_EQ(sink.written(), 4u);
  EXPECT_EQ(clock.now(), from_millis(30));
  // alice lands on partition 9 of 12 (Kafka's partitioner, see murmur2_test).
  const auto entries = log.entries(TopicPartition{"out", 9});
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].append_time, from_millis(0));
  EXPECT_EQ(entries[1].append_time, from_millis(10));
  EXPECT_EQ(entries[2].append_time, from_millis(10));
  EXPECT_EQ(entries[3].append_time, from_millis(30));
  EXPECT_EQ(entries[3].record.value, "d!");
}

TEST(SimulatorSource, SourcesSharingAClockOnlyEverMoveItForward) {
  Log log = small_log();
  log.create_topic("table", 1);
  log.append(TopicPartition{"table", 0}, rec("k", "t1", 0), from_millis(5));
  VirtualClock clock;
  SimulatorSource stream(log, SimulatorSourceOptions{{"in"}, "", 0, 1, StartFrom::Beginning, {}, true},
                         &clock);
  SimulatorSource table(log, SimulatorSourceOptions{{"table"}, "", 0, 1, StartFrom::Beginning, {}, true},
                        &clock);
  (void)drain(stream);
  EXPECT_EQ(clock.now(), from_millis(30));
  EXPECT_EQ(drain(table), (Events{{0, "assign"}, {5, "t1"}}));  // its own times, clock untouched
  EXPECT_EQ(clock.now(), from_millis(30));
}

TEST(VirtualClock, StartsAtZeroAndNeverGoesBack) {
  VirtualClock clock;
  EXPECT_EQ(clock.now(), from_millis(0));
  clock.advance_by(Duration{5});
  clock.advance_to(from_millis(7));
  EXPECT_EQ(clock.now(), from_millis(7));
  EXPECT_THROW(clock.advance_to(from_millis(6)), std::invalid_argument);
  EXPECT_THROW(clock.advance_by(Duration{-1}), std::invalid_argument);
}

TEST(ProduceArrivals, AProducedTopicReplaysToTheSameJsonlAsTheExport) {
  std::vector<Record> events;
  for (std::int64_t i = 0; i < 300; ++i)
    events.push_back(rec("k" + std::to_string(i % 11), "{\"i\": " + std::to_string(i) + "}", i * 400));
  const auto seq = apply_scenario(events, *find_shipped_scenario("classroom-demo"));
  ExportOptions options;
  options.watermarks = true;
  Log log;
  const auto produced = produce_arrivals(log, "events", seq, options);
  EXPECT_EQ(produced.records, seq.arrivals.size());
  EXPECT_GT(produced.watermarks, 0u);
  std::ostringstream replay;
  write_topic_jsonl(replay, log, "events");
  EXPECT_EQ(replay.str(), arrivals_to_jsonl(seq, options));
  // Each arrival sits on its partition at its processing time.
  std::size_t records = 0;
  for (const auto& tp : log.partitions("events"))
    for (const auto& r : log.read(tp, 0)) {
      (void)r;
      ++records;
    }
  EXPECT_EQ(records, seq.arrivals.size());
}

TEST(ProduceArrivals, SourceSeesTheArrivalsInArrivalOrderAtTheirArrivalTimes) {
  std::vector<Record> events;
  for (std::int64_t i = 0; i < 200; ++i)
    events.push_back(rec("k" + std::to_string(i % 7), std::to_string(i), i * 300));
  const auto seq = apply_scenario(events, *find_shipped_scenario("late-arrivals"));
  Log log;
  (void)produce_arrivals(log, "events", seq);
  SimulatorSource source(log, SimulatorSourceOptions{{"events"}, "", 0, 1, StartFrom::Beginning, {}, true});
  (void)source.next(Duration{0});
  std::size_t i = 0;
  while (auto e = source.next(Duration{0})) {
    ASSERT_LT(i, seq.arrivals.size());
    const auto& r = std::get<ConsumedRecord>(e->payload);
    EXPECT_EQ(e->processing_time, seq.arrivals[i].processing_time);
    EXPECT_EQ(r.record.value, seq.arrivals[i].record.value);
    EXPECT_EQ(r.source.partition, seq.arrivals[i].partition);
    ++i;
  }
  EXPECT_EQ(i, seq.arrivals.size());
}

}  // namespace
}  // namespace streamlab::sim
