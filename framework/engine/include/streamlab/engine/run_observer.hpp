/// @file
/// The tracing hook of a run: what the Runtime and the window operators report as they work, for
/// the `streamlab trace` timeline and the replay's live view.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "streamlab/engine/pane.hpp"
#include "streamlab/engine/window.hpp"
#include "streamlab/engine/window_result.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// One pane as an observer sees it: the result line and its parts, already rendered as JSON.
struct PaneTrace {
  std::string_view result_json;  ///< The whole result object, as written to the results.
  Pane pane;                     ///< The pane kind.
  Window window;                 ///< The window.
  std::string_view key_json;     ///< The key, as JSON.
  std::string_view value_json;   ///< The value, as JSON.
  std::int64_t count{0};         ///< Events the window holds.
};

/// Receives the events of a run, in the order they happen. `line` is the 1-based position of the
/// input record in its partition (the line number of a JSONL file). Every method does nothing by
/// default, so an observer overrides only what it needs. An observer must not call back into the
/// run.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  /// A record was assigned to windows (`trace`): its fate and, when dropped, the late reason.
  virtual void record(std::int64_t line, const RecordTrace& trace, std::string_view key_json,
                      std::string_view late_reason) {
    (void)line, (void)trace, (void)key_json, (void)late_reason;
  }
  /// A window operator's watermark moved from `from` to `to`.
  virtual void watermark(Timestamp from, Timestamp to) { (void)from, (void)to; }
  /// The watermark of input partition `partition` (its PartitionId) became `watermark`, or the
  /// partition became idle or active again (`idle`: left out of the minimum for idleness). Reported
  /// only for a run over several partitions, after the record or clock move that caused it.
  virtual void partition_watermark(std::size_t partition, Timestamp watermark, bool idle) {
    (void)partition, (void)watermark, (void)idle;
  }
  /// Processing time moved from `from` to `to`.
  virtual void processing_time(Timestamp from, Timestamp to) { (void)from, (void)to; }
  /// An explicit watermark mark (`{"$watermark": T}`) arrived.
  virtual void mark(std::int64_t line, Timestamp mark) { (void)line, (void)mark; }
  /// A pane was emitted.
  virtual void pane(const PaneTrace& pane) { (void)pane; }
  /// An input record went to the dead letters.
  virtual void dead_letter(std::int64_t line, std::string_view reason) { (void)line, (void)reason; }
  /// The input ended: the watermark becomes +infinity and every open window fires.
  virtual void end_of_input() {}
};

}  // namespace streamlab
