/// @file
/// What a window operator reports: window results (panes), late records, per-record traces and
/// counters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "streamlab/engine/pane.hpp"
#include "streamlab/engine/window.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// One emitted pane of one window of one key.
template <class Key, class Acc>
struct WindowResult {
  Key key;                  ///< The key the window belongs to.
  Window window;            ///< The window.
  Acc value;                ///< The aggregate over every event the window holds.
  Pane pane{Pane::OnTime};  ///< Why it was emitted.
  std::int64_t count{0};    ///< Number of events the window holds, so a repeat is recognisable.
};

/// An event dropped from every window it belongs to, sent to the late output instead.
template <class Key, class Value>
struct LateRecord {
  Key key;              ///< The event's key.
  Value value;          ///< The event's value.
  Timestamp timestamp;  ///< The event time.
  Timestamp watermark;  ///< The watermark at arrival, which made it too late.
  std::string reason;   ///< A readable explanation naming the expired window.
};

/// The fate of one event in one of its windows.
enum class WindowFate {
  OnTime,        ///< The window had not fired yet.
  AcceptedLate,  ///< The window had fired but was kept (allowed lateness): a LATE/UPDATE change.
  Dropped,       ///< The window was already freed (`W >= end + allowed lateness`).
};

/// The fate of one event overall.
enum class RecordFate {
  OnTime,        ///< Added to every window on time.
  AcceptedLate,  ///< Added to at least one window late (and so contributed).
  Dropped,       ///< Dropped from every window: sent to the late output.
};

/// Name of a window fate: `on_time`, `accepted_late`, `dropped`.
[[nodiscard]] std::string_view to_string(WindowFate fate);
/// Name of a record fate: `on_time`, `accepted_late`, `dropped`.
[[nodiscard]] std::string_view to_string(RecordFate fate);

/// One window an event was assigned to and what happened to it there.
struct WindowAssignment {
  Window window;    ///< The window (for sessions: the merged window).
  WindowFate fate;  ///< What happened to the event in it.
};

/// Explanation of one event's processing, for `streamlab trace` and for teaching.
struct RecordTrace {
  std::int64_t arrival{0};                ///< 1-based arrival index among the operator's records.
  Timestamp event_time;                   ///< The time windows were assigned on.
  Timestamp processing_time;              ///< The processing time at arrival.
  Timestamp watermark_before;             ///< The watermark lateness was judged against.
  std::vector<WindowAssignment> windows;  ///< The windows the event belongs to.
  RecordFate fate{RecordFate::OnTime};    ///< The overall fate.
  std::size_t partition{0};               ///< The input partition it came from (its PartitionId).
};

/// Record accounting of an operator. After every run:
/// `records_in == contributed + dropped_late`.
struct OperatorCounters {
  std::int64_t records_in{0};     ///< Records given to process().
  std::int64_t contributed{0};    ///< Records added to at least one window.
  std::int64_t late_accepted{0};  ///< Contributed records added late to at least one window.
  std::int64_t dropped_late{0};   ///< Records sent to the late output.
  std::int64_t panes_out{0};      ///< Window results emitted.
  /// Field-by-field equality.
  friend bool operator==(const OperatorCounters&, const OperatorCounters&) = default;
};

}  // namespace streamlab

namespace streamlab {

/// The late-output reason for an event whose latest window `latest` had expired: it names the
/// window, its expiry (`end + allowed lateness`) and the watermark at arrival.
[[nodiscard]] std::string late_reason(const Window& latest, Duration allowed_lateness, Timestamp watermark);

}  // namespace streamlab
