// The checked-time policy (docs/semantics.md, "Time"): valid event times are
// 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z, offsets at most ±23:59, durations never wrap,
// and timestamp arithmetic saturates. Expected values are hand-worked in the comments.
#include "streamlab/checked_time.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "streamlab/json_time.hpp"
#include "streamlab/time.hpp"

namespace streamlab {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kInt64Min = std::numeric_limits<std::int64_t>::min();

TEST(EventTimeRange, TheFirstAndLastValidInstantsAreAccepted) {
  // 0000-01-01 is 719528 days before 1970-01-01 (1970 years of 365 days plus 478 leap days):
  // 719528 * 86400000 ms = 62167219200000 ms.
  EXPECT_EQ(to_millis(*try_parse_timestamp("0000-01-01T00:00:00Z")), -62'167'219'200'000);
  // 10000-01-01 is 2932897 days after 1970-01-01; one millisecond before it:
  // 2932897 * 86400000 - 1 = 253402300799999.
  EXPECT_EQ(to_millis(*try_parse_timestamp("9999-12-31T23:59:59.999Z")), 253'402'300'799'999);
  EXPECT_EQ(to_millis(kMinEventTime), -62'167'219'200'000);
  EXPECT_EQ(to_millis(kMaxEventTime), 253'402'300'799'999);
  EXPECT_EQ(to_millis(*try_parse_timestamp("-62167219200000")), -62'167'219'200'000);
  EXPECT_EQ(to_millis(*try_parse_timestamp("253402300799999")), 253'402'300'799'999);
}

TEST(EventTimeRange, OneMillisecondOutsideIsOutOfRangeNotWrapped) {
  EXPECT_EQ(parse_event_time("-62167219200001").error, TimeError::OutOfRange);
  EXPECT_EQ(parse_event_time("253402300800000").error, TimeError::OutOfRange);
  EXPECT_FALSE(parse_event_time("253402300800000").time.has_value());
  // The 1e18 and integers beyond 64 bits.
  EXPECT_EQ(parse_event_time("1000000000000000000").error, TimeError::OutOfRange);
  EXPECT_EQ(parse_event_time("99999999999999999999").error, TimeError::OutOfRange);
  EXPECT_EQ(parse_event_time("-99999999999999999999").error, TimeError::OutOfRange);
  // An offset can push a well-formed text over either edge: 00:00 at +00:01 is 23:59 UTC of
  // the day before year 0; 23:59:59 at -00:01 is 00:00:59 UTC of 10000-01-01.
  EXPECT_EQ(parse_event_time("0000-01-01T00:00:00+00:01").error, TimeError::OutOfRange);
  EXPECT_EQ(parse_event_time("9999-12-31T23:59:59-00:01").error, TimeError::OutOfRange);
  EXPECT_THROW(parse_timestamp("1000000000000000000"), std::invalid_argument);
}

TEST(EventTimeRange, JsonNumbersOutsideTheRangeAreOutOfRange) {
  EXPECT_EQ(read_event_time(JsonScalar{std::int64_t{1'000'000'000'000'000'000}}).error,
            TimeError::OutOfRange);
  EXPECT_EQ(read_event_time(JsonScalar{std::uint64_t{18'446'744'073'709'551'615ULL}}).error,
            TimeError::OutOfRange);
  EXPECT_EQ(read_event_time(JsonScalar{1e18}).error, TimeError::OutOfRange);
  EXPECT_EQ(read_event_time(JsonScalar{-1e300}).error, TimeError::OutOfRange);
  EXPECT_EQ(read_event_time(nlohmann::json::parse("1e18")).error, TimeError::OutOfRange);
  EXPECT_EQ(to_millis(*read_event_time(nlohmann::json::parse("1000")).time), 1000);
  EXPECT_EQ(to_millis(*read_event_time(JsonScalar{std::uint64_t{1000}}).time), 1000);
  // A fraction is not a time at all.
  EXPECT_EQ(read_event_time(JsonScalar{1.5}).error, TimeError::Unparseable);
}

TEST(UtcOffset, AtMostTwentyThreeFiftyNineWithMinutesBelowSixty) {
  // 10:00 at +23:59 is 10:01 UTC the day before; 2025-06-21T10:01:00Z = 1750586400000 - 86400000 + 60000.
  EXPECT_EQ(to_millis(*try_parse_timestamp("2025-06-22T10:00:00+23:59")),
            1'750'586'400'000 - 86'400'000 + 60'000);
  EXPECT_EQ(to_millis(*try_parse_timestamp("2025-06-22T10:00:00-23:59")),
            1'750'586'400'000 + 86'400'000 - 60'000);
  for (const char* text : {"2025-06-22T10:00:00+24:00", "2025-06-22T10:00:00+99:99",
                           "2025-06-22T10:00:00+00:60", "2025-06-22T10:00:00-00:60"}) {
    EXPECT_EQ(parse_event_time(text).error, TimeError::OutOfRange) << text;
    EXPECT_FALSE(parse_event_time(text).time.has_value()) << text;
  }
}

TEST(UtcOffset, MalformedOffsetsAndClockFieldsAreUnparseable) {
  // The "-x" offset (date.h negated minutes::min()) and "xx" minutes (read uninitialised).
  for (const char* text : {"2025-06-22T10:00:00-x", "2025-06-22T10:xx:00Z", "2025-06-22T10:00:00+0a:00",
                           "2025-06-22T10:00:00+", "2025-06-22T10:00:00+02:00:00"}) {
    EXPECT_EQ(parse_event_time(text).error, TimeError::Unparseable) << text;
    EXPECT_FALSE(parse_event_time(text).time.has_value()) << text;
  }
}

TEST(CheckedDuration, MultiPartDurationsNeverWrap) {
  // 106751991167d = 106751991167 * 86400000 ms = 9223372036828800000 ms, 25975807 ms below 2^63 - 1.
  EXPECT_EQ(parse_duration("106751991167d"), Duration{9'223'372'036'828'800'000});
  EXPECT_EQ(parse_duration("106751991167d25975s807ms"), Duration{kInt64Max});
  EXPECT_FALSE(try_parse_duration("106751991167d25975s808ms").has_value());
  EXPECT_FALSE(try_parse_duration("106751991167d25976s").has_value());
  EXPECT_FALSE(try_parse_duration("106751991168d").has_value());
  EXPECT_FALSE(try_parse_duration("106751991167d106751991167d").has_value());
  EXPECT_EQ(parse_duration("9223372036854775807"), Duration{kInt64Max});
  EXPECT_FALSE(try_parse_duration("9223372036854775808").has_value());
  EXPECT_FALSE(try_parse_duration("99999999999999999999s").has_value());
}

TEST(CheckedDuration, AnOverflowSaysTooLongAndAnotherSyntaxSaysInvalid) {
  try {
    (void)parse_duration("106751991167d106751991167d");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("too long"), std::string::npos) << e.what();
  }
  try {
    (void)parse_duration("106751991167d1x");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("invalid duration"), std::string::npos) << e.what();
  }
}

TEST(CheckedArithmetic, AddAndMultiplyReportOverflow) {
  EXPECT_EQ(checked_add(Duration{kInt64Max - 1}, 1ms), Duration{kInt64Max});
  EXPECT_FALSE(checked_add(Duration{kInt64Max}, 1ms).has_value());
  EXPECT_FALSE(checked_add(Duration{kInt64Min}, -1ms).has_value());
  EXPECT_EQ(checked_mul(3, 1h), 3h);
  EXPECT_FALSE(checked_mul(kInt64Max / 1000 + 1, 1s).has_value());
}

TEST(CheckedArithmetic, TimestampArithmeticSaturatesAtTheInfiniteWatermarks) {
  EXPECT_EQ(saturating_add(kMaxEventTime, Duration::max()), kMaxTimestamp);
  EXPECT_EQ(saturating_add(from_millis(kInt64Min + 5), -10ms), kMinTimestamp);
  EXPECT_EQ(saturating_sub(from_millis(kInt64Min + 5), 10ms), kMinTimestamp);
  EXPECT_EQ(saturating_sub(from_millis(0), Duration{kInt64Min}), kMaxTimestamp);
  EXPECT_EQ(saturating_sub(from_millis(1000), 300ms), from_millis(700));
  EXPECT_EQ(saturating_add(Duration{kInt64Max}, 1ms), Duration{kInt64Max});
  EXPECT_EQ(saturating_between(kMaxTimestamp, kMinTimestamp), Duration{kInt64Max});
  EXPECT_EQ(saturating_between(from_millis(5), from_millis(2)), 3ms);
}

}  // namespace
}  // namespace streamlab
