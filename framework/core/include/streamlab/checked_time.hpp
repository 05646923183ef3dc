/// @file
/// The one policy for time values that come from outside: the range of valid event times and
/// checked or saturating arithmetic on timestamps and durations (docs/semantics.md, "Time").
/// Every reader and every window, watermark and scenario computation uses these, so a hostile
/// input gives a dead letter or a usage error, never a wrapped value.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "streamlab/time.hpp"

namespace streamlab {

/// The earliest valid event time, 0000-01-01T00:00:00Z.
inline constexpr Timestamp kMinEventTime = from_millis(-62'167'219'200'000);

/// The latest valid event time, 9999-12-31T23:59:59.999Z.
inline constexpr Timestamp kMaxEventTime = from_millis(253'402'300'799'999);

/// The dead-letter reason of an event time outside [kMinEventTime, kMaxEventTime].
inline constexpr std::string_view kTimeOutOfRange = "time out of range";

/// Whether `t` is a valid event time: within [kMinEventTime, kMaxEventTime].
[[nodiscard]] constexpr bool is_valid_event_time(Timestamp t) {
  return kMinEventTime <= t && t <= kMaxEventTime;
}

/// `a + b`, or std::nullopt when the sum does not fit in 64-bit milliseconds.
[[nodiscard]] constexpr std::optional<Duration> checked_add(Duration a, Duration b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a.count(), b.count(), &sum)) return std::nullopt;
  return Duration{sum};
}

/// `n * unit`, or std::nullopt when the product does not fit in 64-bit milliseconds.
[[nodiscard]] constexpr std::optional<Duration> checked_mul(std::int64_t n, Duration unit) {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(n, unit.count(), &product)) return std::nullopt;
  return Duration{product};
}

/// `t + d`, clamped to kMaxTimestamp or kMinTimestamp instead of overflowing (so `end + allowed
/// lateness` of a window near the end of time stays ordered).
[[nodiscard]] constexpr Timestamp saturating_add(Timestamp t, Duration d) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(to_millis(t), d.count(), &sum)) {
    return d.count() > 0 ? kMaxTimestamp : kMinTimestamp;
  }
  return from_millis(sum);
}

/// `t - d`, clamped to kMinTimestamp or kMaxTimestamp instead of overflowing.
[[nodiscard]] constexpr Timestamp saturating_sub(Timestamp t, Duration d) {
  std::int64_t difference = 0;
  if (__builtin_sub_overflow(to_millis(t), d.count(), &difference)) {
    return d.count() > 0 ? kMinTimestamp : kMaxTimestamp;
  }
  return from_millis(difference);
}

/// `a + b` for durations, clamped to the largest or smallest duration instead of overflowing.
[[nodiscard]] constexpr Duration saturating_add(Duration a, Duration b) {
  if (auto sum = checked_add(a, b)) return *sum;
  return b.count() > 0 ? Duration{std::numeric_limits<std::int64_t>::max()}
                       : Duration{std::numeric_limits<std::int64_t>::min()};
}

/// `t - u` as a duration, clamped instead of overflowing (the distance between two instants
/// that may be the infinite watermarks).
[[nodiscard]] constexpr Duration saturating_between(Timestamp t, Timestamp u) {
  std::int64_t difference = 0;
  if (__builtin_sub_overflow(to_millis(t), to_millis(u), &difference)) {
    return t > u ? Duration{std::numeric_limits<std::int64_t>::max()}
                 : Duration{std::numeric_limits<std::int64_t>::min()};
  }
  return Duration{difference};
}

}  // namespace streamlab
