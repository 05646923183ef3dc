#include "streamlab/viz/plane_recorder.hpp"

#include <algorithm>
#include <string>

namespace streamlab::viz {
namespace {

PlaneFate plane_fate(RecordFate fate) {
  switch (fate) {
    case RecordFate::OnTime: return PlaneFate::OnTime;
    case RecordFate::AcceptedLate: return PlaneFate::AcceptedLate;
    case RecordFate::Dropped: return PlaneFate::Dropped;
  }
  return PlaneFate::OnTime;
}

std::string window_text(const Window& w) {
  return "[" + format_timestamp(w.start) + ", " + format_timestamp(w.end) + ")";
}

}  // namespace

bool partly_dropped(const PlaneEvent& e) {
  return e.fate != PlaneFate::Dropped && e.fate != PlaneFate::DeadLetter &&
         std::any_of(e.assignments.begin(), e.assignments.end(),
                     [](const WindowAssignment& a) { return a.fate == WindowFate::Dropped; });
}

std::string window_fates_text(const PlaneEvent& e) {
  if (e.assignments.size() < 2) return {};
  const WindowFate first = e.assignments.front().fate;
  if (std::all_of(e.assignments.begin(), e.assignments.end(),
                  [&](const WindowAssignment& a) { return a.fate == first; }))
    return {};
  std::string late;
  std::string dropped;
  std::size_t counted = 0;
  for (const WindowAssignment& a : e.assignments) {
    if (a.fate == WindowFate::Dropped) {
      dropped += (dropped.empty() ? "" : ", ") + window_text(a.window);
    } else {
      ++counted;
      if (a.fate == WindowFate::AcceptedLate) late += (late.empty() ? "" : ", ") + window_text(a.window);
    }
  }
  std::string text =
      "counted in " + std::to_string(counted) + " of " + std::to_string(e.assignments.size()) + " windows";
  if (!late.empty()) text += "; late in " + late;
  if (!dropped.empty()) text += "; dropped from " + dropped;
  return text;
}

const char* css_class(PlaneFate fate) {
  switch (fate) {
    case PlaneFate::OnTime: return "on-time";
    case PlaneFate::AcceptedLate: return "accepted-late";
    case PlaneFate::Dropped: return "dropped";
    case PlaneFate::DeadLetter: return "dead-letter";
  }
  return "";
}

const char* legend_text(PlaneFate fate) {
  switch (fate) {
    case PlaneFate::OnTime: return "on time";
    case PlaneFate::AcceptedLate: return "accepted late \u2192 LATE pane";
    case PlaneFate::Dropped: return "dropped \u2192 late output";
    case PlaneFate::DeadLetter: return "dead letter";
  }
  return "";
}

void PlaneRecorder::record(std::int64_t line, const RecordTrace& trace, std::string_view key_json,
                           std::string_view late_reason) {
  PlaneEvent e;
  e.row = ++plane_.rows;
  e.line = line;
  e.key_json = std::string(key_json);
  e.event_time = trace.event_time;
  e.processing_time = trace.processing_time;
  e.watermark_before = trace.watermark_before;
  e.fate = plane_fate(trace.fate);
  for (const WindowAssignment& a : trace.windows) {
    if (a.fate != WindowFate::Dropped) e.windows.push_back(a.window);
  }
  e.assignments = trace.windows;
  e.partition = trace.partition;
  plane_.partitions = std::max(plane_.partitions, trace.partition + 1);
  e.reason = std::string(late_reason);
  plane_.events.push_back(std::move(e));
}

void PlaneRecorder::watermark(Timestamp /*from*/, Timestamp to) {
  watermark_ = to;
  // The engine raises the watermark to +infinity at the end of input, before it reports
  // end_of_input(): what fires from here on belongs to the end, not to the last arrival.
  if (to == kMaxTimestamp) plane_.ended = true;
  plane_.watermarks.push_back(PlaneWatermark{plane_.ended ? plane_.rows + 1 : plane_.rows, to});
}

void PlaneRecorder::partition_watermark(std::size_t partition, Timestamp watermark, bool idle) {
  plane_.partitions = std::max(plane_.partitions, partition + 1);
  plane_.partition_watermarks.push_back(
      PlanePartitionWatermark{plane_.ended ? plane_.rows + 1 : plane_.rows, partition, watermark, idle});
}

void PlaneRecorder::processing_time(Timestamp /*from*/, Timestamp to) {
  processing_time_ = to;
  plane_.clocks.push_back(PlaneClock{plane_.rows, to});
}

void PlaneRecorder::pane(const PaneTrace& p) {
  plane_.panes.push_back(PlanePane{plane_.ended ? plane_.rows + 1 : plane_.rows, std::string(p.key_json),
                                   p.window, p.pane, std::string(p.value_json), p.count});
}

void PlaneRecorder::dead_letter(std::int64_t line, std::string_view reason) {
  PlaneEvent e;
  e.row = ++plane_.rows;
  e.line = line;
  e.processing_time = processing_time_;
  e.watermark_before = watermark_;
  e.fate = PlaneFate::DeadLetter;
  e.reason = std::string(reason);
  plane_.events.push_back(std::move(e));
}

void PlaneRecorder::end_of_input() { plane_.ended = true; }

}  // namespace streamlab::viz
