/// @file
/// One windowed aggregation over JSON lines as a topology the Runtime runs: what
/// `streamlab window`, `streamlab trace` and `streamlab replay --window` execute. Records are
/// decoded by JsonRecordCodec; results, late records and dead letters leave through the Runtime's
/// Sink; tracing is the Runtime's RunObserver hook; the counts are the Runtime's Accounting.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "streamlab/dsl/topology.hpp"
#include "streamlab/engine/aggregation_spec.hpp"
#include "streamlab/engine/trace_writer.hpp"
#include "streamlab/engine/window_operator.hpp"
#include "streamlab/io/sink.hpp"
#include "streamlab/runtime/accounting.hpp"
#include "streamlab/runtime/runtime.hpp"

namespace streamlab {

/// What a JSON windowing job computes and how.
struct WindowJobOptions {
  std::string input_name{"-"};           ///< Name of the input, used in messages.
  std::string time_field;                ///< Field with the event time (ms or ISO-8601).
  std::optional<std::string> key_field;  ///< Field with the key; without it every key is null.
  AggregationSpec aggregation{};         ///< The aggregate (default count).
  WindowOperatorConfig config{};         ///< Window, watermark, lateness, emit mode, trigger...
  /// Field naming the input partition of each record (`config.partitions` of them): the
  /// watermark is then the minimum over the partitions' watermarks, less the idle ones when the
  /// strategy has an idleness timeout. Without it the input is one partition.
  std::optional<std::string> partition_field;
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
  /// When set, observes the run in place of a trace writer on `trace` (the trace pictures of
  /// streamlab::viz record the run so); it must outlive the run.
  RunObserver* observer{nullptr};
};

/// The topic the job's topology reads and the one its panes go to.
inline constexpr const char* kWindowJobInputTopic = "input";
/// The topic the job's panes are written to (one JSON object per pane).
inline constexpr const char* kWindowJobResultsTopic = "results";

/// The job as a topology: source topic kWindowJobInputTopic (values are JSON lines; one
/// partition, or `config.partitions` read from the partition field), one window operator whose panes go to
/// kWindowJobResultsTopic; a record dropped late goes to the late topic with its raw line as the value, a bad
/// line to the dead letters. The topology's watermark strategy is the job's. Event time is read only in the
/// event-time domain.
/// @throws std::invalid_argument when the options are inconsistent (no time field in the
///         event-time domain, no value field for an aggregation that needs one).
[[nodiscard]] Topology window_job_topology(const WindowJobOptions& options);

/// How the Runtime runs a job: results written at once (at-least-once, no checkpoints), the
/// processing clock starting at the epoch, no per-record logs (flat memory), `observer` traced.
[[nodiscard]] RuntimeOptions window_job_runtime_options(RunObserver* observer = nullptr);

/// Writes a job's outputs in the CLI's formats: panes as they are, late records as the original
/// object plus `"$late": {"watermark", "reason"}`, dead letters as `{"line", "raw", "reason"}`
/// (or, without a dead-letter stream, as a diagnostic naming the input, line and field).
class WindowJobSink final : public Sink {
 public:
  /// A sink for `topology` (built by window_job_topology()) writing to `outputs`; the streams
  /// must outlive it. `input_name` names the input in diagnostics.
  WindowJobSink(const Topology& topology, WindowJobOutputs outputs, std::string input_name);
  /// Writes one record of the results, late or dead-letter topic (others are ignored).
  void write(std::string_view topic, const Record& record) override;

 private:
  WindowJobOutputs outputs_;
  std::string input_name_;
  std::string late_topic_;
  std::string dead_letter_topic_;
};

/// Runs one job over JSON lines read from `input` in arrival order (JsonlStreamSource):
/// `{"$watermark": T}` raises the watermark, `{"$advance": DUR}` advances the processing clock
/// (which starts at the epoch); end of input raises the watermark to +infinity. Blank lines are
/// skipped. Bad lines go to the dead letters and the run goes on.
/// @returns the run's accounting: records_in counts records and bad lines (not blank or
///          control lines), results_out the panes.
/// @throws std::invalid_argument when the options are inconsistent.
Accounting run_window_job(std::istream& input, const WindowJobOptions& options,
                          const WindowJobOutputs& outputs);

/// The summary line for stderr: `records read: N, panes out: N, late accepted: N, dropped late:
/// N, dead letters: N`.
[[nodiscard]] std::string describe_window_job(const Accounting& accounting);

}  // namespace streamlab
