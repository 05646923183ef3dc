/// @file
/// Where a replay delivers its arrivals: a windowing job, an observer of the watermark, and
/// (from the Kafka connector) a topic on a broker.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "streamlab/engine/watermark.hpp"
#include "streamlab/sim/arrival.hpp"
#include "streamlab/time.hpp"

namespace streamlab::replay {

/// What a target reports for the live view; fields a target cannot know stay at their defaults.
struct TargetProgress {
  Timestamp watermark{kMinTimestamp};  ///< The current event-time watermark.
  std::int64_t windows_open{0};        ///< Windows holding state that have not fired yet.
  std::int64_t panes{0};               ///< Panes (window results) emitted so far.
  std::int64_t late_accepted{0};       ///< Events accepted late into a window kept by lateness.
  std::int64_t late_dropped{0};        ///< Events dropped from every window (the late output).
  std::int64_t behind_watermark{0};    ///< Events whose time was behind the watermark on arrival.
  std::int64_t dead_letters{0};        ///< Lines the target could not read.
};

/// The destination of a replay. The replay calls deliver() for each arrival at its paced time,
/// advance() when processing time moves, and finish() once at the end or on Ctrl-C.
class ReplayTarget {
 public:
  virtual ~ReplayTarget() = default;

  /// Processing time moved forward to `processing_time` (virtual; the clock starts at the epoch)
  /// before the next delivery.
  virtual void advance(Timestamp processing_time) { (void)processing_time; }

  /// One arrival: its record's value is the dataset's JSON line.
  virtual void deliver(const sim::Arrival& arrival) = 0;

  /// The replay delivered a batch of arrivals due at the same real time and will now wait or
  /// redraw: a buffering target hands them on here. The default does nothing.
  virtual void flush() {}

  /// The replay is over: `stopped` is true when it was interrupted (Ctrl-C) before the end.
  /// A windowing target then ends its input, so every open window fires.
  virtual void finish(bool stopped) = 0;

  /// Counters for the live view; safe to call at any time.
  [[nodiscard]] virtual TargetProgress progress() const = 0;

  /// One line naming the target, for the view's header (`window job tumbling:5m count`).
  [[nodiscard]] virtual std::string describe() const = 0;
};

/// A target that only watches: it keeps the bounded-out-of-orderness watermark
/// `max event time seen - delay` (semantics.md, with the engine's WatermarkTracker) and counts
/// events behind it on arrival. Over several partitions it keeps one per partition, by the
/// arrivals' partitions, and the watermark is their minimum.
class WatermarkObserver final : public ReplayTarget {
 public:
  /// An observer with watermark delay `delay` over `partitions` partitions.
  explicit WatermarkObserver(Duration delay, std::size_t partitions = 1);

  void deliver(const sim::Arrival& arrival) override;
  void finish(bool stopped) override;
  [[nodiscard]] TargetProgress progress() const override { return progress_; }
  [[nodiscard]] std::string describe() const override;

 private:
  Duration delay_;
  WatermarkTracker tracker_;
  TargetProgress progress_;
};

}  // namespace streamlab::replay
