// What `streamlab compare` shows: per window and key, the panes each engine emitted (and, where
// the engine tells, which arrival fired them), the late records each dropped, and for every
// difference the documented rule that explains it (compare_rules.hpp).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compare_rules.hpp"

namespace streamlab::cli {

/// One pane as an engine emitted it.
struct EnginePane {
  nlohmann::json key;        ///< The key's JSON value.
  std::string window_start;  ///< ISO-8601, as written.
  std::string window_end;    ///< ISO-8601, as written.
  std::int64_t start_ms{0};  ///< window_start in milliseconds.
  std::int64_t end_ms{0};    ///< window_end in milliseconds.
  nlohmann::json value;      ///< The aggregate.
  std::int64_t count{0};     ///< Events in the window.
  std::string pane;          ///< ON_TIME, LATE, UPDATE, EARLY or COMPLETE.
  /// What fired it: `{"arrival": N, "line": L}`, `{"watermark_line": L}`, `{"advance_to": T}`,
  /// `{"end_of_input": true}`; null when the engine does not tell.
  nlohmann::json trigger;
};

/// One record an engine dropped as late.
struct LateRecord {
  nlohmann::json record;   ///< The input object, without `$late`.
  nlohmann::json arrival;  ///< Its arrival number among the input's records (null when unknown).
  nlohmann::json line;     ///< Its line number in the input (null when unknown).
};

/// What one engine did with the input.
struct EngineRun {
  std::string engine;             ///< `streamlab`, `kafka-streams`, `flink`, `spark`, `bytewax`.
  std::string status{"ok"};       ///< `ok`, `unsupported` or `error`.
  std::string reason;             ///< Why unsupported or failed.
  std::string note;               ///< How the engine was run (a mapping the reader should know).
  bool triggers_known{false};     ///< True when its panes carry what fired them.
  std::vector<EnginePane> panes;  ///< In emission order.
  std::vector<LateRecord> late;   ///< In emission order.
};

/// One record of the input, numbered as `streamlab trace` numbers arrivals.
struct InputRecord {
  nlohmann::json record;  ///< The JSON object.
  std::int64_t arrival;   ///< 1-based among records (control and blank lines not counted).
  std::int64_t line;      ///< 1-based physical line.
};

/// Reads a JSONL input's records (not control lines, blank lines or unparseable ones).
[[nodiscard]] std::vector<InputRecord> read_input_records(std::istream& in);

/// Reads a runner's pane file (peers/README.md); triggers are null.
[[nodiscard]] std::vector<EnginePane> read_pane_file(const std::string& file);

/// Reads late records (objects with a `$late` member, which is dropped) and numbers them by the
/// first not yet matched equal record of `input`.
[[nodiscard]] std::vector<LateRecord> read_late_records(std::istream& in,
                                                        const std::vector<InputRecord>& input);

/// Reads the panes of a `streamlab trace --format json` timeline, each with what fired it.
[[nodiscard]] std::vector<EnginePane> panes_of_trace(std::istream& trace);

/// The whole comparison. `runs` must hold StreamLab's run (the reference for explanations) first;
/// `shown` names the engines to show, in order.
struct Comparison {
  std::vector<EngineRun> runs;     ///< Every engine run, StreamLab's first.
  std::vector<std::string> shown;  ///< The engines the user asked for.
  nlohmann::json flags;            ///< The window flags (manifest form).
  DifferenceContext context;       ///< What the rules need to know of the run.
};

/// Writes the comparison for a terminal: one block per window and key.
void write_comparison_text(std::ostream& out, const Comparison& c);

/// The comparison as one JSON document (for tools).
[[nodiscard]] nlohmann::ordered_json comparison_json(const Comparison& c);

/// The number of (key, window) rows in which the shown engines that ran differ.
[[nodiscard]] std::size_t differing_windows(const Comparison& c);

}  // namespace streamlab::cli
