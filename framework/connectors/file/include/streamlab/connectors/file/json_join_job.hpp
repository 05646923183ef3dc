/// @file
/// One join over JSON lines as a topology the Runtime runs: what `streamlab join` executes.
/// Each input line names its side with `"$source": "left"` or `"right"` (the table is the right
/// side of a stream-table join); control lines move both sides' watermarks. The join rules are
/// the engine's (ArrivalJoin, TemporalJoin, IntervalJoin); this file only decodes, routes and
/// writes (docs/semantics.md, "Joins").
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "streamlab/engine/join_common.hpp"
#include "streamlab/engine/join_observer.hpp"
#include "streamlab/engine/watermark.hpp"
#include "streamlab/runtime/accounting.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// Which join a job runs.
enum class JoinMode {
  AsOfArrival,  ///< Stream-table, the table's latest row on the record's arrival (ArrivalJoin).
  Temporal,     ///< Stream-table, the table version valid at the record's event time (TemporalJoin).
  Window,       ///< Stream-stream, pairs with `|t_left - t_right| <= within` (IntervalJoin).
};

/// The mode's name: `as-of-arrival`, `temporal`, `window`.
[[nodiscard]] std::string_view to_string(JoinMode mode);

/// Parses `as-of-arrival`, `temporal` or `window`.
/// @throws std::invalid_argument naming the accepted values.
[[nodiscard]] JoinMode parse_join_mode(std::string_view text);

/// What a JSON join job computes and how.
struct JoinJobOptions {
  std::string input_name{"-"};           ///< Name of the input, used in messages.
  std::string time_field;                ///< Field with the event time (ms or ISO-8601).
  std::string key_field;                 ///< Field with the join key.
  JoinMode mode{JoinMode::AsOfArrival};  ///< Which join.
  JoinType type{JoinType::Inner};        ///< Inner, left, or (window mode) outer.
  std::optional<Duration> within;        ///< Window mode: the largest time difference of a pair.
  /// Temporal mode: the longest a record waits, on the left side's clock (none: it waits for the
  /// right side's watermark only); window mode: how far behind the watermark a record is still
  /// accepted (none: 0).
  std::optional<Duration> grace;
  std::optional<Duration> history;  ///< Temporal mode: versions kept behind the watermark.
  /// How each side's watermark is generated: `bounded:D` from that side's records, `manual` from
  /// control lines only. Control lines raise both sides.
  WatermarkStrategy watermark{WatermarkStrategy::bounded(Duration{0})};
};

/// Checks that the options fit together: a time and key field, `within` exactly in window mode,
/// `history` only in temporal mode, `grace` not in as-of-arrival mode, `outer` only in window mode.
/// @throws std::invalid_argument naming the flag (`--within`, `--history`, ...) that is wrong.
void validate_join_job(const JoinJobOptions& options);

/// Where a JSON join job writes. Null streams are not written.
struct JoinJobOutputs {
  /// One line per row, in release order: `{"key", "time", "left", "right", "right_time"}`.
  std::ostream* results{nullptr};
  /// Records that produced no row: the original object plus
  /// `"$unmatched": {"fate": "unmatched"|"late", "reason", "watermark"}`.
  std::ostream* unmatched{nullptr};
  /// Bad lines: `{"line", "raw", "reason", "field"}` (field only when one is to blame).
  std::ostream* dead_letters{nullptr};
  /// Without a dead-letter stream, each bad line is reported here as `file:line: field 'x': reason`.
  std::ostream* diagnostics{nullptr};
  /// Told every arrival, row, drop and watermark move of the join as it happens (`streamlab
  /// trace`), and the run's marks, clock and dead letters; must outlive the run.
  JoinObserver* observer{nullptr};
};

/// What a join job did: the Runtime's accounting and the join's, per side.
struct JoinJobSummary {
  Accounting accounting;         ///< Records, control lines, rows out (results_out), dead letters.
  JoinSideCounts left;           ///< Left records: read = joined + unmatched + late.
  JoinSideCounts right;          ///< Right records: read = joined + unmatched + late.
  std::int64_t left_dead{0};     ///< Bad lines that named the left side.
  std::int64_t right_dead{0};    ///< Bad lines that named the right side.
  std::int64_t unsided_dead{0};  ///< Bad lines with no usable `$source`.
  std::int64_t rows{0};          ///< Rows written.
};

/// Runs one join over JSON lines read from `input` in arrival order (JsonlStreamSource):
/// `{"$watermark": T}` raises both sides' watermarks, `{"$advance": DUR}` advances processing
/// time; end of input raises them to +infinity, releasing and closing everything. Bad lines go
/// to the dead letters and the run goes on.
/// @throws std::invalid_argument when the options are inconsistent (validate_join_job()).
JoinJobSummary run_join_job(std::istream& input, const JoinJobOptions& options,
                            const JoinJobOutputs& outputs);

/// The summary for stderr: per side, `read = joined + unmatched + late + dead letters`, then the
/// bad lines without a side and the rows written.
[[nodiscard]] std::string describe_join_job(const JoinJobSummary& summary);

}  // namespace streamlab
