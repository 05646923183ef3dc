#include "streamlab/dsl/consumed.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "streamlab/json_time.hpp"

namespace streamlab::detail {

Timestamp timestamp_from_json_field(std::string_view json_text, const std::string& field) {
  nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, false);
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
