#include "streamlab/sim/replay_export.hpp"

#include <ostream>
#include <set>
#include <sstream>

#include "streamlab/engine/watermark.hpp"
#include "streamlab/sim/log_consumer.hpp"

namespace streamlab::sim {
namespace {

// Writes `{"$advance": ...}` when `t` is past `now`, and moves `now` to it.
void advance(std::ostream& out, Timestamp& now, Timestamp t) {
  if (t <= now) return;
  out << "{\"$advance\": \"" << format_duration(t - now) << "\"}\n";
  now = t;
}

void watermark_line(std::ostream& out, Timestamp watermark) {
  out << "{\"$watermark\": \"" << format_timestamp(watermark) << "\"}\n";
}

}  // namespace

void write_arrivals_jsonl(std::ostream& out, const ArrivalSequence& sequence, const ExportOptions& options) {
  Timestamp now{};
  WatermarkTracker watermark(WatermarkStrategy::bounded(sequence.watermark_delay));
  for (const Arrival& a : sequence.arrivals) {
    advance(out, now, a.processing_time);
    out << a.record.value << '\n';
    const Timestamp before = watermark.current();
    const Timestamp w = watermark.on_event(0, a.record.timestamp, a.processing_time);
    if (options.watermarks && w > before) watermark_line(out, w);
  }
}

std::string arrivals_to_jsonl(const ArrivalSequence& sequence, const ExportOptions& options) {
  std::ostringstream out;
  write_arrivals_jsonl(out, sequence, options);
  return out.str();
}

void write_topic_jsonl(std::ostream& out, const Log& log, std::string_view topic) {
  LogConsumer consumer(log, log.partitions(topic));
  Timestamp now{};
  std::set<std::int64_t> marks_written;
  while (auto polled = consumer.poll()) {
    const LogEntry& e = polled->entry;
    if (e.kind == EntryKind::Watermark) {
      if (!marks_written.insert(e.sequence).second) continue;
      advance(out, now, e.append_time);
      watermark_line(out, e.watermark);
      continue;
    }
    advance(out, now, e.append_time);
    out << e.record.value << '\n';
  }
}

}  // namespace streamlab::sim
