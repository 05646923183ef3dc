/// @file
/// A join run on the event-time × arrival plane, as data: every record of both sides with the fate
/// the engine's join gave it, how long it was held, which partner it was joined with, and the
/// join's watermark. JoinPlaneRecorder fills it from a run; render_join_svg() draws it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "streamlab/engine/join_common.hpp"
#include "streamlab/time.hpp"

namespace streamlab::viz {

/// Which join a plane shows: it names the right side, the watermark and what can wait.
enum class JoinPlaneKind {
  AsOfArrival,  ///< Stream-table as of arrival: nothing waits, no watermark, nothing is late.
  Temporal,     ///< Stream-table by event time: stream records wait for the table watermark.
  Window,       ///< Stream-stream: records of both sides are held until their window closes.
};

/// What became of one join record by the end of the run.
enum class JoinMarkFate {
  Matched,     ///< It took part in at least one row with a partner.
  Unmatched,   ///< It ended without a partner (emitted alone or sent to the unmatched output).
  Late,        ///< Rejected as late on arrival.
  Held,        ///< Still held when the run stopped (no end of input).
  DeadLetter,  ///< A bad input line: no side, key or event time to draw by.
};

/// One arrival on the join plane.
struct JoinPlaneRecord {
  std::int64_t row{0};                    ///< 1-based arrival row (records and dead letters).
  std::int64_t arrival{0};                ///< The join's arrival number (0 for a dead letter).
  std::int64_t line{0};                   ///< Line of the input it came from.
  JoinSide side{JoinSide::Left};          ///< Its side.
  std::string key_json;                   ///< Its key as JSON (empty for a dead letter).
  Timestamp event_time{};                 ///< When it happened.
  JoinMarkFate fate{JoinMarkFate::Held};  ///< What became of it.
  bool held{false};                       ///< Whether the join kept it after its arrival.
  /// The row after which the join decided its fate when that came later than its arrival: a
  /// buffered record's release, a window's close, a version freed unused (0: on arrival or never).
  std::int64_t settled_row{0};
  std::string reason;  ///< Why it was unmatched, late or dead-lettered.
  std::string label;   ///< Words written next to its mark (empty: only its arrival number).
};

/// A row with both sides: the left record joined with a right record or table version.
struct JoinPlaneLink {
  std::int64_t left_arrival{0};   ///< The left record.
  std::int64_t right_arrival{0};  ///< Its partner.
  std::int64_t row{0};            ///< The arrival row after which the row was emitted.
};

/// The join's watermark after the arrival on `row` (the end of input: rows + 1).
struct JoinPlaneWatermark {
  std::int64_t row{0};  ///< The arrival after which it moved.
  Timestamp value;      ///< The new watermark.
};

/// One join run's plane.
struct JoinPlane {
  std::vector<JoinPlaneRecord> records;         ///< Every arrival, in row order.
  std::vector<JoinPlaneLink> links;             ///< Every row with both sides, in emission order.
  std::vector<JoinPlaneWatermark> watermarks;   ///< Every move of the join's watermark.
  std::int64_t rows{0};                         ///< Arrivals so far.
  bool ended{false};                            ///< Whether the input ended.
  JoinPlaneKind kind{JoinPlaneKind::Temporal};  ///< Which join.
};

}  // namespace streamlab::viz
