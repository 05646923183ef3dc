// Hand-worked cases for every rule of docs/semantics.md, each on a stream small enough to check
// on paper. Times are milliseconds; values are summed; counts count events.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "operator_harness.hpp"

namespace streamlab::test {
namespace {

using P = ExpectedPane;
using L = ExpectedLate;
using V = std::vector<ExpectedPane>;
using VL = std::vector<ExpectedLate>;

TEST(WindowOperator, EventExactlyAtWindowEndBelongsToTheNextWindow) {
  Harness h(config(WindowSpec::tumbling(ms(10))));
  h.rec("a", 3);
  h.rec("a", 10);  // W=10 fires [0,10) holding only the event at 3
  h.end();
  EXPECT_EQ(h.panes, (V{{"a", 0, 10, 1, 1, Pane::OnTime}, {"a", 10, 20, 1, 1, Pane::OnTime}}));
  h.expect_accounting();
}

TEST(WindowOperator, EventExactlyAtTheWatermarkIsNotBehindIt) {
  Harness h(config(WindowSpec::tumbling(ms(10))));
  h.rec("a", 3);
  h.rec("a", 10);                                 // W = 10
  EXPECT_EQ(h.rec("a", 10), RecordFate::OnTime);  // t == W: on time, in [10,20)
  EXPECT_EQ(h.rec("a", 9), RecordFate::Dropped);  // t < W and [0,10) already fired, L = 0
  h.end();
  EXPECT_EQ(h.panes, (V{{"a", 0, 10, 1, 1, Pane::OnTime}, {"a", 10, 20, 2, 2, Pane::OnTime}}));
  EXPECT_EQ(h.late, (VL{{"a", 9, 10}}));
  h.expect_accounting();
}

TEST(WindowOperator, EventBehindTheWatermarkInAnUnfiredWindowSimplyCounts) {
  Harness h(config(WindowSpec::tumbling(ms(10))));
  h.rec("a", 8);
  EXPECT_EQ(h.rec("a", 5), RecordFate::OnTime);  // 5 < W=8 but [0,10) has not fired
  h.end();
  EXPECT_EQ(h.panes, (V{{"a", 0, 10, 2, 2, Pane::OnTime}}));
  h.expect_accounting();
}

TEST(WindowOperator, HoppingEventCountsInEachOfItsWindows) {
  Harness h(config(WindowSpec::hopping(ms(30), ms(10)), 100));
  h.rec("a", 25, 7);
  h.end();
  EXPECT_EQ(h.panes, (V{{"a", 0, 30, 7, 1, Pane::OnTime},
                        {"a", 10, 40, 7, 1, Pane::OnTime},
                        {"a", 20, 50, 7, 1, Pane::OnTime}}));
  h.expect_accounting();
}

TEST(WindowOperator, SessionsThatTouchAtExactlyTheGapMerge) {
  WindowOperatorConfig c = config(WindowSpec::session(ms(10)));
  c.watermark = WatermarkStrategy::manual();
  Harness h(c);
  h.rec("a", 0, 1);
  h.rec("a", 10, 2);  // [10,20) touches [0,10): one session [0,20)
  h.rec("a", 21, 4);  // [21,31) is 1 ms past the end of [0,20): a new session
  h.rec("b", 5, 8);
  EXPECT_EQ(h.op().windows_in_state(), 3u);
  h.end();
  EXPECT_EQ(h.panes, (V{{"b", 5, 15, 8, 1, Pane::OnTime},
                        {"a", 0, 20, 3, 2, Pane::OnTime},
                        {"a", 21, 31, 4, 1, Pane::OnTime}}));
  h.expect_accounting();
}

TEST(WindowOperator, OutOfOrderEventBridgingTwoSessionsMergesThem) {
  Harness h(config(WindowSpec::session(ms(10)), 100));
  h.rec("a", 0, 1);
  h.rec("a", 15, 2);  // [0,10) and [15,25): 5 ms apart
  EXPECT_EQ(h.op().windows_in_state(), 2u);
  h.rec("a", 7, 4);  // [7,17) overlaps both: [0,25)
  EXPECT_EQ(h.op().windows_in_state(), 1u);
  h.end();
  EXPECT_EQ(h.panes, (V{{"a", 0, 25, 7, 3, Pane::OnTime}}));
  h.expect_accounting();
}

TEST(WindowOperator, SessionEndsGapAfterItsLastEvent) {
  Harness h(config(WindowSpec::session(ms(10))));
  h.rec("a", 0);
  h.rec("a", 4);
  h.rec("a", 13);  // W=13 < 14: [0,14) not complete yet; [13,23) merges into [0,23)
  h.rec("a", 40);  // W=40 fires [0,23)
  h.end();
  EXPECT_EQ(h.panes, (V{{"a", 0, 23, 3, 3, Pane::OnTime}, {"a", 40, 50, 1, 1, Pane::OnTime}}));
  h.expect_accounting();
}

TEST(WindowOperator, LateEventWithinAllowedLatenessEmitsLatePaneWithFullValue) {
  Harness h(config(WindowSpec::tumbling(ms(10)), 0, 5));
  h.rec("a", 1, 1);
  h.rec("a", 2, 2);
  h.rec("a", 12, 100);                                     // W=12 fires [0,10): value 3, count 2
  EXPECT_EQ(h.rec("a", 5, 10), RecordFate::AcceptedLate);  // 10 <= 12 < 15: LATE, full value 13
  h.end();
  EXPECT_EQ(h.panes, (V{{"a", 0, 10, 3, 2, Pane::OnTime},
                        {"a", 0, 10, 13, 3, Pane::Late},
                        {"a", 10, 20, 100, 1, Pane::OnTime}}));
  EXPECT_TRUE(h.late.empty());
  EXPECT_EQ(h.op().counters().late_accepted, 1);
  h.expect_accounting();
}

TEST(WindowOperator, LateEventIntoAWindowThatNeverExistedCreatesItAndEmitsLate) {
  Harness h(config(WindowSpec::tumbling(ms(10)), 0, 50));
  h.rec("a", 35);                                         // W=35
  EXPECT_EQ(h.rec("b", 3, 4), RecordFate::AcceptedLate);  // [0,10) of b never existed: 10 <= 35 < 60
  h.end();
  EXPECT_EQ(h.panes, (V{{"b", 0, 10, 4, 1, Pane::Late}, {"a", 30, 40, 1, 1, Pane::OnTime}}));
  h.expect_accounting();
}

TEST(WindowOperator, LateEventPastAllowedLatenessGoesToLateOutputWithTheWatermark) {
  Harness h(config(WindowSpec::tumbling(ms(10)), 0, 5));
  h.rec("a", 1);
  h.rec("a", 15);  // W=15 = 10 + 5: [0,10) fired and freed
  EXPECT_EQ(h.rec("a", 9), RecordFate::Dropped);
  h.end();
  EXPECT_EQ(h.panes, (V{{"a", 0, 10, 1, 1, Pane::OnTime}, {"a", 10, 20, 1, 1, Pane::OnTime}}));
  EXPECT_EQ(h.late, (VL{{"a", 9, 15}}));
  ASSERT_EQ(h.reasons.size(), 1u);
  EXPECT_NE(h.reasons[0].find("watermark 1970-01-01T00:00:00.015Z"), std::string::npos) << h.reasons[0];
  EXPECT_EQ(h.op().counters().dropped_late, 1);
  h.expect_accounting();
}

TEST(WindowOperator, PartiallyLateHoppingEventStillContributes) {
  Harness h(config(WindowSpec::hopping(ms(10), ms(5))));
  h.rec("a", 12);                                // W=12: [0,10) never held a, [5,15),[10,20) open
  EXPECT_EQ(h.rec("a", 7), RecordFate::OnTime);  // [0,10) expired (dropped there), [5,15) on time
  h.end();
  EXPECT_EQ(h.panes, (V{{"a", 5, 15, 2, 2, Pane::OnTime}, {"a", 10, 20, 1, 1, Pane::OnTime}}));
  EXPECT_TRUE(h.late.empty());
  EXPECT_EQ(h.op().counters().contributed, 2);
  h.expect_accounting();
}

TEST(WindowOperator, WatermarkControlLineRaisesTheWatermarkAndFiresAtOnce) {
  Harness h(config(WindowSpec::tumbling(ms(10)), 3'600'000));
  h.rec("a", 5);
  EXPECT_TRUE(h.panes.empty());
  h.mark(10);
  EXPECT_EQ(h.panes, (V{{"a", 0, 10, 1, 1, Pane::OnTime}}));
  EXPECT_EQ(h.rec("a", 3), RecordFate::Dropped);
  h.mark(5);  // lower marks never move the watermark back
  EXPECT_EQ(h.op().watermark(), from_millis(10));
  h.end();
  EXPECT_EQ(h.late, (VL{{"a", 3, 10}}));
  h.expect_accounting();
}

TEST(WindowOperator, ManualStrategyOnlyMarksMoveTheWatermark) {
  WindowOperatorConfig c = config(WindowSpec::tumbling(ms(10)));
  c.watermark = WatermarkStrategy::manual();
  Harness h(c);
  h.rec("a", 5);
  h.rec("a", 100);
  EXPECT_TRUE(h.panes.empty());
  EXPECT_EQ(h.op().watermark(), kMinTimestamp);
  h.mark(10);
  EXPECT_EQ(h.panes, (V{{"a", 0, 10, 1, 1, Pane::OnTime}}));
  h.end();
  EXPECT_EQ(h.panes.back(), (P{"a", 100, 110, 1, 1, Pane::OnTime}));
  h.expect_accounting();
}

TEST(WindowOperator, SlowPartitionHoldsTheWatermarkBackAndIdlenessReleasesIt) {
  WindowOperatorConfig c = config(WindowSpec::tumbling(ms(10)));
  c.watermark = WatermarkStrategy::bounded(Duration{0}).with_idleness(Duration{30'000});
  c.partitions = 2;
  Harness h(c);
  h.rec("a", 5, 1, 0);
  h.rec("a", 25, 1, 0);
  EXPECT_TRUE(h.panes.empty());  // partition 1 has delivered nothing: W = -inf
  EXPECT_EQ(h.op().watermark(), kMinTimestamp);
  h.advance_to(20'000);
  h.rec("a", 27, 1, 0);  // partition 0 active at 20s
  h.advance_to(30'000);  // partition 1 silent for 30s: idle, left out
  EXPECT_EQ(h.op().watermark(), from_millis(27));
  EXPECT_EQ(h.panes, (V{{"a", 0, 10, 1, 1, Pane::OnTime}}));
  EXPECT_EQ(h.rec("b", 8, 1, 1), RecordFate::Dropped);  // the slow partition's old event is late
  EXPECT_EQ(h.op().watermark(), from_millis(27));       // and the watermark does not go back
  h.end();
  EXPECT_EQ(h.late, (VL{{"b", 8, 27}}));
  h.expect_accounting();
}

TEST(WindowOperator, MicroBatchAndContinuousGiveDifferentAnswersOnTheSameStream) {
  const auto feed = [](Harness& h) {
    h.rec("a", 12);
    h.rec("a", 5);
    h.advance_to(100);
    h.rec("a", 3);
    h.rec("a", 15);
    h.end();
  };
  // Continuous: 12 sets W=12, so 5 and 3 are both dropped from the fired-and-freed [0,10).
  Harness continuous(config(WindowSpec::tumbling(ms(10))));
  feed(continuous);
  EXPECT_EQ(continuous.panes, (V{{"a", 10, 20, 2, 2, Pane::OnTime}}));
  EXPECT_EQ(continuous.late, (VL{{"a", 5, 12}, {"a", 3, 12}}));
  continuous.expect_accounting();
  // Micro-batch 100ms: 12 and 5 share the first batch (judged against W=-inf); the batch end at
  // 100ms moves W to 12 and fires [0,10); 3 arrives in the next batch behind W=12 and is dropped.
  WindowOperatorConfig c = config(WindowSpec::tumbling(ms(10)));
  c.trigger = Trigger::micro_batch(ms(100));
  Harness batch(c);
  feed(batch);
  EXPECT_EQ(batch.panes, (V{{"a", 0, 10, 1, 1, Pane::OnTime}, {"a", 10, 20, 2, 2, Pane::OnTime}}));
  EXPECT_EQ(batch.late, (VL{{"a", 3, 12}}));
  batch.expect_accounting();
}

TEST(WindowOperator, MicroBatchEmitsOneLatePanePerWindowPerBatch) {
  WindowOperatorConfig c = config(WindowSpec::tumbling(ms(10)), 0, 100);
  c.trigger = Trigger::micro_batch(ms(100));
  Harness h(c);
  h.rec("a", 20);
  h.advance_to(100);  // W=20
  h.rec("a", 1, 1);
  h.rec("a", 2, 2);  // both late for [0,10) (10 <= 20 < 110): one LATE pane at batch end
  h.rec("a", 25, 5);
  h.advance_to(200);  // W=25
  EXPECT_EQ(h.panes, (V{{"a", 0, 10, 3, 2, Pane::Late}}));
  h.end();
  EXPECT_EQ(h.panes, (V{{"a", 0, 10, 3, 2, Pane::Late}, {"a", 20, 30, 6, 2, Pane::OnTime}}));
  h.expect_accounting();
}

TEST(WindowOperator, ContinuousCompleteModeEmitsTheTableAfterEveryRecordBeforeFreeing) {
  Harness h(config(WindowSpec::tumbling(ms(10)), 0, 0, EmitMode::Complete));
  h.rec("a", 1);
  h.rec("a", 12);  // the table still shows [0,10), then it is freed (W=12 >= 10)
  h.end();         // once more at end of input
  EXPECT_EQ(h.panes, (V{{"a", 0, 10, 1, 1, Pane::Complete},
                        {"a", 0, 10, 1, 1, Pane::Complete},
                        {"a", 10, 20, 1, 1, Pane::Complete},
                        {"a", 10, 20, 1, 1, Pane::Complete}}));
  EXPECT_EQ(h.op().windows_in_state(), 0u);
  h.expect_accounting();
}

TEST(WindowOperator, MicroBatchCompleteModeEmitsTheTableAtEachBatchEnd) {
  WindowOperatorConfig c = config(WindowSpec::tumbling(ms(10)), 0, 0, EmitMode::Complete);
  c.trigger = Trigger::micro_batch(ms(100));
  Harness h(c);
  h.rec("b", 1);
  h.rec("a", 12);
  h.advance_to(100);  // W=12: table [0,10) b, [10,20) a; then [0,10) is freed
  h.rec("a", 15);
  h.end();  // W=+inf: table [10,20) a with 2 events
  EXPECT_EQ(h.panes, (V{{"b", 0, 10, 1, 1, Pane::Complete},
                        {"a", 10, 20, 1, 1, Pane::Complete},
                        {"a", 10, 20, 2, 2, Pane::Complete}}));
  h.expect_accounting();
}

TEST(WindowOperator, UpdateModeEmitsAfterEveryChangeIncludingLateOnesWithinLateness) {
  Harness h(config(WindowSpec::tumbling(ms(10)), 0, 5, EmitMode::Update));
  h.rec("a", 1, 1);
  h.rec("a", 12, 2);  // nothing extra when [0,10) closes
  h.rec("a", 3, 4);   // late but within lateness: still UPDATE
  h.rec("a", 16, 8);  // W=16 frees [0,10)
  EXPECT_EQ(h.rec("a", 4, 16), RecordFate::Dropped);
  h.end();
  EXPECT_EQ(h.panes, (V{{"a", 0, 10, 1, 1, Pane::Update},
                        {"a", 10, 20, 2, 1, Pane::Update},
                        {"a", 0, 10, 5, 2, Pane::Update},
                        {"a", 10, 20, 10, 2, Pane::Update}}));
  EXPECT_EQ(h.late, (VL{{"a", 4, 16}}));
  h.expect_accounting();
}

TEST(WindowOperator, ProcessingTimeWindowsFireWhenTheClockPassesTheirEnd) {
  WindowOperatorConfig c = config(WindowSpec::tumbling(ms(10'000)));
  c.time_domain = TimeDomain::Processing;
  Harness h(c);
  h.rec("a", 999'999'999);  // event time ignored: t = processing time 0
  h.advance_to(5'000);
  h.rec("a", 1);
  h.advance_to(9'999);
  EXPECT_TRUE(h.panes.empty());
  h.advance_to(11'000);
  EXPECT_EQ(h.panes, (V{{"a", 0, 10'000, 2, 2, Pane::OnTime}}));
  EXPECT_EQ(h.rec("a", 0), RecordFate::OnTime);  // never late in processing time
  h.end();
  EXPECT_EQ(h.panes.back(), (P{"a", 10'000, 20'000, 1, 1, Pane::OnTime}));
  h.expect_accounting();
}

TEST(WindowOperator, EarlyPanesFireAtProcessingTimeMultiplesForChangedOpenWindows) {
  WindowOperatorConfig c = config(WindowSpec::tumbling(ms(10)));
  c.watermark = WatermarkStrategy::manual();
  c.early_every = ms(1'000);
  Harness h(c);
  h.rec("a", 1, 1);
  h.advance_to(500);  // no multiple of 1s passed
  EXPECT_TRUE(h.panes.empty());
  h.advance_to(1'000);  // passes 1s: EARLY
  h.advance_to(2'500);  // passes 2s: unchanged, nothing
  h.rec("a", 2, 2);
  h.rec("b", 3, 4);
  h.advance_to(3'000);  // passes 3s: both changed
  h.mark(10);
  h.end();
  EXPECT_EQ(h.panes, (V{{"a", 0, 10, 1, 1, Pane::Early},
                        {"a", 0, 10, 3, 2, Pane::Early},
                        {"b", 0, 10, 4, 1, Pane::Early},
                        {"a", 0, 10, 3, 2, Pane::OnTime},
                        {"b", 0, 10, 4, 1, Pane::OnTime}}));
  h.expect_accounting();
}

TEST(WindowOperator, PanesFiredAtOneAdvanceAreOrderedByEndThenStartThenKey) {
  WindowOperatorConfig c = config(WindowSpec::hopping(ms(10), ms(5)));
  c.watermark = WatermarkStrategy::manual();
  Harness h(c);
  h.rec("b", 7);
  h.rec("a", 7);
  h.rec("b", 2);
  h.mark(100);
  EXPECT_EQ(h.panes, (V{{"b", -5, 5, 1, 1, Pane::OnTime},
                        {"a", 0, 10, 1, 1, Pane::OnTime},
                        {"b", 0, 10, 2, 2, Pane::OnTime},
                        {"a", 5, 15, 1, 1, Pane::OnTime},
                        {"b", 5, 15, 1, 1, Pane::OnTime}}));
  h.end();
  h.expect_accounting();
}

TEST(WindowOperator, LatePaneOfARecordComesBeforeThePanesItsWatermarkFires) {
  Harness h(config(WindowSpec::tumbling(ms(10)), 0, 100));
  h.rec("a", 12);  // W=12, fires nothing (no data in [0,10))
  h.rec("a", 3);   // LATE [0,10) at once
  h.rec("a", 25);  // fires [10,20)
  h.rec("b", 4);   // LATE [0,10) of b
  h.end();
  EXPECT_EQ(h.panes, (V{{"a", 0, 10, 1, 1, Pane::Late},
                        {"a", 10, 20, 1, 1, Pane::OnTime},
                        {"b", 0, 10, 1, 1, Pane::Late},
                        {"a", 20, 30, 1, 1, Pane::OnTime}}));
  h.expect_accounting();
}

TEST(WindowOperator, SessionLatenessIsJudgedOnTheMergedWindow) {
  Harness h(config(WindowSpec::session(ms(10)), 0, 100));
  h.rec("a", 0);
  h.rec("a", 30);                                      // W=30 fires [0,10)
  EXPECT_EQ(h.rec("a", 5), RecordFate::AcceptedLate);  // merged [0,15): 15 <= 30 < 115
  EXPECT_EQ(h.rec("a", 22), RecordFate::OnTime);       // merged with [30,40) into [22,40): 40 > 30
  h.end();
  EXPECT_EQ(h.panes, (V{{"a", 0, 10, 1, 1, Pane::OnTime},
                        {"a", 0, 15, 2, 2, Pane::Late},
                        {"a", 22, 40, 2, 2, Pane::OnTime}}));
  h.expect_accounting();
}

TEST(WindowOperator, SessionExtendedPastTheWatermarkByAMergeFiresOnTimeLater) {
  Harness h(config(WindowSpec::session(ms(10)), 0, 100));
  h.rec("a", 0);
  h.rec("a", 12);                                // W=12 fires [0,10)
  EXPECT_EQ(h.rec("a", 9), RecordFate::OnTime);  // [9,19) bridges [0,10) and [12,22): [0,22)
  h.end();
  EXPECT_EQ(h.panes, (V{{"a", 0, 10, 1, 1, Pane::OnTime}, {"a", 0, 22, 3, 3, Pane::OnTime}}));
  h.expect_accounting();
}

TEST(WindowOperator, SessionWithoutStateToMergeIntoIsDroppedPastLateness) {
  Harness h(config(WindowSpec::session(ms(10))));
  h.rec("a", 0);
  h.rec("a", 30);                                 // [0,10) fired and freed (L=0)
  EXPECT_EQ(h.rec("a", 5), RecordFate::Dropped);  // [5,15): 15 <= 30
  h.end();
  EXPECT_EQ(h.late, (VL{{"a", 5, 30}}));
  h.expect_accounting();
}

TEST(WindowOperator, StateIsFreedAtEndPlusAllowedLatenessAndNothingRemainsAfterEndOfInput) {
  Harness h(config(WindowSpec::tumbling(ms(10)), 0, 5));
  h.rec("a", 1);
  EXPECT_EQ(h.op().windows_in_state(), 1u);
  h.rec("a", 12);  // [0,10) fired at W=12 but kept until W >= 15
  EXPECT_EQ(h.op().windows_in_state(), 2u);
  h.rec("a", 14);
  EXPECT_EQ(h.op().windows_in_state(), 2u);
  h.rec("a", 15);
  EXPECT_EQ(h.op().windows_in_state(), 1u);
  h.end();
  EXPECT_EQ(h.op().windows_in_state(), 0u);
  h.expect_accounting();
}

TEST(WindowOperator, WithoutAllowedLatenessStateIsFreedWhenTheWindowFires) {
  Harness h(config(WindowSpec::tumbling(ms(10))));
  h.rec("a", 1);
  h.rec("a", 10);
  EXPECT_EQ(h.op().windows_in_state(), 1u);
  EXPECT_EQ(h.panes.size(), 1u);
  h.end();
  h.expect_accounting();
}

TEST(WindowOperator, OpenWindowsStayBoundedOverALongInOrderRun) {
  Harness h(config(WindowSpec::tumbling(ms(100)), 50));
  std::size_t most = 0;
  const std::vector<std::string> keys{"a", "b", "c"};
  for (std::int64_t i = 0; i < 30'000; ++i) {
    h.rec(keys[static_cast<std::size_t>(i) % 3], i * 7);
    most = std::max(most, h.op().windows_in_state());
  }
  // W = max - 50 lies at most one window behind the newest: two windows per key at most.
  EXPECT_LE(most, 6u);
  h.end();
  EXPECT_EQ(h.op().windows_in_state(), 0u);
  std::int64_t total = 0;
  for (const auto& p : h.panes) total += p.count;
  EXPECT_EQ(total, 30'000);
  h.expect_accounting();
}

TEST(WindowOperator, SnapshotAndRestoreContinueExactlyAsTheUninterruptedRun) {
  const auto make = [] { return config(WindowSpec::session(ms(10)), 5, 20); };
  const std::vector<std::int64_t> times{0, 3, 30, 12, 14, 50, 44, 8, 90, 61};
  Harness whole(make());
  for (auto t : times) whole.rec(t % 2 ? "odd" : "even", t);
  whole.end();
  Harness first(make());
  for (std::size_t i = 0; i < 5; ++i) first.rec(times[i] % 2 ? "odd" : "even", times[i]);
  const auto snapshot = first.op().snapshot();
  Harness second(make());
  second.op().restore(snapshot);
  for (std::size_t i = 5; i < times.size(); ++i) second.rec(times[i] % 2 ? "odd" : "even", times[i]);
  second.end();
  std::vector<ExpectedPane> resumed = first.panes;
  resumed.insert(resumed.end(), second.panes.begin(), second.panes.end());
  EXPECT_EQ(resumed, whole.panes);
  EXPECT_EQ(second.op().counters(), whole.op().counters());
}

}  // namespace
}  // namespace streamlab::test
