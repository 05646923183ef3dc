/// @file
/// The timeline of `streamlab trace --mode ...`: each join record's fate in arrival order (matched
/// with which table row, version or right record, waiting and until when, released, unmatched,
/// late, dead letter) and the join's watermark moves, as text for the terminal or one JSON object
/// per line. It writes what the join job's observer is told; it decides nothing itself.
#pragma once

#include <cstdint>
#include <ostream>

#include "streamlab/connectors/file/json_join_job.hpp"
#include "streamlab/engine/join_observer.hpp"
#include "streamlab/engine/trace_writer.hpp"

namespace streamlab {

/// A JoinObserver that writes the join's timeline to a stream.
class JoinTraceWriter final : public JoinObserver {
 public:
  /// A writer to `out` in `format` for a join in `mode` (which names its watermark and its table
  /// side); `out` must outlive it.
  JoinTraceWriter(std::ostream& out, TraceFormat format, JoinMode mode)
      : out_(out), format_(format), mode_(mode) {}

  /// Writes the arrival: line, side, key, event time, the join's watermark before it.
  void join_arrival(const JoinArrivalTrace& arrival) override;
  /// Writes whether the join keeps the arrival, and until when.
  void join_hold(const JoinHoldTrace& hold) override;
  /// Writes a row: a match on arrival, a release, or a record emitted alone.
  void join_row(const JoinRowTrace& row) override;
  /// Writes a record that produced no row.
  void join_drop(const JoinDropTrace& drop) override;
  /// Writes a move of the join's watermark.
  void join_watermark(Timestamp from, Timestamp to) override;
  /// Writes the end of input.
  void join_end() override;
  /// Writes an explicit watermark mark.
  void mark(std::int64_t line, Timestamp mark) override;
  /// Writes a processing-time advance.
  void processing_time(Timestamp from, Timestamp to) override;
  /// Writes a dead letter.
  void dead_letter(std::int64_t line, std::string_view reason) override;

 private:
  std::ostream& out_;
  TraceFormat format_;
  JoinMode mode_;
  std::int64_t current_{0};  // the arrival being handled (0: none)
};

}  // namespace streamlab
