/// @file
/// GoogleTest printers for event times and durations: a failing `EXPECT_EQ` on two timestamps
/// reads `2025-06-22T10:15:00Z` and `30s`, not `8-byte object <A0-68 ...>`.
///
/// Timestamp and Duration are `std::chrono` types, so an `operator<<` or `PrintTo` of ours is
/// never found by argument-dependent lookup; GoogleTest's printer is specialised instead. Every
/// StreamLab test translation unit includes this header through the tests' precompiled header
/// (and a student's test may include it too), so all of them print times alike.
#pragma once

#include <gtest/gtest.h>

#include <ostream>

#include "streamlab/time.hpp"

namespace testing::internal {

/// Prints a timestamp as ISO-8601 UTC (format_timestamp(): `-inf`/`+inf` at the ends of time).
template <>
class UniversalPrinter<streamlab::Timestamp> {
 public:
  /// Writes `t` to `os`.
  // NOLINTNEXTLINE(readability-identifier-naming): the name GoogleTest calls.
  static void Print(const streamlab::Timestamp& t, std::ostream* os) {
    *os << streamlab::format_timestamp(t);
  }
};

/// Prints a duration as `1h30m`, `500ms`, `-30s` (format_duration()).
template <>
class UniversalPrinter<streamlab::Duration> {
 public:
  /// Writes `d` to `os`.
  // NOLINTNEXTLINE(readability-identifier-naming): the name GoogleTest calls.
  static void Print(const streamlab::Duration& d, std::ostream* os) { *os << streamlab::format_duration(d); }
};

}  // namespace testing::internal
