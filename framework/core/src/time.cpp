#include "streamlab/time.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <stdexcept>

#include "streamlab/checked_time.hpp"

namespace streamlab {
namespace {

struct Unit {
  std::string_view suffix;
  Duration length;
};

// Longest suffix first so that "ms" is not read as "m" followed by garbage.
constexpr std::array<Unit, 5> kUnits{{
    {"ms", Duration{1}},
    {"s", std::chrono::seconds{1}},
    {"m", std::chrono::minutes{1}},
    {"h", std::chrono::hours{1}},
    {"d", std::chrono::days{1}},
}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

// The value of the `count` decimal digits at text[pos...]; the caller has checked they are digits.
int digits_at(std::string_view text, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

// Whether text[pos, pos + count) are all decimal digits; the caller has checked the length.
bool digits_in(std::string_view text, std::size_t pos, std::size_t count) {
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(text[i])) return false;
  }
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil), in
// 64 bits so that no year a timestamp can hold overflows.
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct CivilDate {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

// The date of a day count since 1970-01-01 (Howard Hinnant's civil_from_days), in 64 bits.
constexpr CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(0, 1, 1) * 86'400'000 == to_millis(kMinEventTime));
static_assert(days_from_civil(10000, 1, 1) * 86'400'000 - 1 == to_millis(kMaxEventTime));

constexpr bool is_leap(std::int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

constexpr unsigned days_in_month(std::int64_t y, unsigned m) {
  constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` (a `t` and a `z` are accepted too), the one
// grammar of ISO-8601 instants StreamLab reads. Fractions finer than a millisecond are
// truncated. A well-formed text whose offset exceeds ±23:59 (or whose minutes exceed 59), or
// whose instant lies outside the valid event times, is OutOfRange; anything else that does not
// match, including an impossible date or clock time, is Unparseable.
TimeParse parse_iso_instant(std::string_view text) {
  const std::size_t n = text.size();
  if (n < 20 || !digits_in(text, 0, 4) || text[4] != '-' || !digits_in(text, 5, 2) || text[7] != '-' ||
      !digits_in(text, 8, 2) || (text[10] != 'T' && text[10] != 't') || !digits_in(text, 11, 2) ||
      text[13] != ':' || !digits_in(text, 14, 2) || text[16] != ':' || !digits_in(text, 17, 2))
    return TimeParse{std::nullopt, TimeError::Unparseable};
  std::size_t pos = 19;
  int millis = 0;
  if (text[pos] == '.') {
    const std::size_t first = ++pos;
    while (pos < n && is_digit(text[pos])) ++pos;
    if (pos == first) return TimeParse{std::nullopt, TimeError::Unparseable};
    for (std::size_t i = first; i < first + 3; ++i) millis = millis * 10 + (i < pos ? text[i] - '0' : 0);
  }
  std::int64_t offset_minutes = 0;
  bool offset_in_range = true;
  if (n - pos == 1 && (text[pos] == 'Z' || text[pos] == 'z')) {
    // UTC
  } else if (n - pos == 6 && (text[pos] == '+' || text[pos] == '-') && digits_in(text, pos + 1, 2) &&
             text[pos + 3] == ':' && digits_in(text, pos + 4, 2)) {
    const int hours = digits_at(text, pos + 1, 2);
    const int minutes = digits_at(text, pos + 4, 2);
    offset_in_range = hours <= 23 && minutes <= 59;
    offset_minutes = (text[pos] == '-' ? -1 : 1) * (hours * 60 + minutes);
  } else {
    return TimeParse{std::nullopt, TimeError::Unparseable};
  }
  const std::int64_t year = digits_at(text, 0, 4);
  const auto month = static_cast<unsigned>(digits_at(text, 5, 2));
  const auto day = static_cast<unsigned>(digits_at(text, 8, 2));
  const int hour = digits_at(text, 11, 2);
  const int minute = digits_at(text, 14, 2);
  const int second = digits_at(text, 17, 2);
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour >= 24 || minute >= 60 ||
      second >= 60)
    return TimeParse{std::nullopt, TimeError::Unparseable};
  if (!offset_in_range) return TimeParse{std::nullopt, TimeError::OutOfRange};
  // At most ten thousand years of milliseconds plus a day: far inside 64 bits.
  const std::int64_t ms = days_from_civil(year, month, day) * 86'400'000 +
                          ((hour * 60 + minute - offset_minutes) * 60 + second) * 1000 + millis;
  const Timestamp t = from_millis(ms);
  if (!is_valid_event_time(t)) return TimeParse{std::nullopt, TimeError::OutOfRange};
  return TimeParse{t, TimeError::Unparseable};
}

// Writes `value` as exactly `width` decimal digits, zero-padded; the caller has checked it fits.
void put_digits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// Parses a duration, telling apart text of another syntax (std::nullopt, overflow false) from
// a duration too long for 64-bit milliseconds (std::nullopt, overflow true).
std::optional<Duration> parse_duration_checked(std::string_view text, bool& overflow) {
  overflow = false;
  if (text.empty()) return std::nullopt;
  if (text.find_first_not_of("0123456789") == std::string_view::npos) {
    auto ms = parse_int(text);
    overflow = !ms;
    if (!ms) return std::nullopt;
    return Duration{*ms};
  }
  Duration total{0};
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t digits_end = i;
    while (digits_end < text.size() && is_digit(text[digits_end])) ++digits_end;
    if (digits_end == i) return std::nullopt;
    std::string_view rest = text.substr(digits_end);
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits) {
      if (rest.starts_with(u.suffix)) {
        // "m" must not swallow the "m" of "ms".
        if (u.suffix == "m" && rest.starts_with("ms")) continue;
        unit = &u;
        break;
      }
    }
    if (unit == nullptr) return std::nullopt;
    const auto amount = parse_int(text.substr(i, digits_end - i));
    i = digits_end + unit->suffix.size();
    if (overflow) continue;  // keep checking the syntax of the rest
    std::optional<Duration> part;
    if (amount) part = checked_mul(*amount, unit->length);
    if (part) part = checked_add(total, *part);
    if (!part) {
      overflow = true;
      continue;
    }
    total = *part;
  }
  if (overflow) return std::nullopt;
  return total;
}

}  // namespace

std::optional<Duration> try_parse_duration(std::string_view text) {
  bool overflow = false;
  return parse_duration_checked(text, overflow);
}

Duration parse_duration(std::string_view text) {
  bool overflow = false;
  if (auto d = parse_duration_checked(text, overflow)) return *d;
  if (overflow)
    throw std::invalid_argument("duration '" + std::string(text) + "' is too long: the longest is " +
                                format_duration(Duration::max()));
  throw std::invalid_argument("invalid duration '" + std::string(text) +
                              "': expected a number with a unit, such as 500ms, 30s, 10m, 1h, 1d "
                              "or 1h30m");
}

std::string format_duration(Duration d) {
  if (d.count() == 0) return "0s";
  std::string out;
  std::int64_t rest = d.count();
  if (rest < 0) {
    out = "-";
    rest = -rest;
  }
  for (auto it = kUnits.rbegin(); it != kUnits.rend(); ++it) {
    const std::int64_t per = it->length.count();
    if (rest >= per) {
      out += std::to_string(rest / per);
      out += it->suffix;
      rest %= per;
    }
  }
  return out;
}

TimeParse parse_event_time(std::string_view text) {
  if (text.empty()) return TimeParse{std::nullopt, TimeError::Unparseable};
  const bool integer =
      text.find_first_not_of("0123456789", text[0] == '-' ? 1 : 0) == std::string_view::npos && text != "-";
  if (!integer) return parse_iso_instant(text);
  const auto ms = parse_int(text);
  if (!ms || !is_valid_event_time(from_millis(*ms))) return TimeParse{std::nullopt, TimeError::OutOfRange};
  return TimeParse{from_millis(*ms), TimeError::Unparseable};
}

std::optional<Timestamp> try_parse_timestamp(std::string_view text) { return parse_event_time(text).time; }

Timestamp parse_timestamp(std::string_view text) {
  const TimeParse parsed = parse_event_time(text);
  if (parsed.time) return *parsed.time;
  if (parsed.error == TimeError::OutOfRange)
    throw std::invalid_argument("timestamp '" + std::string(text) +
                                "' is out of range: valid times are 0000-01-01T00:00:00Z to "
                                "9999-12-31T23:59:59.999Z, with UTC offsets up to ±23:59");
  throw std::invalid_argument("invalid timestamp '" + std::string(text) +
                              "': expected integer milliseconds since the epoch or ISO-8601 such "
                              "as 2025-06-22T10:00:00Z or 2025-06-22T10:00:00.250+02:00");
}

void append_timestamp(std::string& out, Timestamp t) {
  if (t == kMinTimestamp) {
    out += "-inf";
    return;
  }
  if (t == kMaxTimestamp) {
    out += "+inf";
    return;
  }
  const std::int64_t ms = to_millis(t);
  // Floor division without forming any product or difference that could overflow.
  std::int64_t in_day = ms % 86'400'000;
  std::int64_t day = ms / 86'400'000;
  if (in_day < 0) {
    in_day += 86'400'000;  // 0 .. 86'399'999
    --day;
  }
  const CivilDate date = civil_from_days(day);
  char buf[48];
  std::size_t n = 0;
  if (date.year >= 0 && date.year <= 9999) {
    put_digits(buf, static_cast<unsigned>(date.year), 4);
    n = 4;
  } else {
    // ISO-8601's expanded years (`+10000`, `-0001`): only window bounds and watermarks reach
    // them, never an event time.
    buf[n++] = date.year < 0 ? '-' : '+';
    const std::uint64_t magnitude =
        date.year < 0 ? 0 - static_cast<std::uint64_t>(date.year) : static_cast<std::uint64_t>(date.year);
    char digits[24];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, magnitude);
    for (auto width = end - digits; width < 4; ++width) buf[n++] = '0';
    for (const char* c = digits; c != end; ++c) buf[n++] = *c;
  }
  char* rest = buf + n;
  const std::int64_t second_of_day = in_day / 1000;
  const auto millis = static_cast<unsigned>(in_day % 1000);
  rest[0] = '-';
  put_digits(rest + 1, date.month, 2);
  rest[3] = '-';
  put_digits(rest + 4, date.day, 2);
  rest[6] = 'T';
  put_digits(rest + 7, static_cast<unsigned>(second_of_day / 3600), 2);
  rest[9] = ':';
  put_digits(rest + 10, static_cast<unsigned>(second_of_day / 60 % 60), 2);
  rest[12] = ':';
  put_digits(rest + 13, static_cast<unsigned>(second_of_day % 60), 2);
  n += 15;
  if (millis != 0) {
    buf[n++] = '.';
    put_digits(buf + n, millis, 3);
    n += 3;
  }
  buf[n++] = 'Z';
  out.append(buf, n);
}

std::string format_timestamp(Timestamp t) {
  std::string out;
  append_timestamp(out, t);
  return out;
}

}  // namespace streamlab
