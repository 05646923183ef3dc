/// @file
/// One replay of an arrival sequence into a target, as a step machine driven by real time points
/// it is handed: the Asio loop hands it the steady clock, tests hand it virtual time points.
#pragma once

#include <cstddef>
#include <cstdint>

#include "streamlab/replay/pacer.hpp"
#include "streamlab/replay/replay_target.hpp"
#include "streamlab/sim/arrival.hpp"

namespace streamlab::replay {

/// A snapshot of a replay for the live view and the final summary.
struct ReplayStatus {
  std::size_t sent{0};   ///< Arrivals delivered so far.
  std::size_t total{0};  ///< Arrivals in the sequence.
  /// Virtual processing time of the last delivery (the simulator's clock starts at the epoch).
  Timestamp processing_time{};
  Timestamp last_processing_time{};     ///< Virtual processing time of the final arrival.
  Timestamp event_time{kMinTimestamp};  ///< Event time of the last delivered arrival.
  RealClock::duration elapsed{};        ///< Real time since the start.
  Speed speed{};                        ///< The pacing speed.
  bool stopped{false};                  ///< Interrupted before the end (Ctrl-C).
  bool finished{false};                 ///< The target was finished.
  bool paused{false};                   ///< Paused from the web view.
  TargetProgress target;                ///< The target's counters.
  /// Dataset lines that could not be read at all (never sent; listed when the dataset was read).
  std::size_t input_dead_letters{0};

  /// Arrivals per real second so far (0 before any time passed).
  [[nodiscard]] double rate() const;
  /// Estimated real time left: the virtual time left divided by the speed, or for `max` the
  /// arrivals left at the current rate; std::nullopt when unknown.
  [[nodiscard]] std::optional<RealClock::duration> eta() const;
};

/// Delivers an arrival sequence to a target at the times a Pacer gives. Keeps a reference to the
/// sequence and the target; both must outlive it.
class ReplayRun {
 public:
  /// A replay of `sequence` into `target` at `speed`.
  ReplayRun(const sim::ArrivalSequence& sequence, ReplayTarget& target, Speed speed);

  /// Anchors the pacing at real time `now`; call once before deliver_due().
  void start(RealClock::time_point now);

  /// Whether every arrival was delivered or the run was stopped.
  [[nodiscard]] bool done() const { return stopped_ || next_ >= sequence_.arrivals.size(); }

  /// Real time at which the next arrival is due (meaningless once done()).
  [[nodiscard]] RealClock::time_point next_due() const;

  /// Delivers every arrival due at real time `now`, at most `limit` of them (so a `max` replay
  /// still yields to the view and to signals), and finishes the target after the last one.
  /// @returns the number delivered.
  std::size_t deliver_due(RealClock::time_point now, std::size_t limit = 4096);

  /// The Ctrl-C path: delivers nothing more and finishes the target as interrupted. Idempotent;
  /// does nothing after a complete run.
  void stop();

  /// Pauses the pacing at real time `now`: deliver_due() delivers nothing until resume() (step()
  /// still delivers one arrival at a time).
  void pause(RealClock::time_point now);

  /// Resumes after pause() from the processing time where it paused (or of the last step), so a
  /// pause shifts the rest of the replay instead of rushing to catch up.
  void resume(RealClock::time_point now);

  /// Whether the replay is paused.
  [[nodiscard]] bool paused() const { return paused_; }

  /// Delivers the next arrival now, whatever its due time (the web view's step button).
  /// @returns the number delivered (0 when done).
  std::size_t step();

  /// Changes the speed at real time `now`, going on from the current processing time.
  void set_speed(Speed speed, RealClock::time_point now);

  /// Records how many dataset lines were dead letters before the replay, for the summary.
  void set_input_dead_letters(std::size_t n) { input_dead_letters_ = n; }

  /// The current status at real time `now`.
  [[nodiscard]] ReplayStatus status(RealClock::time_point now) const;

 private:
  void finish(bool stopped);
  void deliver_next();
  [[nodiscard]] Timestamp virtual_position(RealClock::time_point now) const;

  const sim::ArrivalSequence& sequence_;
  ReplayTarget& target_;
  Pacer pacer_;
  RealClock::time_point started_{};
  std::size_t next_{0};
  Timestamp processing_time_{};
  Timestamp event_time_{kMinTimestamp};
  bool stopped_{false};
  bool finished_{false};
  bool paused_{false};
  Timestamp paused_at_{};
  std::size_t input_dead_letters_{0};
};

}  // namespace streamlab::replay
