#include "streamlab/json_time.hpp"

#include <cmath>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

namespace streamlab {

std::optional<Timestamp> event_time_from_json(const JsonScalar& value) {
  if (const auto* ms = std::get_if<std::int64_t>(&value)) return from_millis(*ms);
  if (const auto* ms = std::get_if<std::uint64_t>(&value)) {
    if (*ms > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return from_millis(static_cast<std::int64_t>(*ms));
  }
  if (const auto* d = std::get_if<double>(&value)) {
    // Only whole numbers that convert exactly: 2^63 itself is out of range.
    if (!std::isfinite(*d) || std::floor(*d) != *d || *d < -9.2e18 || *d > 9.2e18) return std::nullopt;
    return from_millis(static_cast<std::int64_t>(*d));
  }
  if (const auto* text = std::get_if<std::string_view>(&value)) return try_parse_timestamp(*text);
  return std::nullopt;
}

std::optional<Timestamp> event_time_from_json(const nlohmann::json& value) {
  if (value.is_number_integer()) {
    return value.is_number_unsigned() ? event_time_from_json(JsonScalar{value.get<std::uint64_t>()})
                                      : event_time_from_json(JsonScalar{value.get<std::int64_t>()});
  }
  if (value.is_number_float()) return event_time_from_json(JsonScalar{value.get<double>()});
  if (value.is_string())
    return event_time_from_json(JsonScalar{std::string_view{value.get_ref<const std::string&>()}});
  return std::nullopt;
}

}  // namespace streamlab
