#include "streamlab/viz/plane_messages.hpp"

#include <fmt/format.h>

#include "streamlab/viz/plane.hpp"

namespace streamlab::viz {
namespace {

// Milliseconds, or null for the infinities. Keys and values arrive as JSON text already and are
// written as they are: a message costs one format call, no parse.
std::string millis(Timestamp t) {
  if (t == kMaxTimestamp || t == kMinTimestamp) return "null";
  return std::to_string(to_millis(t));
}

const char* fate_of(RecordFate fate) {
  switch (fate) {
    case RecordFate::OnTime: return css_class(PlaneFate::OnTime);
    case RecordFate::AcceptedLate: return css_class(PlaneFate::AcceptedLate);
    case RecordFate::Dropped: return css_class(PlaneFate::Dropped);
  }
  return "";
}

}  // namespace

void PlaneMessages::record(std::int64_t line, const RecordTrace& trace, std::string_view key_json,
                           std::string_view /*late_reason*/) {
  if (!active_) return;
  std::string windows;
  std::string dropped;  // the windows it was dropped from, said only when there are any
  for (const WindowAssignment& a : trace.windows) {
    std::string& list = a.fate == WindowFate::Dropped ? dropped : windows;
    if (!list.empty()) list += ',';
    list += fmt::format("[{},{}]", millis(a.window.start), millis(a.window.end));
  }
  send_(fmt::format(
      R"({{"type":"event","row":{},"line":{},"t":{},"p":{},"key":{},"fate":"{}","windows":[{}]{}}})", ++rows_,
      line, millis(trace.event_time), millis(trace.processing_time), key_json, fate_of(trace.fate), windows,
      dropped.empty() ? std::string() : R"(,"dropped":[)" + dropped + "]"));
}

void PlaneMessages::watermark(Timestamp /*from*/, Timestamp to) {
  last_watermark_ = to;
  if (!active_) return;
  send_(fmt::format(R"({{"type":"watermark","row":{},"w":{}}})", rows_, millis(to)));
}

void PlaneMessages::pane(const PaneTrace& p) {
  if (!active_) return;
  send_(fmt::format(
      R"({{"type":"pane","row":{},"key":{},"start":{},"end":{},"pane":"{}","value":{},"count":{}}})", rows_,
      p.key_json, millis(p.window.start), millis(p.window.end), to_string(p.pane), p.value_json, p.count));
}

void PlaneMessages::dead_letter(std::int64_t line, std::string_view /*reason*/) {
  if (!active_) return;
  send_(fmt::format(R"({{"type":"event","row":{},"line":{},"fate":"{}"}})", ++rows_, line,
                    css_class(PlaneFate::DeadLetter)));
}

void PlaneMessages::arrival(Timestamp event_time, Timestamp processing_time, std::string_view key_json) {
  if (!active_) return;
  ++rows_;
  send_(fmt::format(
      R"({{"type":"event","row":{},"line":{},"t":{},"p":{},"key":{},"fate":"sent","windows":[]}})", rows_,
      rows_, millis(event_time), millis(processing_time), key_json));
}

void PlaneMessages::observed_watermark(Timestamp w) {
  if (w == last_watermark_) return;
  last_watermark_ = w;
  if (!active_) return;
  send_(fmt::format(R"({{"type":"watermark","row":{},"w":{}}})", rows_, millis(w)));
}

}  // namespace streamlab::viz
