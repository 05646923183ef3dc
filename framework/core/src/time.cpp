#include "streamlab/time.hpp"

// g++ 12 reports a false -Wmaybe-uninitialized inside date::parse's instantiation of <chrono>.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <date/date.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <limits>
#include <sstream>
#include <stdexcept>

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

// Reads the forms datasets almost always hold, `YYYY-MM-DDTHH:MM:SSZ` and
// `YYYY-MM-DDTHH:MM:SS.mmmZ`, without the stream machinery of date::parse, which dominates
// loading a large dataset. Returns std::nullopt for anything else, including out-of-range fields:
// the caller then asks date::parse, so the accepted set and the results stay date::parse's.
std::optional<Timestamp> parse_common_iso_utc(std::string_view text) {
  const std::size_t n = text.size();
  if (n != 20 && n != 24) return std::nullopt;
  if (!digits_in(text, 0, 4) || text[4] != '-' || !digits_in(text, 5, 2) || text[7] != '-' ||
      !digits_in(text, 8, 2) || (text[10] != 'T' && text[10] != 't') || !digits_in(text, 11, 2) ||
      text[13] != ':' || !digits_in(text, 14, 2) || text[16] != ':' || !digits_in(text, 17, 2) ||
      (text[n - 1] != 'Z' && text[n - 1] != 'z'))
    return std::nullopt;
  int millis = 0;
  if (n == 24) {
    if (text[19] != '.' || !digits_in(text, 20, 3)) return std::nullopt;
    millis = digits_at(text, 20, 3);
  }
  const date::year_month_day ymd{date::year{digits_at(text, 0, 4)},
                                 date::month{static_cast<unsigned>(digits_at(text, 5, 2))},
                                 date::day{static_cast<unsigned>(digits_at(text, 8, 2))}};
  const int hour = digits_at(text, 11, 2);
  const int minute = digits_at(text, 14, 2);
  const int second = digits_at(text, 17, 2);
  // A leap second (60) and other edge cases are left to date::parse.
  if (!ymd.ok() || hour >= 24 || minute >= 60 || second >= 60) return std::nullopt;
  return Timestamp{date::sys_days{ymd}} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
         std::chrono::seconds{second} + Duration{millis};
}

// Instants whose text has a four-digit year, written without the stream machinery of
// date::format (which costs two string streams per call); the rest keep date::format's text.
constexpr Timestamp kFastFormatFrom{date::sys_days{date::year{0} / 1 / 1}};
constexpr Timestamp kFastFormatUntil{date::sys_days{date::year{10000} / 1 / 1}};

// Writes `value` as exactly `width` decimal digits, zero-padded; the caller has checked it fits.
void put_digits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// The general formatter: any instant date::format can write, seconds and milliseconds.
std::string format_timestamp_with_stream(Timestamp t) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  const auto millis = (t - seconds).count();
  std::string out = date::format("%FT%T", seconds);
  if (millis != 0) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ".%03lld", static_cast<long long>(millis));
    out += buf;
  }
  out += 'Z';
  return out;
}

}  // namespace

std::optional<Duration> try_parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (auto ms = parse_int(text)) {
    if (*ms < 0) return std::nullopt;
    return Duration{*ms};
  }
  Duration total{0};
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t digits_end = i;
    while (digits_end < text.size() && is_digit(text[digits_end])) ++digits_end;
    if (digits_end == i) return std::nullopt;
    auto amount = parse_int(text.substr(i, digits_end - i));
    if (!amount) return std::nullopt;
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
    const std::int64_t per = unit->length.count();
    if (*amount > std::numeric_limits<std::int64_t>::max() / per) return std::nullopt;
    total += Duration{*amount * per};
    i = digits_end + unit->suffix.size();
  }
  return total;
}

Duration parse_duration(std::string_view text) {
  if (auto d = try_parse_duration(text)) return *d;
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

std::optional<Timestamp> try_parse_timestamp(std::string_view text) {
  if (text.empty()) return std::nullopt;
  // Text of the common form is never an integer (it has a '-' after four digits), so trying it
  // first changes no result.
  if (auto t = parse_common_iso_utc(text)) return t;
  if (auto ms = parse_int(text)) return from_millis(*ms);
  // Reject anything that is not an ISO-8601 date-time before handing it to the parser.
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't'))
    return std::nullopt;
  std::string s(text);
  s[10] = 'T';
  // Digits beyond milliseconds (`.123456`, as Python's isoformat writes) are dropped: the
  // timestamp is truncated toward the past, as the header promises.
  if (s.size() > 23 && s[19] == '.') {
    std::size_t end = 20;
    while (end < s.size() && is_digit(s[end])) ++end;
    if (end > 23) s.erase(23, end - 23);
  }
  const char last = s.back();
  const bool utc = last == 'Z' || last == 'z';
  if (utc) s.back() = 'Z';
  Timestamp t{};
  std::istringstream in(s);
  if (utc) {
    in >> date::parse("%FT%TZ", t);
  } else {
    // %Ez reads "+02:00"; the offset is subtracted to give UTC.
    in >> date::parse("%FT%T%Ez", t);
  }
  if (in.fail()) return std::nullopt;
  in.peek();
  if (!in.eof()) return std::nullopt;
  return t;
}

Timestamp parse_timestamp(std::string_view text) {
  if (auto t = try_parse_timestamp(text)) return *t;
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
  if (t < kFastFormatFrom || t >= kFastFormatUntil) {
    out += format_timestamp_with_stream(t);
    return;
  }
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const date::year_month_day ymd{day};
  const std::int64_t in_day = (t - day).count();  // 0 .. 86'399'999
  const auto year = static_cast<unsigned>(static_cast<int>(ymd.year()));
  const std::int64_t second_of_day = in_day / 1000;
  const auto millis = static_cast<unsigned>(in_day % 1000);
  char buf[24];
  put_digits(buf, year, 4);
  buf[4] = '-';
  put_digits(buf + 5, static_cast<unsigned>(ymd.month()), 2);
  buf[7] = '-';
  put_digits(buf + 8, static_cast<unsigned>(ymd.day()), 2);
  buf[10] = 'T';
  put_digits(buf + 11, static_cast<unsigned>(second_of_day / 3600), 2);
  buf[13] = ':';
  put_digits(buf + 14, static_cast<unsigned>(second_of_day / 60 % 60), 2);
  buf[16] = ':';
  put_digits(buf + 17, static_cast<unsigned>(second_of_day % 60), 2);
  std::size_t n = 19;
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

#pragma GCC diagnostic pop
