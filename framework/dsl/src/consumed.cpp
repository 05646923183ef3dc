#include "streamlab/dsl/consumed.hpp"

#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "simdjson_scratch.hpp"
#include "streamlab/engine/simdjson_scalar.hpp"
#include "streamlab/json_time.hpp"

namespace streamlab::detail {
namespace {

// The time in `field` of an object read with simdjson, when the field is there once and holds a
// time; std::nullopt for anything else, which the nlohmann reading then explains.
std::optional<Timestamp> fast_timestamp(std::string_view json_text, const std::string& field,
                                        serdes::JsonScratch& scratch) {
  simdjson::dom::element doc;
  if (scratch.impl().parse(json_text, doc) != simdjson::SUCCESS) return std::nullopt;
  simdjson::dom::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
  std::optional<simdjson::dom::element> value;
  for (auto member : object) {
    if (member.key != field) continue;
    if (value) return std::nullopt;  // repeated: nlohmann keeps the last, let it decide
    value = member.value;
  }
  if (!value) return std::nullopt;
  return event_time_from_json(json_scalar(*value));
}

}  // namespace

Timestamp timestamp_from_json_field(std::string_view json_text, const std::string& field) {
  serdes::JsonScratch scratch;
  return timestamp_from_json_field(json_text, field, scratch);
}

Timestamp timestamp_from_json_field(std::string_view json_text, const std::string& field,
                                    serdes::JsonScratch& scratch) {
  // simdjson reads the one field. Whatever it cannot read as a time, nlohmann reads again
  // below, so the verdict and the message are always the same.
  if (auto t = fast_timestamp(json_text, field, scratch)) return *t;
  return timestamp_from_json_document(nlohmann::json::parse(json_text, nullptr, false), field);
}

Timestamp timestamp_from_json_document(const nlohmann::json& doc, const std::string& field) {
  if (doc.is_discarded() || !doc.is_object()) {
    throw std::runtime_error("field '" + field + "': the value is not a JSON object");
  }
  auto it = doc.find(field);
  if (it == doc.end() || it->is_null()) throw std::runtime_error("field '" + field + "' is missing");
  if (auto t = event_time_from_json(*it)) return *t;
  if (it->is_string()) {
    throw std::runtime_error(
        "field '" + field + "': cannot parse '" + it->get<std::string>() +
        "' as a timestamp (integer milliseconds or ISO-8601 such as 2025-06-22T10:00:00Z)");
  }
  throw std::runtime_error("field '" + field +
                           "': expected integer milliseconds or an ISO-8601 string, got " + it->dump());
}

}  // namespace streamlab::detail
