// ISO-8601 UTC text for the oracles' millisecond times, written with the C library alone (the
// oracles share no code with the framework), for failure messages.
#pragma once

#include <time.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace oracle {

/// `2025-06-22T10:00:00Z`, with `.250` only when the milliseconds are not zero.
inline std::string iso(std::int64_t ms) {
  std::int64_t seconds = ms / 1000;
  std::int64_t millis = ms % 1000;
  if (millis < 0) {
    millis += 1000;
    --seconds;
  }
  const auto t = static_cast<time_t>(seconds);
  tm parts{};
  gmtime_r(&t, &parts);
  char text[40];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &parts);
  std::string out(text, n);
  if (millis != 0) {
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, ".%03d", static_cast<int>(millis));
    out += fraction;
  }
  return out + "Z";
}

}  // namespace oracle
