// Hand-worked cases for the time syntax of the semantics document: timestamps are int64
// milliseconds since the epoch, read as integers or ISO-8601 and written as ISO-8601 UTC.
#include "streamlab/time.hpp"

#include <gtest/gtest.h>

// g++ 12 reports a false -Wmaybe-uninitialized inside date::parse's instantiation of <chrono>.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <date/date.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace streamlab {
namespace {

using namespace std::chrono_literals;

// The oracle for ISO-8601 text: date::parse called directly, with the documented semantics of
// try_parse_timestamp. A date-time with `T` (or `t`) at index 10, then a `Z`/`z` read by "%FT%TZ"
// or a `±HH:MM` offset read by "%FT%T%Ez" (subtracted to give UTC), and the whole text consumed.
std::optional<Timestamp> reference_parse_iso(std::string_view text) {
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't'))
    return std::nullopt;
  std::string s(text);
  s[10] = 'T';
  const bool utc = s.back() == 'Z' || s.back() == 'z';
  if (utc) s.back() = 'Z';
  std::istringstream in(s);
  Timestamp t{};
  in >> date::parse(utc ? "%FT%TZ" : "%FT%T%Ez", t);
  if (in.fail()) return std::nullopt;
  in.peek();
  if (!in.eof()) return std::nullopt;
  return t;
}

std::string iso(int y, int mo, int d, int h, int mi, int s, int ms_or_minus_one, char t = 'T',
                const char* zone = "Z") {
  char buf[64];
  if (ms_or_minus_one < 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d%c%02d:%02d:%02d%s", y, mo, d, t, h, mi, s, zone);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d%c%02d:%02d:%02d.%03d%s", y, mo, d, t, h, mi, s,
                  ms_or_minus_one, zone);
  }
  return buf;
}

void expect_same_as_reference(const std::string& text) {
  const std::optional<Timestamp> expected = reference_parse_iso(text);
  const std::optional<Timestamp> actual = try_parse_timestamp(text);
  ASSERT_EQ(actual.has_value(), expected.has_value()) << text;
  if (expected) {
    EXPECT_EQ(to_millis(*actual), to_millis(*expected)) << text;
  }
}

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
  EXPECT_EQ(to_millis(parse_timestamp("2025-06-22T10:00:00-01:30")), 1750586400000 + 90 * 60 * 1000);
}

TEST(Timestamp, ParsesIntegerMilliseconds) {
  EXPECT_EQ(to_millis(parse_timestamp("1750586400000")), 1750586400000);
  EXPECT_EQ(to_millis(parse_timestamp("-1000")), -1000);
}

TEST(Timestamp, RejectsMalformedText) {
  for (const char* bad : {"", "yesterday", "2025-06-22", "2025-06-22T10:00:00", "2025-13-01T00:00:00Z",
                          "2025-06-22T10:00:00Zjunk", "12.5"}) {
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

TEST(Timestamp, CommonUtcFormsMatchDateParseForEveryDayOf1970To2100) {
  // Every calendar day 1970-2100 (Feb 29 only in leap years, so 2000 but not 1900 or 2100), with
  // a time of day and milliseconds that walk through their ranges from a deterministic counter,
  // alternately without a fraction and with three digits.
  int checked = 0;
  std::uint64_t counter = 12345;
  for (int y = 1970; y <= 2100; ++y) {
    for (int mo = 1; mo <= 12; ++mo) {
      const date::year_month_day_last last{date::year{y},
                                           date::month_day_last{date::month(static_cast<unsigned>(mo))}};
      const int days = static_cast<int>(static_cast<unsigned>(last.day()));
      for (int d = 1; d <= days; ++d) {
        // A fixed linear congruential walk (Knuth's MMIX constants); its high bits vary well.
        counter = counter * 6364136223846793005ULL + 1442695040888963407ULL;
        const std::uint64_t r = counter >> 20;
        const int h = static_cast<int>(r % 24);
        const int mi = static_cast<int>((r / 24) % 60);
        const int s = static_cast<int>((r / 1440) % 60);
        const int ms = (checked % 2 == 0) ? -1 : static_cast<int>((r / 86400) % 1000);
        const std::string text = iso(y, mo, d, h, mi, s, ms);
        ASSERT_TRUE(reference_parse_iso(text).has_value()) << text;
        expect_same_as_reference(text);
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 47847);  // 131 years of 365 days plus 32 leap days (2100 is not leap)
}

TEST(Timestamp, FieldBoundsMatchDateParse) {
  // The extremes of each field, with and without a fraction.
  for (int ms : {-1, 0, 1, 999}) {
    for (int h : {0, 23}) {
      for (int mi : {0, 59}) {
        for (int s : {0, 59}) {
          expect_same_as_reference(iso(1970, 1, 1, h, mi, s, ms));
          expect_same_as_reference(iso(2100, 12, 31, h, mi, s, ms));
          expect_same_as_reference(iso(1969, 12, 31, h, mi, s, ms));
        }
      }
    }
  }
  for (int y : {0, 1, 1600, 1900, 2000, 2400, 9999}) {
    expect_same_as_reference(iso(y, 2, 28, 12, 0, 0, 5));
    expect_same_as_reference(iso(y, 2, 29, 12, 0, 0, -1));
    expect_same_as_reference(iso(y, 3, 1, 0, 0, 0, 500));
  }
}

TEST(Timestamp, NearMissesAndUnusualFormsMatchDateParse) {
  const std::vector<std::string> texts = {
      // Impossible dates and times.
      "2025-00-10T10:00:00Z",
      "2025-13-10T10:00:00Z",
      "2025-06-00T10:00:00Z",
      "2025-06-32T10:00:00Z",
      "2025-04-31T10:00:00Z",
      "2025-04-31T10:00:00.000Z",
      "2023-02-29T10:00:00Z",
      "1900-02-29T10:00:00Z",
      "2100-02-29T10:00:00.123Z",
      "2000-02-29T10:00:00Z",
      "2024-02-29T23:59:59.999Z",
      "2025-06-22T24:00:00Z",
      "2025-06-22T10:60:00Z",
      "2025-06-22T10:00:60Z",
      "2016-12-31T23:59:60Z",
      "2016-12-31T23:59:60.500Z",
      "2025-06-22T99:99:99Z",
      // Fraction widths other than three.
      "2025-06-22T10:00:00.2Z",
      "2025-06-22T10:00:00.25Z",
      "2025-06-22T10:00:00.Z",
      "2025-06-22T10:00:00,250Z",
      // Case of the designators, and missing or extra characters.
      "2025-06-22t10:00:00z",
      "2025-06-22t10:00:00.250Z",
      "2025-06-22T10:00:00.250z",
      "2025-06-22T10:00:00",
      "2025-06-22T10:00:00.250",
      "2025-06-22T10:00:00Zjunk",
      "2025-06-22T10:00:00.250Z ",
      "2025-06-22T10:00:00ZZ",
      " 2025-06-22T10:00:00Z",
      "2025-06-22 10:00:00Z",
      "2025-06-22X10:00:00Z",
      "2025-06-22T10-00-00Z",
      "2025-06-22T10:00:00X",
      "2025-06-22T10:00:00.25xZ",
      "2025-6-22T10:00:00.250Z",
      "2025-06-2aT10:00:00Z",
      "20a5-06-22T10:00:00Z",
      "+025-06-22T10:00:00Z",
      "2025-06-22T1:00:00.250Z",
      "2025-06-22T10:0:00.250Z",
      "2025-06-22T10:00:0.250Z",
      // Offsets, read by the general path.
      "2025-06-22T10:00:00+02:00",
      "2025-06-22T10:00:00.250+02:00",
      "2025-06-22T10:00:00-01:30",
      "2025-06-22T10:00:00+00:00",
      "2025-06-22T10:00:00.25+02:00",
      "2025-06-22T10:00:00+0200",
      "2025-06-22T10:00:00+02",
      "2025-06-22T10:00:00+24:00",
      "2025-01-01T00:30:00+01:00",
  };
  // date::parse reads these too, but StreamLab's grammar is stricter: two-digit clock fields, at
  // least one fraction digit after a dot, a four-digit year, and only `±HH:MM` offsets of at most
  // 23:59 (docs/semantics.md, "Time").
  const std::vector<std::string> stricter = {
      "2025-06-22T10:00:00.Z",    "+025-06-22T10:00:00Z",      "2025-06-22T1:00:00.250Z",
      "2025-06-22T10:0:00.250Z",  "2025-06-22T10:00:0.250Z",   "2025-06-22T10:00:00+0200",
      "2025-06-22T10:00:00+02",   "2025-06-22T10:00:00+24:00", "2016-12-31T23:59:60Z",
      "2016-12-31T23:59:60.500Z",
  };
  for (const std::string& text : texts) {
    if (std::find(stricter.begin(), stricter.end(), text) != stricter.end()) {
      EXPECT_FALSE(try_parse_timestamp(text).has_value()) << text;
    } else {
      expect_same_as_reference(text);
    }
  }
}

TEST(Timestamp, FastPathFormsGiveHandWorkedValues) {
  // 2025-06-22 is day 20261 since 1970-01-01; 20261 * 86400 + 10 * 3600 = 1750586400 s.
  EXPECT_EQ(to_millis(*try_parse_timestamp("2025-06-22T10:00:00.250Z")), 1750586400250);
  EXPECT_EQ(to_millis(*try_parse_timestamp("2025-06-22t10:00:00.250z")), 1750586400250);
  // 2000-03-01 is day 11017: 2000-02-29 23:59:59.999 is one millisecond before 11017 * 86400 s.
  EXPECT_EQ(to_millis(*try_parse_timestamp("2000-02-29T23:59:59.999Z")), 951868800000 - 1);
  // 1969-12-31T23:59:59.001Z is 999 ms before the epoch.
  EXPECT_EQ(to_millis(*try_parse_timestamp("1969-12-31T23:59:59.001Z")), -999);
  // 2100-12-31T23:59:59Z: 2101-01-01 is day 47847 (131 years, 32 leap days), minus one second.
  EXPECT_EQ(to_millis(*try_parse_timestamp("2100-12-31T23:59:59Z")), 47847LL * 86400000 - 1000);
  EXPECT_FALSE(try_parse_timestamp("2023-02-29T00:00:00Z").has_value());
  EXPECT_FALSE(try_parse_timestamp("2025-04-31T00:00:00.000Z").has_value());
}

TEST(Timestamp, FractionsFinerThanAMillisecondAreTruncatedTowardThePast) {
  EXPECT_EQ(to_millis(*try_parse_timestamp("2025-06-22T10:00:00.2500Z")), 1750586400250);
  EXPECT_EQ(to_millis(*try_parse_timestamp("2025-06-22T10:00:00.123456Z")), 1750586400123);
  EXPECT_EQ(to_millis(*try_parse_timestamp("2025-06-22T10:00:00.999999999Z")), 1750586400999);
  // 10:00:00.9999999 at +02:00 is 08:00:00.999 UTC: 7,200,000 ms before 10:00 UTC.
  EXPECT_EQ(to_millis(*try_parse_timestamp("2025-06-22T10:00:00.9999999+02:00")), 1750579200999);
  // Before the epoch "toward the past" still means the earlier millisecond: .0015 -> .001.
  EXPECT_EQ(to_millis(*try_parse_timestamp("1969-12-31T23:59:59.0015Z")), -999);
  EXPECT_FALSE(try_parse_timestamp("2025-06-22T10:00:00.1234x6Z").has_value());
}

}  // namespace
}  // namespace streamlab

#pragma GCC diagnostic pop
