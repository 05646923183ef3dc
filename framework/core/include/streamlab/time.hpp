/// @file
/// Event time, processing time and durations: the units every other StreamLab header speaks.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace streamlab {

/// A length of time with millisecond resolution, the resolution of Kafka timestamps.
using Duration = std::chrono::milliseconds;

/// A point in time: milliseconds since the Unix epoch, UTC (event time or processing time).
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

/// The watermark before any event has been seen: no event is behind it.
inline constexpr Timestamp kMinTimestamp = Timestamp::min();

/// The watermark at the end of a bounded input: every window is complete.
inline constexpr Timestamp kMaxTimestamp = Timestamp::max();

/// Builds a timestamp from milliseconds since the epoch.
constexpr Timestamp from_millis(std::int64_t ms) { return Timestamp{Duration{ms}}; }

/// Milliseconds since the epoch of a timestamp.
constexpr std::int64_t to_millis(Timestamp t) { return t.time_since_epoch().count(); }

/// Parses a duration such as `500ms`, `30s`, `10m`, `1h`, `1d` or `1h30m`; a bare integer is milliseconds.
/// @returns std::nullopt when the text is not a non-negative duration in that syntax, or when
///          the total does not fit in 64-bit milliseconds (it is never wrapped).
std::optional<Duration> try_parse_duration(std::string_view text);

/// Parses a duration like try_parse_duration().
/// @throws std::invalid_argument naming the text and the accepted syntax, or saying that the
///         duration does not fit in 64-bit milliseconds (`106751991167d106751991167d`).
Duration parse_duration(std::string_view text);

/// Writes a duration in the syntax parse_duration() reads, largest units first (`1h30m`, `500ms`, `0s`).
std::string format_duration(Duration d);

/// Why a text is not an event time.
enum class TimeError {
  Unparseable,  ///< Not integer milliseconds nor an ISO-8601 instant of the accepted form.
  OutOfRange,   ///< Well-formed, but outside 0000-01-01..9999-12-31 UTC or with an offset beyond ±23:59.
};

/// The outcome of parse_event_time(): the time, or why there is none.
struct TimeParse {
  std::optional<Timestamp> time;            ///< The event time, when the text is one.
  TimeError error{TimeError::Unparseable};  ///< Why not, when `time` is empty.
};

/// Parses an event time: a string of integer milliseconds, or an ISO-8601 instant
/// `YYYY-MM-DDTHH:MM:SS[.fraction]` with a `Z` or a `±HH:MM` offset (`2025-06-22T10:00:00Z`,
/// `2025-06-22T10:00:00.250+02:00`); fractions finer than a millisecond are truncated toward
/// the past. Valid times are 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z and offsets at most
/// ±23:59 (docs/semantics.md, "Time"); anything beyond is OutOfRange, never a wrapped value.
TimeParse parse_event_time(std::string_view text);

/// The time parse_event_time() reads.
/// @returns std::nullopt when the text is not a valid event time.
std::optional<Timestamp> try_parse_timestamp(std::string_view text);

/// Parses a timestamp like parse_event_time().
/// @throws std::invalid_argument naming the text and the accepted forms or the valid range.
Timestamp parse_timestamp(std::string_view text);

/// Writes a timestamp as ISO-8601 UTC with a `Z`, with milliseconds only where they are non-zero
/// (`2025-06-22T10:00:00Z`, `2025-06-22T10:00:00.250Z`); kMinTimestamp and kMaxTimestamp are
/// written `-inf` and `+inf`. Instants outside the years 0000..9999 (window bounds and watermarks,
/// never event times) get ISO-8601's expanded year with a sign, such as `+10000-01-01T00:00:00Z`.
std::string format_timestamp(Timestamp t);

/// Appends format_timestamp(t) to `out`: the same text, without a string of its own (the form
/// for writers that build a line piece by piece).
void append_timestamp(std::string& out, Timestamp t);

}  // namespace streamlab
