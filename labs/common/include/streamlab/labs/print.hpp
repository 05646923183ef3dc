/// @file
/// How lab values print in test failures and logs: as their JSON form, with field names and
/// ISO-8601 times, so a failing assertion reads `{"user":"u-7","start":"2025-06-22T10:00:00Z",...}`
/// instead of GoogleTest's raw bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

namespace streamlab::labs {

/// Writes `value` to `os` as the one-line JSON its `to_json` gives: the one rule every lab
/// type's `operator<<` follows (GoogleTest finds those operators by argument-dependent lookup).
template <class T>
std::ostream& print_as_json(std::ostream& os, const T& value) {
  const nlohmann::json j = value;
  return os << j.dump();
}

}  // namespace streamlab::labs
