#include "streamlab/connectors/file/jsonl_file_source.hpp"

#include <fstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "streamlab/checked_time.hpp"
#include "streamlab/control_line.hpp"
#include "streamlab/error.hpp"
#include "streamlab/json_time.hpp"
#include "streamlab/text_input.hpp"

namespace streamlab::connectors::file {

namespace {
SourceEvent event_at(Timestamp now) {
  SourceEvent e;
  e.processing_time = now;
  return e;
}
}  // namespace

JsonlFileSource::JsonlFileSource(const std::string& path, JsonlFileSourceOptions options)
    : options_(std::move(options)) {
  check_readable_file(path);
  std::ifstream in(path);
  if (!in) throw InputError(InputLocation{path, 0, {}}, "cannot open the file");
  Timestamp now = options_.start;
  std::string line;
  std::int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1) skip_byte_order_mark(line);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json doc = nlohmann::json::parse(line, nullptr, false);
    const bool object = !doc.is_discarded() && doc.is_object();
    const ControlLineKind kind = object && may_be_control_line(line)
                                     ? control_line_kind(doc.size(), doc.contains(kWatermarkKey) ? 1 : 0,
                                                         doc.contains(kAdvanceKey) ? 1 : 0)
                                     : ControlLineKind::Record;
    if (kind == ControlLineKind::Watermark) {
      const auto& w = doc.at(kWatermarkKey);
      const std::optional<Timestamp> t = event_time_from_json(w);
      if (!t)
        throw InputError(InputLocation{path, number, std::string(kWatermarkKey)},
                         "expected milliseconds or ISO-8601 within 0000-01-01..9999-12-31");
      SourceEvent e = event_at(now);
      e.payload.emplace<WatermarkMark>(WatermarkMark{*t, number});
      events_.push_back(std::move(e));
      continue;
    }
    if (kind == ControlLineKind::Advance) {
      const auto& a = doc.at(kAdvanceKey);
      std::optional<Duration> d;
      if (a.is_string()) d = try_parse_duration(a.get<std::string>());
      if (!d)
        throw InputError(
            InputLocation{path, number, std::string(kAdvanceKey)},
            "expected a duration such as \"30s\" (at most " + format_duration(Duration::max()) + ")");
      now = saturating_add(now, *d);
      SourceEvent e = event_at(now);
      e.payload.emplace<ClockTick>();
      events_.push_back(std::move(e));
      continue;
    }
    std::optional<std::string> key;
    if (options_.key_field && !doc.is_discarded() && doc.is_object() && doc.contains(*options_.key_field)) {
      const auto& k = doc.at(*options_.key_field);
      key = k.is_string() ? k.get<std::string>() : k.dump();
    }
    ConsumedRecord record{TopicPartition{options_.topic, 0}, number - 1, Record{key, line, Timestamp{}, {}}};
    SourceEvent e = event_at(now);
    if (kind == ControlLineKind::Ambiguous) {
      e.payload.emplace<MalformedRecord>(
          MalformedRecord{std::move(record), std::string(kAmbiguousControlLine)});
    } else {
      e.payload.emplace<ConsumedRecord>(std::move(record));
    }
    events_.push_back(std::move(e));
  }
  check_read_to_end(in, path, number);
}

std::optional<SourceEvent> JsonlFileSource::next(Duration) {
  if (pos_ >= events_.size()) return std::nullopt;
  return events_[pos_++];
}

std::vector<TopicPartition> JsonlFileSource::partitions() const {
  return {TopicPartition{options_.topic, 0}};
}

void JsonlFileSource::commit(const TopicPartition&, std::int64_t offset) { committed_ = offset; }

}  // namespace streamlab::connectors::file
