/// @file
/// The one rule for reading event time (and watermark marks) from a JSON value, whichever JSON
/// parser read it: integer milliseconds since the epoch, a number with no fractional part, or
/// an ISO-8601 string (docs/semantics.md, "Time").
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include <nlohmann/json_fwd.hpp>

#include "streamlab/time.hpp"

namespace streamlab {

/// A JSON scalar as any parser hands it over: the parsers (nlohmann, simdjson) only map their
/// types onto this, and event_time_from_json() alone decides what is a time.
using JsonScalar = std::variant<std::monostate,  ///< anything else: null, bool, object, array
                                std::int64_t, std::uint64_t, double, std::string_view>;

/// The event time a JSON value holds: integer milliseconds, a number with no fractional part
/// (JSON has one number type, so `1000.0` is `1000`), or an ISO-8601 string
/// (try_parse_timestamp()).
/// @returns std::nullopt for anything else (a fraction, a number out of range, other types).
std::optional<Timestamp> event_time_from_json(const JsonScalar& value);

/// event_time_from_json() for a value nlohmann_json parsed.
std::optional<Timestamp> event_time_from_json(const nlohmann::json& value);

/// What a message says a time field must hold, for errors and dead letters.
inline constexpr std::string_view kEventTimeForms =
    "integer milliseconds or an ISO-8601 time such as 2025-06-22T10:00:00Z";

}  // namespace streamlab
