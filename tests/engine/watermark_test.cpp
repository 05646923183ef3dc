// Watermark rules: W = max - D per partition, -inf before the first event, never backwards,
// minimum over partitions, idleness, explicit marks, manual strategy, end of input.
#include <gtest/gtest.h>

#include <stdexcept>

#include "streamlab/engine/watermark.hpp"

namespace streamlab {
namespace {

TEST(Watermark, BoundedDelayIsMaxSeenMinusDelayAndMinusInfinityBeforeTheFirstEvent) {
  WatermarkTracker tracker(WatermarkStrategy::bounded(Duration{10}));
  EXPECT_EQ(tracker.current(), kMinTimestamp);
  tracker.on_event(0, from_millis(100), Timestamp{});
  EXPECT_EQ(tracker.current(), from_millis(90));
  tracker.on_event(0, from_millis(50), Timestamp{});  // out of order: max stays 100
  EXPECT_EQ(tracker.current(), from_millis(90));
  tracker.on_event(0, from_millis(130), Timestamp{});
  EXPECT_EQ(tracker.current(), from_millis(120));
}

TEST(Watermark, NeverMovesBackwardsEvenWhenAMarkIsLower) {
  WatermarkTracker tracker(WatermarkStrategy::bounded(Duration{0}));
  tracker.on_mark(from_millis(500));
  tracker.on_event(0, from_millis(100), Timestamp{});
  EXPECT_EQ(tracker.current(), from_millis(500));
  tracker.on_mark(from_millis(200));
  EXPECT_EQ(tracker.current(), from_millis(500));
}

TEST(Watermark, ManualStrategyMovesOnlyWithMarks) {
  WatermarkTracker tracker(WatermarkStrategy::manual());
  tracker.on_event(0, from_millis(1000), Timestamp{});
  EXPECT_EQ(tracker.current(), kMinTimestamp);
  tracker.on_mark(from_millis(300));
  EXPECT_EQ(tracker.current(), from_millis(300));
}

TEST(Watermark, OperatorWatermarkIsTheMinimumOverPartitions) {
  WatermarkTracker tracker(WatermarkStrategy::bounded(Duration{0}), 2);
  tracker.on_event(0, from_millis(100), Timestamp{});
  EXPECT_EQ(tracker.current(), kMinTimestamp);  // partition 1 has seen nothing
  tracker.on_event(1, from_millis(40), Timestamp{});
  EXPECT_EQ(tracker.current(), from_millis(40));
  tracker.on_event(1, from_millis(70), Timestamp{});
  EXPECT_EQ(tracker.current(), from_millis(70));
}

TEST(Watermark, IdlePartitionIsLeftOutUntilItDeliversAgain) {
  const auto strategy = WatermarkStrategy::bounded(Duration{0}).with_idleness(Duration{30'000});
  WatermarkTracker tracker(strategy, 2, Timestamp{});  // processing time starts at the epoch
  tracker.on_processing_time(from_millis(10'000));
  tracker.on_event(0, from_millis(100), from_millis(10'000));
  EXPECT_EQ(tracker.current(), kMinTimestamp);
  tracker.on_processing_time(from_millis(29'999));
  EXPECT_FALSE(tracker.is_idle(1));
  EXPECT_EQ(tracker.current(), kMinTimestamp);
  tracker.on_processing_time(from_millis(30'000));  // partition 1 silent for 30s since the start
  EXPECT_TRUE(tracker.is_idle(1));
  EXPECT_FALSE(tracker.is_idle(0));
  EXPECT_EQ(tracker.current(), from_millis(100));
  tracker.on_event(1, from_millis(60), from_millis(31'000));  // active again, but W never decreases
  EXPECT_FALSE(tracker.is_idle(1));
  EXPECT_EQ(tracker.current(), from_millis(100));
  tracker.on_event(0, from_millis(200), from_millis(31'000));
  EXPECT_EQ(tracker.current(), from_millis(100));  // min(200, 60)
  tracker.on_event(1, from_millis(150), from_millis(31'000));
  EXPECT_EQ(tracker.current(), from_millis(150));
}

TEST(Watermark, WhenEveryPartitionIsIdleTheMaximumIsUsed) {
  const auto strategy = WatermarkStrategy::bounded(Duration{0}).with_idleness(Duration{1'000});
  WatermarkTracker tracker(strategy, 2);
  tracker.on_event(0, from_millis(100), Timestamp{});
  tracker.on_event(1, from_millis(300), Timestamp{});
  EXPECT_EQ(tracker.current(), from_millis(100));
  tracker.on_processing_time(from_millis(5'000));
  EXPECT_EQ(tracker.current(), from_millis(300));
}

TEST(Watermark, EndOfInputRaisesTheWatermarkToInfinity) {
  WatermarkTracker tracker(WatermarkStrategy::bounded(Duration{0}));
  tracker.on_event(0, from_millis(5), Timestamp{});
  tracker.on_end_of_input();
  EXPECT_EQ(tracker.current(), kMaxTimestamp);
}

TEST(Watermark, StrategyParserReadsBoundedAndManual) {
  EXPECT_EQ(parse_watermark_strategy("bounded:10m"), WatermarkStrategy::bounded(std::chrono::minutes{10}));
  EXPECT_EQ(parse_watermark_strategy("manual"), WatermarkStrategy::manual());
  EXPECT_THROW((void)parse_watermark_strategy("bounded:x"), std::invalid_argument);
  EXPECT_THROW((void)parse_watermark_strategy("periodic"), std::invalid_argument);
}

}  // namespace
}  // namespace streamlab
