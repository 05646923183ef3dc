#include "streamlab/time.hpp"

// g++ 12 reports a false -Wmaybe-uninitialized inside date::parse's instantiation of <chrono>.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <date/date.h>

#include <array>
#include <charconv>
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
  if (auto ms = parse_int(text)) return from_millis(*ms);
  // Reject anything that is not an ISO-8601 date-time before handing it to the parser.
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't'))
    return std::nullopt;
  std::string s(text);
  s[10] = 'T';
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

std::string format_timestamp(Timestamp t) {
  if (t == kMinTimestamp) return "-inf";
  if (t == kMaxTimestamp) return "+inf";
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

}  // namespace streamlab

#pragma GCC diagnostic pop
