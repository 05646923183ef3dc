/// @file
/// Watermarks: how far event time has progressed, per input partition and for an operator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamlab/time.hpp"

namespace streamlab {

/// Index of an operator's input partition (0-based), the unit of watermark tracking.
using PartitionId = std::size_t;

/// How watermarks are generated from the events of a partition (Flink's `WatermarkStrategy`).
struct WatermarkStrategy {
  /// The generation rule.
  enum class Kind {
    Bounded,  ///< `W = max_timestamp_seen - max_out_of_orderness` per partition.
    Manual,   ///< Only explicit marks (`{"$watermark": T}`) move the watermark.
  };
  Kind kind{Kind::Bounded};          ///< The generation rule.
  Duration max_out_of_orderness{0};  ///< The delay `D` of the bounded rule.
  /// A partition with no record for this long in processing time is left out of the minimum
  /// until it delivers again (Flink's `withIdleness`); std::nullopt never marks one idle.
  std::optional<Duration> idleness;

  /// Bounded out-of-orderness with delay `delay`.
  static WatermarkStrategy bounded(Duration delay) { return {Kind::Bounded, delay, std::nullopt}; }
  /// Only explicit marks move the watermark.
  static WatermarkStrategy manual() { return {Kind::Manual, Duration{0}, std::nullopt}; }
  /// A copy of this strategy that treats a partition silent for `timeout` as idle.
  [[nodiscard]] WatermarkStrategy with_idleness(Duration timeout) const {
    WatermarkStrategy copy = *this;
    copy.idleness = timeout;
    return copy;
  }
  /// Writes the strategy as parse_watermark_strategy() reads it (`bounded:10m`, `manual`).
  [[nodiscard]] std::string describe() const;
  /// Field-by-field equality.
  friend bool operator==(const WatermarkStrategy&, const WatermarkStrategy&) = default;
};

/// Parses `bounded:DELAY` or `manual`.
/// @throws std::invalid_argument naming what is wrong.
[[nodiscard]] WatermarkStrategy parse_watermark_strategy(std::string_view text);

/// The progress of one input partition, as a WatermarkTracker keeps it.
struct PartitionProgress {
  bool seen{false};                   ///< Whether the partition has delivered any event.
  Timestamp max_seen{kMinTimestamp};  ///< Largest event timestamp seen.
  Timestamp last_active{};            ///< Processing time of its last event (or of the start).
  /// Field-by-field equality.
  friend bool operator==(const PartitionProgress&, const PartitionProgress&) = default;
};

/// Everything a WatermarkTracker knows, copyable for checkpoints.
struct WatermarkTrackerState {
  std::vector<PartitionProgress> partitions;  ///< One entry per input partition.
  Timestamp current{kMinTimestamp};           ///< The operator watermark (never decreases).
  Timestamp processing_time{};                ///< The latest processing time observed.
  /// True until the tracker observes its first processing time, when it was built without a
  /// start time: the idleness clocks then start at that first observation, not at the epoch
  /// (wall-clock processing time is ~1.7e12 ms, which would make every partition idle at once).
  bool clock_pending{false};
  /// Field-by-field equality.
  friend bool operator==(const WatermarkTrackerState&, const WatermarkTrackerState&) = default;
};

/// Keeps one watermark per input partition and combines them into the operator's watermark:
/// the minimum over the partitions that are not idle (if all are idle, the maximum, as Flink's
/// StatusWatermarkValve does). Explicit marks raise the operator watermark directly. The
/// watermark never moves backwards.
class WatermarkTracker {
 public:
  /// A tracker over `partitions` partitions (at least one), starting at processing time `start`;
  /// without one, the idleness clock of each partition starts at the first processing time the
  /// tracker observes.
  explicit WatermarkTracker(WatermarkStrategy strategy, std::size_t partitions = 1,
                            std::optional<Timestamp> start = std::nullopt);

  /// Records an event of `partition` with `event_time`, seen at `processing_time`; a partition
  /// beyond the declared ones is added. Returns the operator watermark afterwards.
  Timestamp on_event(PartitionId partition, Timestamp event_time, Timestamp processing_time) {
    // One bounded partition (the common case): its watermark is the operator's, and idleness
    // cannot lower a minimum over one partition.
    if (partition == 0 && state_.partitions.size() == 1 &&
        strategy_.kind == WatermarkStrategy::Kind::Bounded) {
      if (state_.clock_pending) [[unlikely]]
        start_clock(processing_time);
      PartitionProgress& p = state_.partitions[0];
      if (processing_time > state_.processing_time) state_.processing_time = processing_time;
      p.seen = true;
      p.last_active = state_.processing_time;
      if (event_time > p.max_seen) p.max_seen = event_time;
      std::int64_t w = 0;  // max_seen - D; an overflow (near the start of time) leaves W alone
      if (!__builtin_sub_overflow(to_millis(p.max_seen), strategy_.max_out_of_orderness.count(), &w) &&
          from_millis(w) > state_.current) {
        state_.current = from_millis(w);
      }
      return state_.current;
    }
    return on_event_any(partition, event_time, processing_time);
  }
  /// Raises the operator watermark to at least `mark` (a `{"$watermark": T}` line).
  Timestamp on_mark(Timestamp mark);
  /// Moves processing time to `now` (never backwards), which may make partitions idle.
  Timestamp on_processing_time(Timestamp now);
  /// End of a bounded input: the watermark becomes kMaxTimestamp.
  Timestamp on_end_of_input();

  /// The operator watermark: kMinTimestamp before the first event.
  [[nodiscard]] Timestamp current() const { return state_.current; }
  /// The watermark of one partition (kMinTimestamp before its first event, or always with the
  /// manual strategy).
  [[nodiscard]] Timestamp partition_watermark(PartitionId partition) const;
  /// Whether a partition is currently left out of the minimum for idleness.
  [[nodiscard]] bool is_idle(PartitionId partition) const;
  /// Number of partitions tracked.
  [[nodiscard]] std::size_t partition_count() const { return state_.partitions.size(); }
  /// The strategy in use.
  [[nodiscard]] const WatermarkStrategy& strategy() const { return strategy_; }

  /// A copy of the tracker's state, for checkpoints.
  [[nodiscard]] const WatermarkTrackerState& state() const { return state_; }
  /// Replaces the tracker's state with a checkpointed one.
  void restore(const WatermarkTrackerState& state) { state_ = state; }

 private:
  Timestamp on_event_any(PartitionId partition, Timestamp event_time, Timestamp processing_time);
  void recompute();
  void start_clock(Timestamp first_processing_time);
  WatermarkStrategy strategy_;
  WatermarkTrackerState state_;
};

}  // namespace streamlab
