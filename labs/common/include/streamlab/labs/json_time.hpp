/// @file
/// Reading and writing event times in the labs' JSON records.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "streamlab/json_time.hpp"
#include "streamlab/time.hpp"

namespace streamlab::labs {

/// Reads a time field by the framework's one rule (event_time_from_json()): integer
/// milliseconds since the epoch, a whole number, or an ISO-8601 string.
/// @throws std::invalid_argument naming the text when it is neither.
inline Timestamp time_from_json(const nlohmann::json& value) {
  if (auto t = event_time_from_json(value)) return *t;
  throw std::invalid_argument("a time must be integer milliseconds or an ISO-8601 string, not " +
                              value.dump());
}

/// Writes a time as ISO-8601 UTC (`2025-06-22T10:00:00Z`), the form result files use.
inline nlohmann::json time_to_json(Timestamp t) { return format_timestamp(t); }

}  // namespace streamlab::labs
