/// @file
/// The tracing hook of a join run: what a join job reports as the engine's join (ArrivalJoin,
/// TemporalJoin, IntervalJoin) decides each record's fate, for `streamlab trace --mode ...` and its
/// pictures. The fates are the engine's own reports (rows and drops); the observer only listens.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "streamlab/engine/join_common.hpp"
#include "streamlab/engine/run_observer.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// One record handed to a join, reported before the join sees it.
struct JoinArrivalTrace {
  std::int64_t arrival{0};        ///< 1-based arrival number among the join's records (both sides).
  std::int64_t line{0};           ///< Line of the input it came from.
  JoinSide side{JoinSide::Left};  ///< Its side (the table is the right side).
  std::string_view key_json;      ///< Its key, as JSON.
  Timestamp event_time{};         ///< Its event time.
  Timestamp processing_time{};    ///< When it arrived.
  /// The join's watermark before it (temporal: the table's; window: the minimum of both sides'),
  /// or kMinTimestamp where none is kept (as of arrival).
  Timestamp watermark_before{kMinTimestamp};
  std::string_view record_json;  ///< The input line it came from, for labels.
};

/// What the join did with an arrival by the end of the call that handed it over, beyond the rows
/// and drops already reported for it.
struct JoinHoldTrace {
  std::int64_t arrival{0};        ///< The arrival.
  JoinSide side{JoinSide::Left};  ///< Its side.
  /// Whether the join keeps it: a buffered stream record (temporal), a table version or row, or
  /// a record held for partners (window). False when its fate is already decided.
  bool held{false};
  /// Held until the join's watermark passes this time (temporal: the record's time; window: its
  /// window's close, `t + within + grace`), if the watermark frees it.
  std::optional<Timestamp> until_watermark;
  /// Temporal: released at the latest when the left clock (the largest left event time) reaches
  /// this time, `t + grace`; none without a grace.
  std::optional<Timestamp> until_left_clock;
};

/// One row the join emitted, as it is written to the results.
struct JoinRowTrace {
  std::string_view key_json;            ///< The key, as JSON.
  Timestamp time{};                     ///< The row's event time.
  std::int64_t left_arrival{0};         ///< The left record's arrival number (0: none).
  std::int64_t right_arrival{0};        ///< The right record's or version's arrival number (0: none).
  std::optional<Timestamp> left_time;   ///< The left record's event time, if any.
  std::optional<Timestamp> right_time;  ///< The right record's or version's event time, if any.
  Timestamp watermark{kMinTimestamp};   ///< The join's watermark when it was emitted.
  std::optional<Timestamp> left_clock;  ///< Temporal: the largest left event time then.
  std::string_view row_json;            ///< The result line.
};

/// One record that produced no row (unmatched, or rejected as late).
struct JoinDropTrace {
  std::int64_t arrival{0};             ///< Its arrival number.
  JoinSide side{JoinSide::Left};       ///< Its side.
  JoinFate fate{JoinFate::Unmatched};  ///< Unmatched or late.
  std::string_view key_json;           ///< Its key, as JSON.
  Timestamp time{};                    ///< Its event time.
  Timestamp watermark{kMinTimestamp};  ///< The watermark the decision was taken against.
  std::string_view reason;             ///< Why, in words.
};

/// Receives the events of a join run in the order they happen. The Runtime's own reports (marks,
/// processing time, dead letters) arrive through the RunObserver methods. Every method does
/// nothing by default. An observer must not call back into the run.
class JoinObserver : public RunObserver {
 public:
  /// A record is about to be handed to the join.
  virtual void join_arrival(const JoinArrivalTrace& arrival) { (void)arrival; }
  /// The join finished with the arrival: whether it keeps it, and until when.
  virtual void join_hold(const JoinHoldTrace& hold) { (void)hold; }
  /// The join emitted a row.
  virtual void join_row(const JoinRowTrace& row) { (void)row; }
  /// The join reported a record that produced no row.
  virtual void join_drop(const JoinDropTrace& drop) { (void)drop; }
  /// The join's watermark (see JoinArrivalTrace::watermark_before) rose from `from` to `to`.
  virtual void join_watermark(Timestamp from, Timestamp to) { (void)from, (void)to; }
  /// The input ended: the join releases and closes everything it holds from now on.
  virtual void join_end() {}
};

}  // namespace streamlab
