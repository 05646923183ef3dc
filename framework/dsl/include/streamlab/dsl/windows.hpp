/// @file
/// Window definitions for windowedBy(): time windows (tumbling or hopping) and session windows,
/// each with its grace (allowed lateness).
#pragma once

#include "streamlab/engine/window.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// Tumbling or hopping windows of event time (Kafka Streams' TimeWindows).
///
/// `TimeWindows::ofSize(1min)` is tumbling; `.advanceBy(30s)` makes it hopping; `.grace(10s)`
/// keeps a fired window 10 s more for late events (LATE panes), after which late events go to
/// the late output.
class TimeWindows {
 public:
  /// Tumbling windows of `size`, no grace.
  static TimeWindows ofSize(Duration size) { return TimeWindows{size, size, Duration{0}}; }
  /// Hopping windows starting every `advance` (`advance <= size`).
  [[nodiscard]] TimeWindows advanceBy(Duration advance) const { return TimeWindows{size_, advance, grace_}; }
  /// Keeps each window `lateness` past its end for late events (allowed lateness).
  [[nodiscard]] TimeWindows grace(Duration lateness) const { return TimeWindows{size_, advance_, lateness}; }

  /// The engine's window specification.
  /// @throws std::invalid_argument for a size or advance that is not positive, or advance > size.
  [[nodiscard]] WindowSpec spec() const {
    return advance_ == size_ ? WindowSpec::tumbling(size_) : WindowSpec::hopping(size_, advance_);
  }
  /// The grace period.
  [[nodiscard]] Duration grace_period() const { return grace_; }

 private:
  TimeWindows(Duration size, Duration advance, Duration grace)
      : size_(size), advance_(advance), grace_(grace) {}
  Duration size_;
  Duration advance_;
  Duration grace_;
};

/// Session windows per key, closed by a gap of inactivity (Kafka Streams' SessionWindows).
/// A session is `[first event, last event + gap)`; sessions that overlap or touch merge.
class SessionWindows {
 public:
  /// Sessions with inactivity gap `gap`, no grace.
  static SessionWindows withGap(Duration gap) { return SessionWindows{gap, Duration{0}}; }
  /// Keeps each session `lateness` past its end for late events.
  [[nodiscard]] SessionWindows grace(Duration lateness) const { return SessionWindows{gap_, lateness}; }

  /// The engine's window specification.
  [[nodiscard]] WindowSpec spec() const { return WindowSpec::session(gap_); }
  /// The grace period.
  [[nodiscard]] Duration grace_period() const { return grace_; }

 private:
  SessionWindows(Duration gap, Duration grace) : gap_(gap), grace_(grace) {}
  Duration gap_;
  Duration grace_;
};

}  // namespace streamlab
