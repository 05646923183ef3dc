#include "streamlab/connectors/file/jsonl_file_source.hpp"

#include <fstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "streamlab/error.hpp"
#include "streamlab/json_time.hpp"

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
  std::ifstream in(path);
  if (!in) throw InputError(InputLocation{path, 0, {}}, "cannot open the file");
  Timestamp now = options_.start;
  std::string line;
  std::int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json doc = nlohmann::json::parse(line, nullptr, false);
    if (!doc.is_discarded() && doc.is_object() && doc.contains("$watermark")) {
      const auto& w = doc.at("$watermark");
      const std::optional<Timestamp> t = event_time_from_json(w);
      if (!t)
        throw InputError(InputLocation{path, number, "$watermark"}, "expected milliseconds or ISO-8601");
      SourceEvent e = event_at(now);
      e.payload.emplace<WatermarkMark>(WatermarkMark{*t, number});
      events_.push_back(std::move(e));
      continue;
    }
    if (!doc.is_discarded() && doc.is_object() && doc.contains("$advance")) {
      const auto& a = doc.at("$advance");
      std::optional<Duration> d;
      if (a.is_string()) d = try_parse_duration(a.get<std::string>());
      if (!d)
        throw InputError(InputLocation{path, number, "$advance"}, "expected a duration such as \"30s\"");
      now += *d;
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
    SourceEvent e = event_at(now);
    e.payload.emplace<ConsumedRecord>(
        ConsumedRecord{TopicPartition{options_.topic, 0}, number - 1, Record{key, line, Timestamp{}, {}}});
    events_.push_back(std::move(e));
  }
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
