// Lab 05 graded tests, part 1: observe(), the per-host rules, on hand-worked series and against
// the batch oracle (oracle/anomalies.hpp) on seeded random series with injected spikes.
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "detector.hpp"
#include "oracle/anomalies.hpp"
#include "streamlab/sim/random.hpp"

namespace {

lab05::Reading reading(double cpu, double memory, std::int64_t i) {
  return lab05::Reading{"web-01", cpu, memory, false, streamlab::from_millis(i * 30'000)};
}

// Twenty readings alternating 40 and 42: mean 41, population stddev exactly 1.
lab05::HostState steady_state(const lab05::DetectorConfig& config) {
  lab05::HostState state;
  for (std::int64_t i = 0; i < 20; ++i) {
    const auto alert = lab05::observe(state, reading(i % 2 == 0 ? 40 : 42, 50, i), config);
    EXPECT_FALSE(alert.has_value()) << "reading " << i;
  }
  return state;
}

TEST(Lab05Detector, NoBaselineAlertBeforeTheWindowIsFull) {
  const lab05::DetectorConfig config;
  lab05::HostState state;
  for (std::int64_t i = 0; i < 19; ++i) ASSERT_FALSE(lab05::observe(state, reading(40, 50, i), config));
  // 19 readings of 40 so far: a reading of 80 is not judged against a partial window.
  EXPECT_FALSE(lab05::observe(state, reading(80, 50, 19), config).has_value());
}

TEST(Lab05Detector, ReadingBeyondKStandardDeviationsRaisesABaselineAlert) {
  const lab05::DetectorConfig config;  // k = 4: the band is 41 +- 4
  auto state = steady_state(config);
  auto inside = state;
  EXPECT_FALSE(lab05::observe(inside, reading(44.9, 50, 20), config).has_value());
  const auto alert = lab05::observe(state, reading(45.5, 50, 20), config);
  ASSERT_TRUE(alert.has_value());
  EXPECT_EQ(alert->rule, "baseline");
  EXPECT_EQ(alert->metric, "cpu");
  EXPECT_EQ(alert->host, "web-01");
  EXPECT_EQ(alert->time, streamlab::from_millis(20 * 30'000));
  EXPECT_DOUBLE_EQ(alert->mean, 41.0);
  EXPECT_DOUBLE_EQ(alert->stddev, 1.0);
  EXPECT_DOUBLE_EQ(alert->value, 45.5);
}

TEST(Lab05Detector, DropBelowTheBaselineAlsoAlerts) {
  const lab05::DetectorConfig config;
  auto state = steady_state(config);
  const auto alert = lab05::observe(state, reading(36.5, 50, 20), config);
  ASSERT_TRUE(alert.has_value());
  EXPECT_EQ(alert->rule, "baseline");
}

TEST(Lab05Detector, FlatBaselineUsesTheMinimumStddev) {
  const lab05::DetectorConfig config;  // min_stddev 1: a flat 40 tolerates up to 44
  lab05::HostState state;
  for (std::int64_t i = 0; i < 20; ++i) ASSERT_FALSE(lab05::observe(state, reading(40, 50, i), config));
  auto copy = state;
  EXPECT_FALSE(lab05::observe(copy, reading(43.5, 50, 20), config).has_value());
  EXPECT_TRUE(lab05::observe(state, reading(44.5, 50, 20), config).has_value());
}

TEST(Lab05Detector, ThirdReadingInARowAboveTheThresholdRaisesAThresholdAlert) {
  lab05::DetectorConfig config;
  config.window = 1000;  // keep the baseline rule out of this test
  lab05::HostState state;
  EXPECT_FALSE(lab05::observe(state, reading(90, 50, 0), config));
  EXPECT_FALSE(lab05::observe(state, reading(91, 50, 1), config));
  const auto third = lab05::observe(state, reading(92, 50, 2), config);
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->rule, "threshold");
  EXPECT_EQ(third->metric, "cpu");
  EXPECT_TRUE(lab05::observe(state, reading(93, 50, 3), config).has_value()) << "the run goes on";
  EXPECT_FALSE(lab05::observe(state, reading(85, 50, 4), config)) << "85 is not above 85";
  EXPECT_FALSE(lab05::observe(state, reading(95, 50, 5), config)) << "the run started again";
}

TEST(Lab05Detector, MemoryIsCheckedWhenCpuIsQuiet) {
  lab05::DetectorConfig config;
  config.window = 1000;
  lab05::HostState state;
  lab05::observe(state, reading(10, 95, 0), config);
  lab05::observe(state, reading(10, 96, 1), config);
  const auto alert = lab05::observe(state, reading(10, 97, 2), config);
  ASSERT_TRUE(alert.has_value());
  EXPECT_EQ(alert->metric, "memory");
  EXPECT_EQ(alert->rule, "threshold");
}

TEST(Lab05Detector, MatchesTheBatchOracleOnRandomSeriesWithSpikes) {
  namespace sim = streamlab::sim;
  sim::SplitMix64 rng(5);
  const lab05::DetectorConfig config;
  const oracle::AnomalyRules rules{config.window, config.k, config.min_stddev, config.threshold, config.run};
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<oracle::MetricReading> series;
    lab05::HostState state;
    std::vector<oracle::ExpectedAlert> got;
    int spike_left = 0;
    for (std::int64_t i = 0; i < 400; ++i) {
      if (spike_left == 0 && sim::bernoulli(rng, 0.02))
        spike_left = static_cast<int>(sim::uniform_int(rng, 1, 6));
      double cpu = sim::normal(rng, 40, 3);
      double mem = sim::normal(rng, 60, 1);
      if (spike_left > 0) {
        --spike_left;
        if (trial % 2 == 0)
          cpu = sim::normal(rng, 93, 3);
        else
          mem = sim::normal(rng, 92, 2);
      }
      series.push_back({"h", i * 1000, cpu, mem, false});
      lab05::Reading r{"h", cpu, mem, false, streamlab::from_millis(i * 1000)};
      if (auto a = lab05::observe(state, r, config))
        got.push_back({a->host, streamlab::to_millis(a->time), a->metric, a->rule});
    }
    ASSERT_EQ(got, oracle::expected_alerts(series, rules)) << "trial " << trial;
  }
}

}  // namespace
