#include "streamlab/runtime/checkpoint.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "streamlab/error.hpp"

namespace streamlab {

void to_json(nlohmann::json& j, const Checkpoint& c) {
  nlohmann::json offsets = nlohmann::json::array();
  for (const auto& [tp, next] : c.next_offsets) {
    offsets.push_back({{"topic", tp.topic}, {"partition", tp.partition}, {"next_offset", next}});
  }
  j = {{"id", c.id},
       {"records", c.records},
       {"next_offsets", offsets},
       {"operators", c.operators},
       {"watermarks", c.watermarks},
       {"accounting", c.accounting}};
}

void from_json(const nlohmann::json& j, Checkpoint& c) {
  c.id = j.at("id").get<std::int64_t>();
  c.records = j.at("records").get<std::int64_t>();
  c.next_offsets.clear();
  for (const auto& e : j.at("next_offsets")) {
    c.next_offsets[TopicPartition{e.at("topic").get<std::string>(), e.at("partition").get<std::int32_t>()}] =
        e.at("next_offset").get<std::int64_t>();
  }
  c.operators = j.at("operators");
  c.watermarks = j.at("watermarks");
  c.accounting = j.at("accounting").get<Accounting>();
}

void FileCheckpointStore::save(const Checkpoint& checkpoint) {
  const std::string tmp = path_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write checkpoint file '" + tmp + "'");
    out << nlohmann::json(checkpoint).dump() << '\n';
    if (!out) throw std::runtime_error("cannot write checkpoint file '" + tmp + "'");
  }
  if (std::rename(tmp.c_str(), path_.c_str()) != 0) {
    throw std::runtime_error("cannot replace checkpoint file '" + path_ + "'");
  }
}

std::optional<Checkpoint> FileCheckpointStore::latest() const {
  std::ifstream in(path_);
  if (!in) return std::nullopt;
  try {
    return nlohmann::json::parse(in).get<Checkpoint>();
  } catch (const nlohmann::json::exception& e) {
    throw InputError(InputLocation{path_, 1, {}}, std::string{"not a valid checkpoint: "} + e.what());
  }
}

}  // namespace streamlab
