/// @file
/// One windowed aggregation over a stream of JSON lines: everything `streamlab window` and
/// `streamlab trace` do, callable in-process by tests and benchmarks.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "streamlab/engine/aggregation_spec.hpp"
#include "streamlab/engine/window_operator.hpp"

namespace streamlab {

/// What a JSON windowing job computes and how.
struct WindowJobOptions {
  std::string input_name{"-"};            ///< Name of the input, used in messages.
  std::string time_field;                 ///< Field with the event time (ms or ISO-8601).
  std::optional<std::string> key_field;   ///< Field with the key; without it every key is null.
  AggregationSpec aggregation{};          ///< The aggregate (default count).
  WindowOperatorConfig config{};          ///< Window, watermark, lateness, emit mode, trigger...
};

/// Format of a trace written by a job.
enum class TraceFormat {
  Text,  ///< A timeline for the terminal.
  Json,  ///< One JSON object per line, for tools.
};

/// Where a JSON windowing job writes. Null streams are not written.
struct WindowJobOutputs {
  std::ostream* results{nullptr};       ///< One JSON line per pane.
  std::ostream* late{nullptr};          ///< Dropped events: the original object plus `$late`.
  std::ostream* dead_letters{nullptr};  ///< Bad lines: `{"line": N, "raw": "...", "reason": "..."}`.
  std::ostream* trace{nullptr};         ///< The per-event timeline of `streamlab trace`.
  /// When there is no dead-letter stream, each bad line is reported here instead, as
  /// `file:line: field 'x': reason` (InputLocation::describe()), so none passes unseen.
  std::ostream* diagnostics{nullptr};
  TraceFormat trace_format{TraceFormat::Text};  ///< Format of the trace.
};

/// The accounting of a finished job: `records_read == contributed + dropped_late + dead_letters`.
struct WindowJobSummary {
  std::int64_t lines{0};          ///< Physical input lines, blank and control lines included.
  std::int64_t control_lines{0};  ///< `$watermark` and `$advance` lines acted on.
  std::int64_t records_read{0};   ///< Lines that were records or bad lines (not blank, not control).
  std::int64_t contributed{0};    ///< Records added to at least one window.
  std::int64_t late_accepted{0};  ///< Contributed records accepted late into some window.
  std::int64_t dropped_late{0};   ///< Records sent to the late output.
  std::int64_t dead_letters{0};   ///< Bad lines sent to the dead letters.
  std::int64_t panes_out{0};      ///< Window results emitted.
  /// One line for stderr: `records read: N, panes out: N, late accepted: N, dropped late: N,
  /// dead letters: N`.
  [[nodiscard]] std::string describe() const;
};

/// Runs one windowed aggregation over JSON lines read from `input` in arrival order.
/// Lines `{"$watermark": T}` raise the watermark, `{"$advance": DUR}` advance the processing
/// clock (which starts at the epoch); end of input raises the watermark to +infinity. Blank
/// lines are skipped. Bad lines (not JSON, missing or unparseable time, missing key, missing or
/// non-numeric value) go to the dead letters and the run goes on.
/// @throws std::invalid_argument when the options are inconsistent (for example no time field
///         in the event-time domain).
WindowJobSummary run_window_job(std::istream& input, const WindowJobOptions& options,
                                const WindowJobOutputs& outputs);

}  // namespace streamlab
