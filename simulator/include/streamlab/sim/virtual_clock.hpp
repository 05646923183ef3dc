/// @file
/// The simulator's processing-time clock: virtual, moved only by the simulation.
#pragma once

#include "streamlab/time.hpp"

namespace streamlab::sim {

/// A processing-time clock that never reads the machine's clock.
///
/// It starts at the epoch (processing time 0) at the start of a replay and moves only forward:
/// with arrivals (a source sets it to each arrival's time) and with `{"$advance": DUR}` lines.
/// Sharing one clock between a SimulatorSource and a SimulatorSink makes the sink append at the
/// processing time of the arrival being handled.
class VirtualClock {
 public:
  /// A clock at processing time 0 (the epoch).
  VirtualClock() = default;

  /// The current processing time.
  [[nodiscard]] Timestamp now() const noexcept { return now_; }

  /// Moves the clock to `t`.
  /// @throws std::invalid_argument when `t` is before now(): processing time never goes back.
  void advance_to(Timestamp t);

  /// Moves the clock forward by `d`.
  /// @throws std::invalid_argument when `d` is negative.
  void advance_by(Duration d);

 private:
  Timestamp now_{};
};

}  // namespace streamlab::sim
