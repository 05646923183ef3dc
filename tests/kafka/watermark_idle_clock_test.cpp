// The idleness clock of a partition starts at the first processing time the tracker observes (or
// at the start time it was given), never at the epoch: with wall-clock processing time (Kafka
// mode, ~1.7e12 ms) a partition that has not delivered yet holds the watermark back until it has
// been silent for the idleness timeout.
#include <gtest/gtest.h>

#include <cstdint>

#include "streamlab/engine/watermark.hpp"

namespace streamlab {
namespace {

constexpr std::int64_t kWallClock = 1'700'000'000'000;  // 2023-11-14, milliseconds since the epoch

TEST(WatermarkIdleClock, SilentPartitionHoldsTheWatermarkBackUntilTheTimeoutFromTheFirstProcessingTime) {
  const auto strategy = WatermarkStrategy::bounded(Duration{0}).with_idleness(Duration{10'000});
  WatermarkTracker tracker(strategy, 2);
  tracker.on_event(0, from_millis(1'000), from_millis(kWallClock));
  EXPECT_FALSE(tracker.is_idle(1)) << "silent for 0 s, not for 1.7e12 ms";
  EXPECT_EQ(tracker.current(), kMinTimestamp) << "partition 1 has delivered nothing yet";

  tracker.on_processing_time(from_millis(kWallClock + 5'000));  // partition 1 silent for 5 s
  EXPECT_FALSE(tracker.is_idle(1));
  EXPECT_EQ(tracker.current(), kMinTimestamp);
  tracker.on_event(0, from_millis(2'000), from_millis(kWallClock + 5'000));
  EXPECT_EQ(tracker.current(), kMinTimestamp);

  tracker.on_processing_time(from_millis(kWallClock + 9'999));
  EXPECT_FALSE(tracker.is_idle(1));
  EXPECT_EQ(tracker.current(), kMinTimestamp);

  tracker.on_processing_time(from_millis(kWallClock + 10'000));  // silent for 10 s: left out
  EXPECT_TRUE(tracker.is_idle(1));
  EXPECT_FALSE(tracker.is_idle(0));  // partition 0 delivered 5 s ago
  EXPECT_EQ(tracker.current(), from_millis(2'000));
}

TEST(WatermarkIdleClock, FirstProcessingTimeFromAClockTickStartsTheIdleClockToo) {
  const auto strategy = WatermarkStrategy::bounded(Duration{0}).with_idleness(Duration{10'000});
  WatermarkTracker tracker(strategy, 2);
  tracker.on_processing_time(from_millis(kWallClock));  // no event yet: the clock starts here
  tracker.on_event(0, from_millis(500), from_millis(kWallClock + 3'000));
  EXPECT_FALSE(tracker.is_idle(1));
  EXPECT_EQ(tracker.current(), kMinTimestamp);
  tracker.on_processing_time(from_millis(kWallClock + 10'000));
  EXPECT_TRUE(tracker.is_idle(1));
  EXPECT_EQ(tracker.current(), from_millis(500));
}

TEST(WatermarkIdleClock, AGivenStartTimeStartsTheIdleClock) {
  const auto strategy = WatermarkStrategy::bounded(Duration{0}).with_idleness(Duration{10'000});
  WatermarkTracker tracker(strategy, 2, from_millis(kWallClock - 3'000));
  tracker.on_event(0, from_millis(700), from_millis(kWallClock));
  EXPECT_FALSE(tracker.is_idle(1));  // silent for 3 s since the given start
  EXPECT_EQ(tracker.current(), kMinTimestamp);
  tracker.on_processing_time(from_millis(kWallClock + 6'999));
  EXPECT_FALSE(tracker.is_idle(1));
  tracker.on_processing_time(from_millis(kWallClock + 7'000));  // 10 s since the start
  EXPECT_TRUE(tracker.is_idle(1));
  EXPECT_EQ(tracker.current(), from_millis(700));
}

}  // namespace
}  // namespace streamlab
