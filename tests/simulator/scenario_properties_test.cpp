// Scenario properties checked over many seeds. Each property is the documented rule restated as a
// plain check on the output (an oracle that does not reuse the implementation's code paths).
#include "streamlab/sim/apply_scenario.hpp"
#include "streamlab/sim/partitioner.hpp"
#include "streamlab/sim/shipped_scenarios.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>

namespace streamlab::sim {
namespace {

constexpr int kSeeds = 200;
constexpr std::int64_t kSpacingMs = 250;

// 400 events 250ms apart (100s of event time); every 9th has a null key.
std::vector<Record> dataset() {
  std::vector<Record> out;
  for (std::int64_t i = 0; i < 400; ++i) {
    std::optional<std::string> key;
    if (i % 9 != 0) key = "user-" + std::to_string(i % 23);
    out.push_back(
        Record{key, "{\"i\": " + std::to_string(i) + "}", from_millis(1'000'000 + i * kSpacingMs), {}});
  }
  return out;
}

Scenario everything() {
  Scenario s;
  s.partitions = 3;
  s.delay = DelaySpec{DelayDistribution::Uniform, Duration{100}, Duration{4000}, Duration{0}};
  s.watermark_delay = Duration{5000};
  s.late = LateSpec{0.05, Duration{10'000}, Duration{20'000}};
  s.duplicates = DuplicateSpec{0.1, Duration{1500}};
  s.skew = {SkewSpec{2, Duration{3000}}};
  s.idle = {IdleSpec{1, Duration{20'000}, Duration{30'000}}};
  s.bursts = BurstSpec{Duration{40'000}, Duration{5000}, Duration{2000}};
  return s;
}

// The arrival time before idle and burst holds, restated from the documented rule.
Timestamp unheld_time(const Arrival& a, const Scenario& s, Timestamp t0, Duration skew_lag) {
  Duration t = (a.record.timestamp - t0) + a.drawn_delay;
  if (a.partition == 2) t += skew_lag;
  if (a.duplicate) t += s.duplicates.delay;
  return Timestamp{t};
}

TEST(ScenarioProperties, EveryEventArrivesOnceOrTwiceWhenDuplicatedAndDuplicatesAreCounted) {
  const auto events = dataset();
  const auto s = everything();
  for (int seed = 0; seed < kSeeds; ++seed) {
    const auto seq = apply_scenario(events, s, static_cast<std::uint64_t>(seed));
    std::map<std::size_t, std::vector<const Arrival*>> by_event;
    for (const auto& a : seq.arrivals) by_event[a.index].push_back(&a);
    ASSERT_EQ(by_event.size(), events.size()) << "seed " << seed;
    std::size_t copies = 0;
    for (const auto& [index, arrivals] : by_event) {
      ASSERT_LE(arrivals.size(), 2u);
      int originals = 0;
      for (const Arrival* a : arrivals) {
        originals += a->copy == 0 ? 1 : 0;
        EXPECT_EQ(a->record, events[index]);
        EXPECT_EQ(a->duplicate, a->copy == 1);
      }
      EXPECT_EQ(originals, 1) << "seed " << seed << " event " << index;
      copies += arrivals.size() - 1;
    }
    EXPECT_EQ(copies, seq.stats.duplicates) << "seed " << seed;
    EXPECT_EQ(seq.stats.arrivals, events.size() + copies);
    EXPECT_EQ(seq.arrivals.size(), events.size() + copies);
  }
}

TEST(ScenarioProperties, ArrivalsAreOrderedByTimeThenIndexThenCopy) {
  const auto events = dataset();
  for (int seed = 0; seed < kSeeds; ++seed) {
    const auto seq = apply_scenario(events, everything(), static_cast<std::uint64_t>(seed));
    for (std::size_t i = 1; i < seq.arrivals.size(); ++i) {
      const auto& x = seq.arrivals[i - 1];
      const auto& y = seq.arrivals[i];
      ASSERT_LT(std::tie(x.processing_time, x.index, x.copy), std::tie(y.processing_time, y.index, y.copy));
    }
  }
}

TEST(ScenarioProperties, NoDrawnDelayExceedsItsBound) {
  const auto events = dataset();
  const auto s = everything();
  const Duration late_lo = s.watermark_delay + s.late.extra;
  for (int seed = 0; seed < kSeeds; ++seed) {
    const auto seq = apply_scenario(events, s, static_cast<std::uint64_t>(seed));
    for (const auto& a : seq.arrivals) {
      if (a.late_injected) {
        ASSERT_GT(a.drawn_delay, late_lo);
        ASSERT_LE(a.drawn_delay, late_lo + s.late.spread);
      } else {
        ASSERT_GE(a.drawn_delay, s.delay.min);
        ASSERT_LE(a.drawn_delay, s.delay.max);
      }
      ASSERT_GE(a.delay, a.drawn_delay);  // holds and lags only ever add
    }
  }
}

TEST(ScenarioProperties, ExponentialDelayIsCappedAtItsBound) {
  const auto events = dataset();
  Scenario s;
  s.delay = DelaySpec{DelayDistribution::Exponential, Duration{100}, Duration{1000}, Duration{2000}};
  std::size_t at_cap = 0;
  for (int seed = 0; seed < kSeeds; ++seed) {
    for (const auto& a : apply_scenario(events, s, static_cast<std::uint64_t>(seed)).arrivals) {
      ASSERT_GE(a.drawn_delay, Duration{100});
      ASSERT_LE(a.drawn_delay, Duration{1000});
      at_cap += a.drawn_delay == Duration{1000} ? 1 : 0;
    }
  }
  // P(exp(mean 2s) > 900ms) = e^-0.45 ~ 0.64 of the draws hit the cap.
  const double n = kSeeds * 400.0;
  EXPECT_NEAR(static_cast<double>(at_cap) / n, std::exp(-0.45), 0.02);
}

TEST(ScenarioProperties, LateFractionIsWithinFourSigmaOfTheConfiguredFraction) {
  const auto events = dataset();
  const auto s = everything();
  std::size_t late = 0;
  std::size_t duplicates = 0;
  for (int seed = 0; seed < kSeeds; ++seed) {
    const auto seq = apply_scenario(events, s, static_cast<std::uint64_t>(seed));
    std::size_t late_events = 0;
    for (const auto& a : seq.arrivals) late_events += (a.late_injected && a.copy == 0) ? 1 : 0;
    EXPECT_EQ(late_events, seq.stats.late_injected);
    late += late_events;
    duplicates += seq.stats.duplicates;
  }
  const double n = kSeeds * static_cast<double>(events.size());
  const auto within_four_sigma = [n](std::size_t hits, double p) {
    return std::abs(static_cast<double>(hits) - n * p) <= 4.0 * std::sqrt(n * p * (1 - p));
  };
  EXPECT_TRUE(within_four_sigma(late, s.late.fraction)) << late << " of " << n;
  EXPECT_TRUE(within_four_sigma(duplicates, s.duplicates.fraction)) << duplicates << " of " << n;
}

TEST(ScenarioProperties, LateInjectedEventsAreBehindTheWatermarkWhenLaterEventsExist) {
  // With late.extra >= delay.max + the gap between events (here 4s + 1s), a late event arrives
  // after an on-time event later than it by more than the watermark delay, so the watermark
  // `max seen - watermark_delay` has passed it.
  const auto events = dataset();
  Scenario s;
  s.partitions = 3;
  s.delay = DelaySpec{DelayDistribution::Uniform, Duration{0}, Duration{4000}, Duration{0}};
  s.watermark_delay = Duration{5000};
  s.late = LateSpec{0.05, Duration{5000}, Duration{10'000}};
  const Timestamp last = events.back().timestamp;
  std::size_t checked = 0;
  for (int seed = 0; seed < kSeeds; ++seed) {
    const auto seq = apply_scenario(events, s, static_cast<std::uint64_t>(seed));
    std::optional<Timestamp> max_seen;
    for (const auto& a : seq.arrivals) {
      if (a.late_injected && a.record.timestamp + s.watermark_delay + s.late.extra + s.late.spread < last) {
        ASSERT_TRUE(max_seen.has_value());
        ASSERT_LT(a.record.timestamp, *max_seen - s.watermark_delay) << "seed " << seed;
        ++checked;
      }
      max_seen = std::max(max_seen.value_or(a.record.timestamp), a.record.timestamp);
    }
  }
  EXPECT_GT(checked, 0u);
}

TEST(ScenarioProperties, IdlePartitionHasNoArrivalsWhileIdleAndDeliversItsBacklogWhenBack) {
  const auto events = dataset();
  const auto s = everything();
  const Timestamp from{s.idle[0].from};
  const Timestamp until = from + s.idle[0].length;
  std::size_t backlog = 0;
  for (int seed = 0; seed < kSeeds; ++seed) {
    const auto seq = apply_scenario(events, s, static_cast<std::uint64_t>(seed));
    std::size_t held = 0;
    for (const auto& a : seq.arrivals) {
      if (a.partition != 1) continue;
      ASSERT_FALSE(a.processing_time >= from && a.processing_time < until)
          << "seed " << seed << " event " << a.index;
      const Timestamp due = unheld_time(a, s, seq.first_event_time, Duration{3000});
      if (due >= from && due < until) {
        ++held;
        // Held back until the partition comes back (or later, when that falls in a burst).
        ASSERT_GE(a.processing_time, until);
      }
    }
    EXPECT_GT(held, 0u) << "seed " << seed;
    backlog += held;
  }
  EXPECT_GT(backlog, 0u);
}

TEST(ScenarioProperties, SkewLagsEveryArrivalOfItsPartitionByTheConfiguredAmount) {
  const auto events = dataset();
  Scenario s;
  s.partitions = 3;
  s.delay = DelaySpec{DelayDistribution::Uniform, Duration{0}, Duration{2000}, Duration{0}};
  s.skew = {SkewSpec{2, Duration{3000}}, SkewSpec{0, Duration{500}}};
  for (int seed = 0; seed < kSeeds; ++seed) {
    for (const auto& a : apply_scenario(events, s, static_cast<std::uint64_t>(seed)).arrivals) {
      const Duration lag = a.partition == 2 ? Duration{3000} : a.partition == 0 ? Duration{500} : Duration{0};
      ASSERT_EQ(a.delay - a.drawn_delay, lag) << "partition " << a.partition;
    }
  }
}

TEST(ScenarioProperties, SkewHoldsTheMinimumWatermarkBackByTheLag) {
  // No random delay: partition 0 is exactly on time, partition 1 is 3s behind, so at processing
  // time T the largest event time seen on partition 1 is at most t0 + T - 3s, and the minimum over
  // partitions of `max seen` (the watermark with zero delay) is held back by the lag.
  const auto events = dataset();
  Scenario s;
  s.partitions = 2;
  s.skew = {SkewSpec{1, Duration{3000}}};
  const auto seq = apply_scenario(events, s, 1);
  std::optional<Timestamp> max_seen[2];
  bool lagging_seen = false;
  for (const auto& a : seq.arrivals) {
    auto& m = max_seen[a.partition];
    m = std::max(m.value_or(a.record.timestamp), a.record.timestamp);
    const Timestamp on_time = seq.first_event_time + a.processing_time.time_since_epoch();
    ASSERT_LE(*m, a.partition == 1 ? on_time - Duration{3000} : on_time);
    if (max_seen[0] && max_seen[1]) {
      const Timestamp minimum = std::min(*max_seen[0], *max_seen[1]);
      ASSERT_LE(minimum, on_time - Duration{3000});
      lagging_seen = true;
    }
  }
  EXPECT_TRUE(lagging_seen);
}

TEST(ScenarioProperties, BurstStretchesHaveNoArrivals) {
  const auto events = dataset();
  const auto s = everything();
  const auto& b = *s.bursts;
  for (int seed = 0; seed < kSeeds; ++seed) {
    const auto seq = apply_scenario(events, s, static_cast<std::uint64_t>(seed));
    for (const auto& a : seq.arrivals) {
      const auto t = a.processing_time.time_since_epoch();
      if (t < b.offset) continue;
      const auto into = (t - b.offset) % b.every;
      ASSERT_GE(into, b.length) << "arrival inside a burst stretch at " << t.count() << "ms";
    }
  }
}

TEST(ScenarioProperties, ArrivalsDueInABurstStretchAllArriveTogetherAtItsEnd) {
  const auto events = dataset();
  Scenario s;
  s.partitions = 2;
  s.delay = DelaySpec{DelayDistribution::Uniform, Duration{0}, Duration{3000}, Duration{0}};
  s.bursts = BurstSpec{Duration{20'000}, Duration{6000}, Duration{1000}};
  for (int seed = 0; seed < kSeeds; ++seed) {
    const auto seq = apply_scenario(events, s, static_cast<std::uint64_t>(seed));
    std::size_t held = 0;
    for (const auto& a : seq.arrivals) {
      const Duration due = (a.record.timestamp - seq.first_event_time) + a.drawn_delay;
      const Duration at = a.processing_time.time_since_epoch();
      if (due >= Duration{1000} && (due - Duration{1000}) % Duration{20'000} < Duration{6000}) {
        const Duration stretch_start = due - (due - Duration{1000}) % Duration{20'000};
        ASSERT_EQ(at, stretch_start + Duration{6000});
        ++held;
      } else {
        ASSERT_EQ(at, due);
      }
    }
    EXPECT_EQ(held, seq.stats.held_by_burst);
    EXPECT_GT(held, 0u);
  }
}

TEST(ScenarioProperties, PartitionsFollowKafkasPartitionerAndRoundRobinForNullKeys) {
  const auto events = dataset();
  const auto seq = apply_scenario(events, everything(), 5);
  // Null keys are events 0, 9, 18, ...: the n-th goes to partition n % 3.
  for (const auto& a : seq.arrivals) {
    if (a.record.key)
      EXPECT_EQ(a.partition, partition_for_key(*a.record.key, 3));
    else
      EXPECT_EQ(a.partition, static_cast<std::int32_t>((a.index / 9) % 3));
  }
}

}  // namespace
}  // namespace streamlab::sim

namespace streamlab::sim {
namespace {

// Every shipped scenario, over many seeds: each event accounted for, every drawn delay within its
// bounds, no arrival inside an idle stretch of its partition or inside a burst stretch.
TEST(ShippedScenarioProperties, HoldForEveryShippedScenarioOverManySeeds) {
  const auto events = dataset();
  for (const auto& shipped : shipped_scenarios()) {
    const Scenario s = *find_shipped_scenario(shipped.name);
    const Duration late_lo = s.watermark_delay + s.late.extra;
    const Duration late_hi = late_lo + std::max(s.late.spread, Duration{1});
    for (int seed = 0; seed < kSeeds; ++seed) {
      const auto seq = apply_scenario(events, s, static_cast<std::uint64_t>(seed));
      std::vector<int> originals(events.size(), 0);
      std::size_t copies = 0;
      for (const auto& a : seq.arrivals) {
        if (a.copy == 0) {
          ++originals[a.index];
        } else {
          ++copies;
        }
        if (a.late_injected) {
          ASSERT_GT(a.drawn_delay, late_lo) << shipped.name;
          ASSERT_LE(a.drawn_delay, late_hi) << shipped.name;
        } else {
          ASSERT_GE(a.drawn_delay, s.delay.min) << shipped.name;
          ASSERT_LE(a.drawn_delay, s.delay.max) << shipped.name;
        }
        ASSERT_LT(a.partition, s.partitions);
        for (const auto& idle : s.idle) {
          if (idle.partition != a.partition) continue;
          const auto t = a.processing_time.time_since_epoch();
          ASSERT_FALSE(t >= idle.from && t < idle.from + idle.length) << shipped.name;
        }
        if (s.bursts) {
          const auto t = a.processing_time.time_since_epoch();
          if (t >= s.bursts->offset) {
            ASSERT_GE((t - s.bursts->offset) % s.bursts->every, s.bursts->length) << shipped.name;
          }
        }
      }
      for (int n : originals) ASSERT_EQ(n, 1) << shipped.name;
      ASSERT_EQ(copies, seq.stats.duplicates) << shipped.name;
    }
  }
}

}  // namespace
}  // namespace streamlab::sim
