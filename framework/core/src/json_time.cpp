#include "streamlab/json_time.hpp"

#include <cmath>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "streamlab/checked_time.hpp"

namespace streamlab {
namespace {

TimeParse in_range(std::int64_t ms) {
  if (!is_valid_event_time(from_millis(ms))) return TimeParse{std::nullopt, TimeError::OutOfRange};
  return TimeParse{from_millis(ms), TimeError::Unparseable};
}

}  // namespace

TimeParse read_event_time(const JsonScalar& value) {
  if (const auto* ms = std::get_if<std::int64_t>(&value)) return in_range(*ms);
  if (const auto* ms = std::get_if<std::uint64_t>(&value)) {
    if (*ms > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return TimeParse{std::nullopt, TimeError::OutOfRange};
    return in_range(static_cast<std::int64_t>(*ms));
  }
  if (const auto* d = std::get_if<double>(&value)) {
    if (!std::isfinite(*d) || std::floor(*d) != *d) return TimeParse{std::nullopt, TimeError::Unparseable};
    // Whole numbers beyond the valid range are out of range without converting (2^63 would not).
    if (*d < static_cast<double>(to_millis(kMinEventTime)) ||
        *d > static_cast<double>(to_millis(kMaxEventTime)))
      return TimeParse{std::nullopt, TimeError::OutOfRange};
    return in_range(static_cast<std::int64_t>(*d));
  }
  if (const auto* text = std::get_if<std::string_view>(&value)) return parse_event_time(*text);
  return TimeParse{std::nullopt, TimeError::Unparseable};
}

TimeParse read_event_time(const nlohmann::json& value) {
  if (value.is_number_integer()) {
    return value.is_number_unsigned() ? read_event_time(JsonScalar{value.get<std::uint64_t>()})
                                      : read_event_time(JsonScalar{value.get<std::int64_t>()});
  }
  if (value.is_number_float()) return read_event_time(JsonScalar{value.get<double>()});
  if (value.is_string())
    return read_event_time(JsonScalar{std::string_view{value.get_ref<const std::string&>()}});
  return TimeParse{std::nullopt, TimeError::Unparseable};
}

std::optional<Timestamp> event_time_from_json(const JsonScalar& value) { return read_event_time(value).time; }

std::optional<Timestamp> event_time_from_json(const nlohmann::json& value) {
  return read_event_time(value).time;
}

std::string event_time_error(TimeError error, std::string_view raw, std::string_view field) {
  if (error == TimeError::OutOfRange)
    return std::string(kTimeOutOfRange) + ": " + std::string(raw) + " in field '" + std::string(field) +
           "' (valid times are 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, offsets up to ±23:59)";
  return "unparseable time " + std::string(raw) + " in field '" + std::string(field) +
         "': expected integer milliseconds or an ISO-8601 time";
}

}  // namespace streamlab
