/// @file
/// The event-time × processing-time plane of one run, as data: every arrival with its fate, the
/// watermark's steps, the processing clock and the panes, each placed on the arrival row where it
/// happened. PlaneRecorder fills it from a run; render_plane_svg() draws it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "streamlab/engine/pane.hpp"
#include "streamlab/engine/window.hpp"
#include "streamlab/engine/window_result.hpp"
#include "streamlab/time.hpp"

namespace streamlab::viz {

/// What became of one arrival: the engine's record fate, or a dead letter (no event time).
enum class PlaneFate {
  OnTime,        ///< Added to every window it belongs to before the window fired.
  AcceptedLate,  ///< Added late to a fired window kept by allowed lateness: a LATE pane follows.
  Dropped,       ///< Dropped from every window: sent to the late output.
  DeadLetter,    ///< A bad input line: sent to the dead letters, it has no event time.
};

/// The fates in drawing order, so loops over them are one list.
inline constexpr PlaneFate kPlaneFates[] = {PlaneFate::OnTime, PlaneFate::AcceptedLate, PlaneFate::Dropped,
                                            PlaneFate::DeadLetter};

/// The CSS class of a fate's marks: `on-time`, `accepted-late`, `dropped`, `dead-letter`.
[[nodiscard]] const char* css_class(PlaneFate fate);
/// The legend's words for a fate, such as `accepted late → LATE pane`.
[[nodiscard]] const char* legend_text(PlaneFate fate);

/// One arrival on the plane.
struct PlaneEvent {
  std::int64_t row{0};                ///< 1-based arrival row (records and dead letters, in arrival order).
  std::int64_t line{0};               ///< Line of the input it came from.
  std::string key_json;               ///< Its key as JSON (empty for a dead letter).
  Timestamp event_time{};             ///< When it happened (meaningless for a dead letter).
  Timestamp processing_time;          ///< When it arrived.
  Timestamp watermark_before;         ///< The watermark its lateness was judged against.
  PlaneFate fate{PlaneFate::OnTime};  ///< What became of it.
  std::vector<Window> windows;        ///< The windows it was added to (for sessions, merged).
  /// Every window it belongs to with its fate there: a hopping window's event may be on time in
  /// one window, late in another and dropped from a third (semantics.md: late is per window).
  std::vector<WindowAssignment> assignments;
  std::string reason;        ///< Why it was dropped or dead-lettered; empty otherwise.
  std::size_t partition{0};  ///< The input partition it came from.
};

/// Whether `e` was dropped from some of its windows but counted in others: its fate overall is
/// on time or accepted late, yet one window does not hold it.
[[nodiscard]] bool partly_dropped(const PlaneEvent& e);

/// The words for an event whose windows disagree, such as `counted in 1 of 2 windows; dropped
/// from [10:00:00Z, 10:10:00Z)`; empty when every window gave it the same fate.
[[nodiscard]] std::string window_fates_text(const PlaneEvent& e);

/// One input partition's watermark or idleness changed after the arrival on `row`.
struct PlanePartitionWatermark {
  std::int64_t row{0};       ///< The arrival after which it changed.
  std::size_t partition{0};  ///< The partition.
  Timestamp value;           ///< Its watermark (kMinTimestamp before its first record).
  bool idle{false};          ///< Whether it is left out of the minimum for idleness.
};

/// The watermark after the arrival on `row` (row 0: before any arrival).
struct PlaneWatermark {
  std::int64_t row{0};  ///< The arrival after which the watermark moved.
  Timestamp value;      ///< The new watermark (kMaxTimestamp at the end of input).
};

/// A pane, fired after the arrival on `row`.
struct PlanePane {
  std::int64_t row{0};      ///< The arrival after which it fired (rows + 1: at the end of input).
  std::string key_json;     ///< The key, as JSON.
  Window window;            ///< The window.
  Pane pane{Pane::OnTime};  ///< The pane kind.
  std::string value_json;   ///< The value, as JSON.
  std::int64_t count{0};    ///< The events the window held.
};

/// The processing clock after the arrival on `row`.
struct PlaneClock {
  std::int64_t row{0};        ///< The arrival after which the clock moved.
  Timestamp processing_time;  ///< The new processing time.
};

/// One run's plane.
struct Plane {
  std::vector<PlaneEvent> events;          ///< Every arrival, in row order.
  std::vector<PlaneWatermark> watermarks;  ///< Every watermark move, in row order.
  std::vector<PlanePane> panes;            ///< Every pane, in firing order.
  std::vector<PlaneClock> clocks;          ///< Every processing-time advance.
  /// Every change of an input partition's watermark or idleness (runs over several partitions).
  std::vector<PlanePartitionWatermark> partition_watermarks;
  std::size_t partitions{1};  ///< Input partitions seen (1 unless the run had several).
  std::int64_t rows{0};       ///< Arrivals so far.
  bool ended{false};          ///< Whether the input ended (panes may sit on rows + 1).
};

}  // namespace streamlab::viz
