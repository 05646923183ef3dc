// Internal: the bounded-out-of-orderness watermark that exports and produce() write as marks.
#pragma once

#include <optional>

#include "streamlab/time.hpp"

namespace streamlab::sim::detail {

/// Tracks `max event time seen - delay` and reports each rise.
class BoundedWatermark {
 public:
  /// A watermark lagging the largest event time by `delay`.
  explicit BoundedWatermark(Duration delay) : delay_(delay) {}
  /// Observes an event time; returns the new watermark when it rose.
  std::optional<Timestamp> observe(Timestamp event_time) {
    const Timestamp candidate = event_time - delay_;
    if (seen_ && candidate <= current_) return std::nullopt;
    seen_ = true;
    current_ = candidate;
    return candidate;
  }

 private:
  Duration delay_;
  // A plain flag rather than std::optional: g++ 12 warns falsely on an optional time_point.
  bool seen_{false};
  Timestamp current_{};
};

}  // namespace streamlab::sim::detail
