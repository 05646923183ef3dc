// Hand-worked cases for the time syntax of the semantics document: timestamps are int64
// milliseconds since the epoch, read as integers or ISO-8601 and written as ISO-8601 UTC.
#include "streamlab/time.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace streamlab {
namespace {

using namespace std::chrono_literals;

TEST(Duration, ParsesEachUnit) {
  EXPECT_EQ(parse_duration("500ms"), 500ms);
  EXPECT_EQ(parse_duration("30s"), 30s);
  EXPECT_EQ(parse_duration("10m"), 10min);
  EXPECT_EQ(parse_duration("1h"), 1h);
  EXPECT_EQ(parse_duration("1d"), 24h);
  EXPECT_EQ(parse_duration("0s"), 0ms);
}

TEST(Duration, ParsesCombinationsAndBareMilliseconds) {
  EXPECT_EQ(parse_duration("1h30m"), 90min);
  EXPECT_EQ(parse_duration("1m30s500ms"), 90500ms);
  EXPECT_EQ(parse_duration("250"), 250ms);
}

TEST(Duration, RejectsMalformedText) {
  for (const char* bad : {"", "ms", "10x", "1.5s", "-5s", "h1", "10 s", "5mm"}) {
    EXPECT_FALSE(try_parse_duration(bad).has_value()) << bad;
  }
  EXPECT_THROW(parse_duration("ten seconds"), std::invalid_argument);
}

TEST(Duration, FormatsLargestUnitsFirst) {
  EXPECT_EQ(format_duration(90min), "1h30m");
  EXPECT_EQ(format_duration(500ms), "500ms");
  EXPECT_EQ(format_duration(0ms), "0s");
  EXPECT_EQ(format_duration(25h), "1d1h");
}

TEST(Timestamp, ParsesUtcIso8601) {
  // 2025-06-22T10:00:00Z = 1750586400 s since the epoch (20261 days * 86400 + 36000).
  EXPECT_EQ(to_millis(parse_timestamp("2025-06-22T10:00:00Z")), 1750586400000);
  EXPECT_EQ(to_millis(parse_timestamp("1970-01-01T00:00:00Z")), 0);
}

TEST(Timestamp, ParsesMillisecondsAndOffsets) {
  // 10:00:00.250 at +02:00 is 08:00:00.250 UTC.
  EXPECT_EQ(to_millis(parse_timestamp("2025-06-22T10:00:00.250+02:00")),
            1750586400000 - 2 * 3600 * 1000 + 250);
  EXPECT_EQ(to_millis(parse_timestamp("2025-06-22T10:00:00-01:30")),
            1750586400000 + 90 * 60 * 1000);
}

TEST(Timestamp, ParsesIntegerMilliseconds) {
  EXPECT_EQ(to_millis(parse_timestamp("1750586400000")), 1750586400000);
  EXPECT_EQ(to_millis(parse_timestamp("-1000")), -1000);
}

TEST(Timestamp, RejectsMalformedText) {
  for (const char* bad : {"", "yesterday", "2025-06-22", "2025-06-22T10:00:00",
                          "2025-13-01T00:00:00Z", "2025-06-22T10:00:00Zjunk", "12.5"}) {
    EXPECT_FALSE(try_parse_timestamp(bad).has_value()) << bad;
  }
  EXPECT_THROW(parse_timestamp("noon"), std::invalid_argument);
}

TEST(Timestamp, FormatsUtcWithMillisecondsOnlyWhenNonZero) {
  EXPECT_EQ(format_timestamp(from_millis(1750586400000)), "2025-06-22T10:00:00Z");
  EXPECT_EQ(format_timestamp(from_millis(1750586400250)), "2025-06-22T10:00:00.250Z");
  EXPECT_EQ(format_timestamp(from_millis(5)), "1970-01-01T00:00:00.005Z");
  EXPECT_EQ(format_timestamp(from_millis(-1)), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_timestamp(kMinTimestamp), "-inf");
  EXPECT_EQ(format_timestamp(kMaxTimestamp), "+inf");
}

TEST(Timestamp, RoundTripsThroughText) {
  for (std::int64_t ms : {0LL, 1LL, 999LL, 1750586400123LL, -86400001LL}) {
    EXPECT_EQ(to_millis(parse_timestamp(format_timestamp(from_millis(ms)))), ms);
  }
}

}  // namespace
}  // namespace streamlab
