#include "streamlab/connectors/file/join_trace_writer.hpp"

#include <string>

#include <nlohmann/json.hpp>

namespace streamlab {

// The unity build compiles this file with the other JSON jobs: its helpers live in a namespace
// of their own.
namespace join_trace {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json time_or_null(const std::optional<Timestamp>& t) {
  return t ? Json(format_timestamp(*t)) : Json(nullptr);
}

// What the join calls its watermark in each mode.
const char* watermark_name(JoinMode mode) {
  switch (mode) {
    case JoinMode::Temporal: return "table watermark";
    case JoinMode::Window: return "join watermark";
    case JoinMode::AsOfArrival: return "watermark";
  }
  return "watermark";
}

// What a right record is in each mode.
const char* right_name(JoinMode mode) {
  switch (mode) {
    case JoinMode::AsOfArrival: return "table row";
    case JoinMode::Temporal: return "version";
    case JoinMode::Window: return "right";
  }
  return "right";
}

}  // namespace
}  // namespace join_trace

using join_trace::dump;
using join_trace::Json;
using join_trace::right_name;
using join_trace::time_or_null;
using join_trace::watermark_name;

void JoinTraceWriter::join_arrival(const JoinArrivalTrace& a) {
  current_ = a.arrival;
  if (format_ == TraceFormat::Json) {
    Json j;
    j["type"] = "arrival";
    j["arrival"] = a.arrival;
    j["line"] = a.line;
    j["side"] = std::string(to_string(a.side));
    j["key"] = Json::parse(a.key_json);
    j["event_time"] = format_timestamp(a.event_time);
    j["processing_time"] = format_timestamp(a.processing_time);
    if (mode_ != JoinMode::AsOfArrival) j["watermark_before"] = format_timestamp(a.watermark_before);
    out_ << dump(j) << '\n';
    return;
  }
  out_ << "#" << a.arrival << " (line " << a.line << ") " << to_string(a.side) << " key " << a.key_json
       << ", event time " << format_timestamp(a.event_time);
  if (mode_ != JoinMode::AsOfArrival)
    out_ << ", " << watermark_name(mode_) << " before " << format_timestamp(a.watermark_before);
  out_ << '\n';
}

void JoinTraceWriter::join_hold(const JoinHoldTrace& h) {
  current_ = 0;
  if (format_ == TraceFormat::Json) {
    Json j;
    j["type"] = "hold";
    j["arrival"] = h.arrival;
    j["held"] = h.held;
    if (h.until_watermark) j["until_watermark_passes"] = format_timestamp(*h.until_watermark);
    if (h.until_left_clock) j["until_left_clock_reaches"] = format_timestamp(*h.until_left_clock);
    out_ << dump(j) << '\n';
    return;
  }
  if (!h.held) return;
  switch (mode_) {
    case JoinMode::AsOfArrival: out_ << "    -> becomes the key's table row\n"; return;
    case JoinMode::Temporal:
      if (h.side == JoinSide::Right) {
        out_ << "    -> kept as a version of its key\n";
        return;
      }
      out_ << "    -> waits (buffered) until the table watermark passes "
           << format_timestamp(h.until_watermark.value_or(kMaxTimestamp));
      if (h.until_left_clock) out_ << " or the left clock reaches " << format_timestamp(*h.until_left_clock);
      out_ << '\n';
      return;
    case JoinMode::Window:
      out_ << "    -> held for partners until the join watermark passes "
           << format_timestamp(h.until_watermark.value_or(kMaxTimestamp)) << '\n';
      return;
  }
}

void JoinTraceWriter::join_row(const JoinRowTrace& r) {
  if (format_ == TraceFormat::Json) {
    Json j;
    j["type"] = "row";
    j["left_arrival"] = r.left_arrival > 0 ? Json(r.left_arrival) : Json(nullptr);
    j["right_arrival"] = r.right_arrival > 0 ? Json(r.right_arrival) : Json(nullptr);
    j["left_time"] = time_or_null(r.left_time);
    j["right_time"] = time_or_null(r.right_time);
    if (mode_ != JoinMode::AsOfArrival) j["watermark"] = format_timestamp(r.watermark);
    if (r.left_clock) j["left_clock"] = format_timestamp(*r.left_clock);
    j["row"] = Json::parse(r.row_json);
    out_ << dump(j) << '\n';
    return;
  }
  const bool both = r.left_arrival > 0 && r.right_arrival > 0;
  const bool on_arrival = current_ != 0 && (mode_ == JoinMode::Window ? both : r.left_arrival == current_);
  std::string what;
  if (both) {
    if (mode_ == JoinMode::Window) {
      const bool left_is_new = r.left_arrival == current_;
      what = std::string("paired with ") + (left_is_new ? "right" : "left") + " #" +
             std::to_string(left_is_new ? r.right_arrival : r.left_arrival) + " (event time " +
             format_timestamp(left_is_new ? r.right_time.value_or(kMinTimestamp)
                                          : r.left_time.value_or(kMinTimestamp)) +
             "), row time " + format_timestamp(r.time);
    } else {
      what = std::string("matched ") + right_name(mode_) + " #" + std::to_string(r.right_arrival) +
             (mode_ == JoinMode::Temporal ? " (valid from " : " (its event time ") +
             format_timestamp(r.right_time.value_or(kMinTimestamp)) + ")";
    }
  } else if (r.left_arrival > 0) {
    what = "unmatched, emitted with an empty right side";
  } else {
    what = "unmatched, emitted with an empty left side";
  }
  if (on_arrival) {
    out_ << "    -> " << what;
  } else {
    const std::int64_t who = r.left_arrival > 0 ? r.left_arrival : r.right_arrival;
    out_ << "  #" << who << (mode_ == JoinMode::Window ? " window closed: " : " released: ") << what;
  }
  if (mode_ == JoinMode::Temporal) {
    out_ << " [table watermark " << format_timestamp(r.watermark);
    if (r.left_clock) out_ << ", left clock " << format_timestamp(*r.left_clock);
    out_ << "]";
  }
  out_ << "\n       row " << r.row_json << '\n';
}

void JoinTraceWriter::join_drop(const JoinDropTrace& d) {
  if (format_ == TraceFormat::Json) {
    Json j;
    j["type"] = "drop";
    j["arrival"] = d.arrival;
    j["side"] = std::string(to_string(d.side));
    j["fate"] = std::string(to_string(d.fate));
    j["key"] = Json::parse(d.key_json);
    j["event_time"] = format_timestamp(d.time);
    if (d.watermark != kMinTimestamp) j["watermark"] = format_timestamp(d.watermark);
    j["reason"] = std::string(d.reason);
    out_ << dump(j) << '\n';
    return;
  }
  const bool late = d.fate == JoinFate::Late;
  if (d.arrival == current_) {
    out_ << "    -> " << (late ? "LATE" : "unmatched");
  } else {
    out_ << "  #" << d.arrival << " (" << to_string(d.side) << ", event time " << format_timestamp(d.time)
         << ") " << (late ? "LATE" : "unmatched");
  }
  if (d.watermark != kMinTimestamp)
    out_ << " at " << watermark_name(mode_) << " " << format_timestamp(d.watermark);
  out_ << ": " << d.reason << ", sent to the unmatched output\n";
}

void JoinTraceWriter::join_watermark(Timestamp from, Timestamp to) {
  if (format_ == TraceFormat::Json) {
    out_ << dump(Json{{"type", "watermark"}, {"from", format_timestamp(from)}, {"to", format_timestamp(to)}})
         << '\n';
    return;
  }
  out_ << "  " << watermark_name(mode_) << " " << format_timestamp(from) << " -> " << format_timestamp(to)
       << '\n';
}

void JoinTraceWriter::join_end() {
  if (format_ == TraceFormat::Json) {
    out_ << dump(Json{{"type", "end_of_input"}}) << '\n';
    return;
  }
  out_ << "  end of input: everything held is released\n";
}

void JoinTraceWriter::mark(std::int64_t line, Timestamp mark) {
  if (format_ == TraceFormat::Json) {
    out_ << dump(Json{{"type", "mark"}, {"line", line}, {"watermark", format_timestamp(mark)}}) << '\n';
    return;
  }
  out_ << "  (line " << line << ") $watermark " << format_timestamp(mark) << '\n';
}

void JoinTraceWriter::processing_time(Timestamp from, Timestamp to) {
  if (format_ == TraceFormat::Json) {
    out_ << dump(Json{
                {"type", "processing_time"}, {"from", format_timestamp(from)}, {"to", format_timestamp(to)}})
         << '\n';
    return;
  }
  out_ << "  processing time " << format_timestamp(from) << " -> " << format_timestamp(to) << '\n';
}

void JoinTraceWriter::dead_letter(std::int64_t line, std::string_view reason) {
  if (format_ == TraceFormat::Json) {
    out_ << dump(Json{{"type", "dead_letter"}, {"line", line}, {"reason", std::string(reason)}}) << '\n';
    return;
  }
  out_ << "  (line " << line << ") dead letter: " << reason << '\n';
}

}  // namespace streamlab
