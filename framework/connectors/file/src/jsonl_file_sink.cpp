#include "streamlab/connectors/file/jsonl_file_sink.hpp"

#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

namespace streamlab::connectors::file {

JsonlFileSink::JsonlFileSink(std::string directory) : directory_(std::move(directory)) {}

std::string JsonlFileSink::path_for(std::string_view topic) const {
  return directory_ + "/" + std::string{topic} + ".jsonl";
}

std::string to_jsonl_line(const Record& record) {
  nlohmann::json value = nlohmann::json::parse(record.value, nullptr, false);
  if (value.is_discarded()) value = record.value;
  nlohmann::json line{{"key", record.key ? nlohmann::json(*record.key) : nlohmann::json()},
                      {"value", std::move(value)},
                      {"timestamp", format_timestamp(record.timestamp)}};
  return line.dump();
}

void JsonlFileSink::write(std::string_view topic, const Record& record) {
  auto it = files_.find(topic);
  if (it == files_.end()) {
    auto out = std::make_unique<std::ofstream>(path_for(topic), std::ios::trunc);
    if (!*out) throw std::runtime_error("cannot open output file '" + path_for(topic) + "'");
    it = files_.emplace(std::string{topic}, std::move(out)).first;
  }
  *it->second << to_jsonl_line(record) << '\n';
  if (!*it->second) throw std::runtime_error("cannot write output file '" + path_for(topic) + "'");
}

void JsonlFileSink::flush() {
  for (auto& [topic, out] : files_) {
    out->flush();
    if (!*out) throw std::runtime_error("cannot write output file '" + path_for(topic) + "'");
  }
}

}  // namespace streamlab::connectors::file
