/// @file
/// Pacing a replay against real time: when each arrival is due on the wall clock.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "streamlab/time.hpp"

namespace streamlab::replay {

/// The real clock a live replay runs on; tests pass time points of their own instead.
using RealClock = std::chrono::steady_clock;

/// How fast a replay runs: `factor` seconds of processing time per real second, or as fast as
/// possible.
struct Speed {
  /// Seconds of virtual time per real second (60 = one minute per second); std::nullopt is `max`.
  std::optional<double> factor;

  /// As fast as possible: no waiting at all.
  static Speed max() { return Speed{}; }
  /// Whether this is `max`.
  [[nodiscard]] bool is_max() const { return !factor.has_value(); }
};

/// Parses `60`, `0.5`, `1x` or `max`.
/// @throws std::invalid_argument naming the text when it is not a positive number or `max`.
Speed parse_speed(std::string_view text);

/// Maps virtual processing times to real due times: the first arrival is due at once, and each
/// later one `(virtual gap) / speed` after it. Holds no clock, so it is tested without sleeping.
class Pacer {
 public:
  /// A pacer for `speed`.
  explicit Pacer(Speed speed) : speed_(speed) {}

  /// Anchors the pacing: the arrival at virtual time `first` is due at real time `now`.
  void start(Timestamp first, RealClock::time_point now);

  /// Real time at which an arrival at virtual time `t` is due (`now` of start() for `max`).
  [[nodiscard]] RealClock::time_point due(Timestamp t) const;

  /// How long to wait at real time `now` before delivering an arrival at virtual time `t`
  /// (zero when it is already due).
  [[nodiscard]] RealClock::duration wait_before(Timestamp t, RealClock::time_point now) const;

  /// Virtual processing time that real time `now` corresponds to (the anchor for `max`).
  [[nodiscard]] Timestamp virtual_now(RealClock::time_point now) const;

  /// The speed.
  [[nodiscard]] Speed speed() const { return speed_; }

 private:
  Speed speed_;
  Timestamp first_{};
  RealClock::time_point real_start_{};
};

}  // namespace streamlab::replay
