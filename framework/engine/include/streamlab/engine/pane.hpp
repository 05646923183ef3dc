/// @file
/// Panes, output modes, triggers and time domains: when and how a window's result is emitted.
#pragma once

#include <iosfwd>
#include <string_view>

#include "streamlab/time.hpp"

namespace streamlab {

/// Why a window result was emitted (Beam's pane timing).
enum class Pane {
  OnTime,    ///< The window became complete (`W >= end`): the first final result.
  Late,      ///< A late event accepted within allowed lateness changed an already fired window.
  Update,    ///< `update` mode: the window changed.
  Early,     ///< Early firing: the open window changed since its last pane.
  Complete,  ///< `complete` mode: one row of the whole result table.
};

/// The pane's name as written in results: `ON_TIME`, `LATE`, `UPDATE`, `EARLY`, `COMPLETE`.
[[nodiscard]] std::string_view to_string(Pane pane);

/// Prints the pane's name (`ON_TIME`, `LATE`, ...), in test failures and logs.
std::ostream& operator<<(std::ostream& os, Pane pane);

/// Which results an operator emits (Spark's output modes).
enum class EmitMode {
  Final,     ///< One ON_TIME result per window when complete, plus LATE for late updates.
  Update,    ///< The window's current value after every change (UPDATE).
  Complete,  ///< The whole table of kept windows at every trigger (COMPLETE).
};

/// The mode's name: `final`, `update`, `complete`.
[[nodiscard]] std::string_view to_string(EmitMode mode);
/// Parses `final`, `update` or `complete`.
/// @throws std::invalid_argument naming the accepted values.
[[nodiscard]] EmitMode parse_emit_mode(std::string_view text);

/// When an operator does its work: per record (Flink) or per processing-time batch (Spark).
struct Trigger {
  /// The trigger model.
  enum class Kind {
    Continuous,  ///< Every record is processed at once: lateness, state, watermark, firing.
    MicroBatch,  ///< Records are grouped by processing-time interval; watermark moves per batch.
  };
  Kind kind{Kind::Continuous};  ///< The trigger model.
  Duration interval{0};         ///< Batch interval `P` of the micro-batch model.

  /// Per-record processing.
  static Trigger continuous() { return {Kind::Continuous, Duration{0}}; }
  /// Batches of `interval` processing time (must be positive).
  static Trigger micro_batch(Duration interval) { return {Kind::MicroBatch, interval}; }
  /// Field-by-field equality.
  friend bool operator==(const Trigger&, const Trigger&) = default;
};

/// Parses `continuous` or `micro-batch:DUR` (DUR positive).
/// @throws std::invalid_argument naming what is wrong.
[[nodiscard]] Trigger parse_trigger(std::string_view text);

/// Which clock windows are defined on.
enum class TimeDomain {
  Event,       ///< The event's own timestamp; the watermark tracks progress.
  Processing,  ///< The arrival's processing time; the processing clock is the watermark.
};

/// Parses `event` or `processing`.
/// @throws std::invalid_argument naming the accepted values.
[[nodiscard]] TimeDomain parse_time_domain(std::string_view text);

}  // namespace streamlab
