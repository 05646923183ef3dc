#include "streamlab/engine/trace_writer.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace streamlab {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string window_text(const Window& w) {
  return fmt::format("[{}, {})", format_timestamp(w.start), format_timestamp(w.end));
}

std::string fate_text(RecordFate fate) {
  switch (fate) {
    case RecordFate::OnTime: return "on time";
    case RecordFate::AcceptedLate: return "accepted late (within allowed lateness)";
    case RecordFate::Dropped: return "DROPPED";
  }
  return "";
}

std::string window_fate_text(WindowFate fate) {
  switch (fate) {
    case WindowFate::OnTime: return "on time";
    case WindowFate::AcceptedLate: return "late, accepted";
    case WindowFate::Dropped: return "expired, dropped";
  }
  return "";
}

}  // namespace

void TraceWriter::record(std::int64_t line, const RecordTrace& trace, std::string_view key_json,
                         std::string_view late_reason) {
  if (format_ == TraceFormat::Json) {
    Json j;
    j["type"] = "event";
    j["arrival"] = trace.arrival;
    j["line"] = line;
    j["key"] = Json::parse(key_json);
    j["event_time"] = format_timestamp(trace.event_time);
    j["processing_time"] = format_timestamp(trace.processing_time);
    j["watermark_before"] = format_timestamp(trace.watermark_before);
    Json windows = Json::array();
    for (const WindowAssignment& a : trace.windows) {
      windows.push_back(Json{{"start", format_timestamp(a.window.start)},
                             {"end", format_timestamp(a.window.end)},
                             {"fate", std::string(to_string(a.fate))}});
    }
    j["windows"] = windows;
    j["fate"] = std::string(to_string(trace.fate));
    if (trace.fate == RecordFate::Dropped) {
      j["dropped_by_watermark"] = format_timestamp(trace.watermark_before);
      j["reason"] = std::string(late_reason);
    }
    out_ << dump(j) << '\n';
    return;
  }
  out_ << "#" << trace.arrival << " (line " << line << ") key " << key_json << ", event time "
       << format_timestamp(trace.event_time) << ", watermark before "
       << format_timestamp(trace.watermark_before) << '\n';
  for (const WindowAssignment& a : trace.windows) {
    out_ << "    window " << window_text(a.window) << ": " << window_fate_text(a.fate) << '\n';
  }
  out_ << "    -> " << fate_text(trace.fate);
  if (trace.fate == RecordFate::Dropped) {
    out_ << " by watermark " << format_timestamp(trace.watermark_before) << ", sent to the late output ("
         << late_reason << ")";
  }
  out_ << '\n';
}

void TraceWriter::watermark(Timestamp from, Timestamp to) {
  if (format_ == TraceFormat::Json) {
    out_ << dump(Json{{"type", "watermark"}, {"from", format_timestamp(from)}, {"to", format_timestamp(to)}})
         << '\n';
    return;
  }
  out_ << "  watermark " << format_timestamp(from) << " -> " << format_timestamp(to) << '\n';
}

void TraceWriter::processing_time(Timestamp from, Timestamp to) {
  if (format_ == TraceFormat::Json) {
    out_ << dump(Json{
                {"type", "processing_time"}, {"from", format_timestamp(from)}, {"to", format_timestamp(to)}})
         << '\n';
    return;
  }
  out_ << "  processing time " << format_timestamp(from) << " -> " << format_timestamp(to) << '\n';
}

void TraceWriter::partition_watermark(std::size_t partition, Timestamp watermark, bool idle) {
  if (format_ == TraceFormat::Json) {
    out_ << dump(Json{{"type", "partition_watermark"},
                      {"partition", partition},
                      {"watermark", format_timestamp(watermark)},
                      {"idle", idle}})
         << '\n';
    return;
  }
  out_ << "  partition " << partition << " watermark " << format_timestamp(watermark)
       << (idle ? ", idle: left out of the minimum" : "") << '\n';
}

void TraceWriter::mark(std::int64_t line, Timestamp mark) {
  if (format_ == TraceFormat::Json) {
    out_ << dump(Json{{"type", "mark"}, {"line", line}, {"watermark", format_timestamp(mark)}}) << '\n';
    return;
  }
  out_ << "  (line " << line << ") $watermark " << format_timestamp(mark) << '\n';
}

void TraceWriter::pane(const PaneTrace& p) {
  if (format_ == TraceFormat::Json) {
    Json j = Json::parse(p.result_json);
    Json out;
    out["type"] = "pane";
    for (auto& [k, v] : j.items()) out[k] = v;
    out_ << dump(out) << '\n';
    return;
  }
  out_ << "  pane " << to_string(p.pane) << " key " << p.key_json << " window " << window_text(p.window)
       << " value " << p.value_json << " count " << p.count << '\n';
}

void TraceWriter::dead_letter(std::int64_t line, std::string_view reason) {
  if (format_ == TraceFormat::Json) {
    out_ << dump(Json{{"type", "dead_letter"}, {"line", line}, {"reason", std::string(reason)}}) << '\n';
    return;
  }
  out_ << "  (line " << line << ") dead letter: " << reason << '\n';
}

void TraceWriter::end_of_input() {
  if (format_ == TraceFormat::Json) {
    out_ << dump(Json{{"type", "end_of_input"}}) << '\n';
    return;
  }
  out_ << "  end of input: watermark -> +inf\n";
}

}  // namespace streamlab
