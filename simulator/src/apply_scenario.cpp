#include "streamlab/sim/apply_scenario.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

#include "streamlab/sim/partitioner.hpp"
#include "streamlab/sim/random.hpp"

namespace streamlab::sim {
namespace {

void validate(const Scenario& s) {
  if (s.partitions <= 0) throw std::invalid_argument("scenario: partitions must be positive");
  if (s.delay.min < Duration::zero() || s.delay.max < s.delay.min)
    throw std::invalid_argument("scenario: delay needs 0 <= min <= max");
  if (!(s.late.fraction >= 0.0 && s.late.fraction <= 1.0) ||
      !(s.duplicates.fraction >= 0.0 && s.duplicates.fraction <= 1.0))
    throw std::invalid_argument("scenario: fractions must be in [0,1]");
  for (const auto& idle : s.idle)
    if (idle.partition < 0 || idle.partition >= s.partitions || idle.length <= Duration::zero())
      throw std::invalid_argument(
          "scenario: an idle stretch needs a partition of the topic and a "
          "positive length");
  for (const auto& skew : s.skew)
    if (skew.partition < 0 || skew.partition >= s.partitions)
      throw std::invalid_argument("scenario: a skew needs a partition of the topic");
  if (s.bursts && (s.bursts->every <= Duration::zero() || s.bursts->length <= Duration::zero() ||
                   s.bursts->length >= s.bursts->every || s.bursts->offset < Duration::zero() ||
                   s.bursts->offset >= s.bursts->every))
    throw std::invalid_argument("scenario: bursts need 0 < length < every and 0 <= offset < every");
  const auto in_range = [](Duration d) { return d >= Duration::zero() && d <= kMaxScenarioDuration; };
  bool durations_ok = in_range(s.delay.min) && in_range(s.delay.max) && in_range(s.delay.mean) &&
                      in_range(s.watermark_delay) && in_range(s.late.extra) && in_range(s.late.spread) &&
                      in_range(s.duplicates.delay) &&
                      (!s.bursts || (in_range(s.bursts->every) && in_range(s.bursts->offset)));
  for (const auto& idle : s.idle) durations_ok = durations_ok && in_range(idle.from) && in_range(idle.length);
  for (const auto& skew : s.skew) durations_ok = durations_ok && in_range(skew.lag);
  if (!durations_ok)
    throw std::invalid_argument("scenario: every duration must be in [0, " +
                                format_duration(kMaxScenarioDuration) + "]");
}

Duration draw_delay(SplitMix64& rng, const DelaySpec& spec) {
  const std::int64_t lo = spec.min.count();
  const std::int64_t hi = spec.max.count();
  if (spec.distribution == DelayDistribution::Uniform) return Duration{uniform_int(rng, lo, hi)};
  const double tail = exponential(rng, static_cast<double>(spec.mean.count()));
  const double capped = std::min(tail, static_cast<double>(hi - lo));
  return Duration{lo + static_cast<std::int64_t>(capped)};
}

Duration late_delay(SplitMix64& rng, const Scenario& s) {
  const std::int64_t spread = std::max<std::int64_t>(1, s.late.spread.count());
  return s.watermark_delay + s.late.extra + Duration{uniform_int(rng, 1, spread)};
}

// Moves `t` to the end of every idle stretch of `partition` it falls in (stretches sorted by start).
bool hold_idle(Timestamp& t, std::int32_t partition, const std::vector<IdleSpec>& idle) {
  bool held = false;
  for (const IdleSpec& stretch : idle) {
    if (stretch.partition != partition) continue;
    const Timestamp from{stretch.from};
    const Timestamp until = from + stretch.length;
    if (t >= from && t < until) {
      t = until;
      held = true;
    }
  }
  return held;
}

bool hold_burst(Timestamp& t, const BurstSpec& burst) {
  const Duration since_epoch = t.time_since_epoch();
  if (since_epoch < burst.offset) return false;
  const auto k = (since_epoch - burst.offset) / burst.every;
  const Timestamp start{burst.offset + k * burst.every};
  if (t < start + burst.length) {
    t = start + burst.length;
    return true;
  }
  return false;
}

}  // namespace

ArrivalSequence apply_scenario(std::span<const Record> records, const Scenario& scenario,
                               std::optional<std::uint64_t> seed) {
  validate(scenario);
  ArrivalSequence out;
  out.seed = seed.value_or(scenario.seed);
  out.partitions = scenario.partitions;
  out.watermark_delay = scenario.watermark_delay;
  out.stats.events = records.size();
  if (records.empty()) return out;

  out.first_event_time =
      std::min_element(records.begin(), records.end(), [](const Record& a, const Record& b) {
        return a.timestamp < b.timestamp;
      })->timestamp;

  // One generator per kind of choice, split from the seed in a fixed order, so that the delays
  // stay the same when only the late or duplicate fraction changes.
  SplitMix64 master(out.seed);
  SplitMix64 delay_rng = master.split();
  SplitMix64 late_rng = master.split();
  SplitMix64 duplicate_rng = master.split();

  std::vector<Duration> skew(static_cast<std::size_t>(scenario.partitions), Duration{0});
  for (const SkewSpec& s : scenario.skew) skew[static_cast<std::size_t>(s.partition)] = s.lag;
  std::vector<IdleSpec> idle = scenario.idle;
  std::stable_sort(idle.begin(), idle.end(),
                   [](const IdleSpec& a, const IdleSpec& b) { return a.from < b.from; });

  DefaultPartitioner partitioner(scenario.partitions);
  out.arrivals.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Record& record = records[i];
    Arrival a;
    a.index = i;
    a.partition = partitioner.partition(record.key);
    a.record = record;
    const Duration random_delay = draw_delay(delay_rng, scenario.delay);
    a.late_injected = bernoulli(late_rng, scenario.late.fraction);
    a.drawn_delay = a.late_injected ? late_delay(late_rng, scenario) : random_delay;
    const Duration offset = record.timestamp - out.first_event_time;
    a.processing_time = Timestamp{offset + skew[static_cast<std::size_t>(a.partition)] + a.drawn_delay};
    if (a.late_injected) ++out.stats.late_injected;
    const bool duplicated = bernoulli(duplicate_rng, scenario.duplicates.fraction);
    out.arrivals.push_back(a);
    if (duplicated) {
      Arrival copy = std::move(a);
      copy.copy = 1;
      copy.duplicate = true;
      copy.processing_time += scenario.duplicates.delay;
      out.arrivals.push_back(std::move(copy));
      ++out.stats.duplicates;
    }
  }

  for (Arrival& a : out.arrivals) {
    // Holds only move an arrival later; repeat until it falls neither in an idle stretch of its
    // partition nor in a burst stretch (a release from one can land inside the other).
    bool by_idle = false;
    bool by_burst = false;
    for (bool moved = true; moved;) {
      const bool idle_moved = hold_idle(a.processing_time, a.partition, idle);
      const bool burst_moved = scenario.bursts && hold_burst(a.processing_time, *scenario.bursts);
      by_idle |= idle_moved;
      by_burst |= burst_moved;
      moved = idle_moved || burst_moved;
    }
    if (by_idle) ++out.stats.held_by_idle;
    if (by_burst) ++out.stats.held_by_burst;
    a.delay = a.processing_time.time_since_epoch() - (a.record.timestamp - out.first_event_time);
  }
  std::sort(out.arrivals.begin(), out.arrivals.end(), [](const Arrival& x, const Arrival& y) {
    return std::tie(x.processing_time, x.index, x.copy) < std::tie(y.processing_time, y.index, y.copy);
  });
  out.stats.arrivals = out.arrivals.size();
  return out;
}

}  // namespace streamlab::sim
