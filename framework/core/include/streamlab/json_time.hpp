/// @file
/// The one rule for reading event time (and watermark marks) from a JSON value, whichever JSON
/// parser read it: integer milliseconds since the epoch, a number with no fractional part, or
/// an ISO-8601 string (docs/semantics.md, "Time").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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
/// (parse_event_time()), or why it holds none: OutOfRange for a number or text that is a time
/// outside 0000-01-01..9999-12-31 UTC, Unparseable for anything else.
TimeParse read_event_time(const JsonScalar& value);

/// read_event_time() for a value nlohmann_json parsed.
TimeParse read_event_time(const nlohmann::json& value);

/// The time read_event_time() reads.
/// @returns std::nullopt for anything else (a fraction, a time out of range, other types).
std::optional<Timestamp> event_time_from_json(const JsonScalar& value);

/// event_time_from_json() for a value nlohmann_json parsed.
std::optional<Timestamp> event_time_from_json(const nlohmann::json& value);

/// The dead-letter reason for a time field that read_event_time() refused with `error`, such as
/// `unparseable time "x" in field 'time': expected ...` or `time out of range: 1e18 in field 'time'`.
std::string event_time_error(TimeError error, std::string_view raw, std::string_view field);

/// What a message says a time field must hold, for errors and dead letters.
inline constexpr std::string_view kEventTimeForms =
    "integer milliseconds or an ISO-8601 time such as 2025-06-22T10:00:00Z";

}  // namespace streamlab
