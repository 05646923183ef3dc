// Record builders shared by the simulator's tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "streamlab/record.hpp"
#include "streamlab/time.hpp"

namespace streamlab::sim::test {

/// A record with an optional key, a value and an event time in milliseconds, without headers.
inline Record rec(std::optional<std::string> key, std::string value, std::int64_t ts_ms) {
  return Record{std::move(key), std::move(value), from_millis(ts_ms), {}};
}

}  // namespace streamlab::sim::test
