#include "streamlab/runtime/accounting.hpp"

#include <stdexcept>
#include <string_view>

#include "streamlab/bytes.hpp"

namespace streamlab {
namespace {

/// Puts `bytes` under `name` as text, or under `name_base64` when they are not UTF-8, cut at
/// kDeadLetterMaxBytes with the full size under `name_size`.
void put_bytes(nlohmann::json& j, const std::string& name, std::string_view bytes) {
  const std::string_view kept = bytes.substr(0, kDeadLetterMaxBytes);
  if (is_valid_utf8(kept)) {
    j[name] = kept;
  } else {
    j[name + "_base64"] = base64_encode(kept);
  }
  if (kept.size() < bytes.size()) j[name + "_size"] = bytes.size();
}

/// The bytes put_bytes() wrote under `name`; std::nullopt when there are none.
std::optional<std::string> get_bytes(const nlohmann::json& j, const std::string& name) {
  if (auto it = j.find(name); it != j.end() && it->is_string()) return it->get<std::string>();
  if (auto it = j.find(name + "_base64"); it != j.end()) {
    auto bytes = base64_decode(it->get<std::string>());
    if (!bytes) throw std::invalid_argument("dead letter: '" + name + "_base64' is not base64");
    return bytes;
  }
  return std::nullopt;
}

}  // namespace

void to_json(nlohmann::json& j, const DeadLetter& d) {
  j = {{"topic", d.source.topic},
       {"partition", d.source.partition},
       {"offset", d.offset},
       {"reason", d.reason}};
  if (d.key) {
    put_bytes(j, "key", *d.key);
  } else {
    j["key"] = nullptr;
  }
  put_bytes(j, "value", d.value);
  if (!d.field.empty()) j["field"] = d.field;
}

void from_json(const nlohmann::json& j, DeadLetter& d) {
  d.source = TopicPartition{j.at("topic").get<std::string>(), j.at("partition").get<std::int32_t>()};
  d.offset = j.at("offset").get<std::int64_t>();
  d.reason = j.at("reason").get<std::string>();
  d.key = get_bytes(j, "key");
  d.value = get_bytes(j, "value").value_or("");
  d.field = j.value("field", std::string());
}

void to_json(nlohmann::json& j, const LateOutputRecord& r) {
  j = {{"topic", r.source.topic},
       {"partition", r.source.partition},
       {"offset", r.offset},
       {"timestamp", format_timestamp(r.timestamp)},
       {"watermark", format_timestamp(r.watermark)},
       {"reason", r.reason},
       {"operator", r.op},
       {"key", r.key},
       {"value", r.value}};
}

void from_json(const nlohmann::json& j, LateOutputRecord& r) {
  r.source = TopicPartition{j.at("topic").get<std::string>(), j.at("partition").get<std::int32_t>()};
  r.offset = j.at("offset").get<std::int64_t>();
  r.timestamp = parse_timestamp(j.at("timestamp").get<std::string>());
  const auto w = j.at("watermark").get<std::string>();
  r.watermark = w == "-inf" ? kMinTimestamp : w == "+inf" ? kMaxTimestamp : parse_timestamp(w);
  r.reason = j.at("reason").get<std::string>();
  r.op = j.at("operator").get<std::string>();
  r.key = j.at("key");
  r.value = j.at("value");
}

void to_json(nlohmann::json& j, const Accounting& a) {
  j = {{"records_in", a.records_in},
       {"contributed", a.contributed},
       {"late_output", a.late_output},
       {"dead_letters", a.dead_letters},
       {"results_out", a.results_out},
       {"late_accepted", a.late_accepted},
       {"dropped_late", a.dropped_late},
       {"join_unmatched", a.join_unmatched},
       {"repartitioned", a.repartitioned},
       {"repartition_in", a.repartition_in},
       {"suppressed", a.suppressed},
       {"records_ignored", a.records_ignored},
       {"unaccounted", a.unaccounted},
       {"behind_watermark", a.behind_watermark},
       {"control_events", a.control_events},
       {"dead_letter_log", a.dead_letter_log},
       {"late_log", a.late_log}};
}

void from_json(const nlohmann::json& j, Accounting& a) {
  a.records_in = j.at("records_in").get<std::int64_t>();
  a.contributed = j.at("contributed").get<std::int64_t>();
  a.late_output = j.at("late_output").get<std::int64_t>();
  a.dead_letters = j.at("dead_letters").get<std::int64_t>();
  a.results_out = j.at("results_out").get<std::int64_t>();
  a.late_accepted = j.at("late_accepted").get<std::int64_t>();
  a.dropped_late = j.at("dropped_late").get<std::int64_t>();
  a.join_unmatched = j.at("join_unmatched").get<std::int64_t>();
  a.repartitioned = j.at("repartitioned").get<std::int64_t>();
  a.repartition_in = j.value("repartition_in", std::int64_t{0});
  a.suppressed = j.value("suppressed", std::int64_t{0});
  a.records_ignored = j.at("records_ignored").get<std::int64_t>();
  a.unaccounted = j.at("unaccounted").get<std::int64_t>();
  a.behind_watermark = j.value("behind_watermark", std::int64_t{0});
  a.control_events = j.value("control_events", std::int64_t{0});
  a.dead_letter_log = j.at("dead_letter_log").get<std::vector<DeadLetter>>();
  a.late_log = j.at("late_log").get<std::vector<LateOutputRecord>>();
}

}  // namespace streamlab
