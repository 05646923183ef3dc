// format_timestamp() against the stream formatter it replaced (date::format, then the
// milliseconds with snprintf), over every day of 1970..2100 at several times of day, the edges
// of milliseconds, seconds and days; instants outside the four-digit years against hand-worked
// expanded years (date::format's text there is not ISO-8601 and overflows for extreme values).
#include "streamlab/time.hpp"

#include <gtest/gtest.h>

// g++ 12 reports a false -Wmaybe-uninitialized inside date's instantiation of <chrono>.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <date/date.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace streamlab {
namespace {

// The formatter as it was written with streams: the oracle.
std::string reference_format(Timestamp t) {
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

constexpr std::int64_t kDayMs = 86'400'000;

void expect_same(std::int64_t ms) {
  const Timestamp t = from_millis(ms);
  const std::string expected = reference_format(t);
  ASSERT_EQ(format_timestamp(t), expected) << "at " << ms << " ms";
  std::string appended = "x";
  append_timestamp(appended, t);
  ASSERT_EQ(appended, "x" + expected) << "at " << ms << " ms";
}

TEST(FormatTimestampOracle, EveryDayFrom1970To2100AtSeveralTimesOfDay) {
  const std::int64_t first = to_millis(Timestamp{date::sys_days{date::year{1970} / 1 / 1}});
  const std::int64_t last = to_millis(Timestamp{date::sys_days{date::year{2100} / 12 / 31}});
  const std::vector<std::int64_t> offsets{
      0,         1,         250,        999,        1'000,          59'999,    60'000,
      3'599'999, 3'600'000, 43'200'000, 45'296'789, kDayMs - 1'000, kDayMs - 1};
  for (std::int64_t day = first; day <= last; day += kDayMs) {
    for (std::int64_t offset : offsets) expect_same(day + offset);
  }
}

TEST(FormatTimestampOracle, EveryMillisecondOfASecondAndAroundTheEpoch) {
  for (std::int64_t ms = 1'750'586'399'000; ms < 1'750'586'401'000; ++ms) expect_same(ms);
  for (std::int64_t ms = -2'000; ms <= 2'000; ++ms) expect_same(ms);
}

TEST(FormatTimestampOracle, EdgesOfTheFourDigitYears) {
  const std::int64_t year0 = to_millis(Timestamp{date::sys_days{date::year{0} / 1 / 1}});
  const std::int64_t year10000 = to_millis(Timestamp{date::sys_days{date::year{10000} / 1 / 1}});
  for (std::int64_t d : {0LL, 1LL, 999LL, 1'000LL, 86'400'000LL}) expect_same(year0 + d);
  for (std::int64_t d : {-86'400'000LL, -1'001LL, -1'000LL, -1LL}) expect_same(year10000 + d);
  // Leap days and century rules.
  for (int year : {0, 1, 4, 100, 400, 1600, 1900, 2000, 2024, 2400, 9999}) {
    const std::int64_t feb28 = to_millis(Timestamp{date::sys_days{date::year{year} / 2 / 28}});
    for (std::int64_t day = 0; day < 3; ++day) expect_same(feb28 + day * kDayMs + 12'345);
  }
}

TEST(FormatTimestampOracle, InstantsBeyondTheFourDigitYearsGetAnExpandedSignedYear) {
  const std::int64_t year0 = to_millis(Timestamp{date::sys_days{date::year{0} / 1 / 1}});
  const std::int64_t year10000 = to_millis(Timestamp{date::sys_days{date::year{10000} / 1 / 1}});
  EXPECT_EQ(format_timestamp(from_millis(year0 - 1)), "-0001-12-31T23:59:59.999Z");
  EXPECT_EQ(format_timestamp(from_millis(year0 - 2'000)), "-0001-12-31T23:59:58Z");
  EXPECT_EQ(format_timestamp(from_millis(year10000)), "+10000-01-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(from_millis(year10000 + 86'400'001)), "+10000-01-02T00:00:00.001Z");
  // Java's Instant.ofEpochMilli(Long.MAX_VALUE) and (Long.MIN_VALUE) print
  // +292278994-08-17T07:12:55.807Z and -292275055-05-16T16:47:04.192Z; those two are the
  // infinite watermarks here, so the oracle is checked one millisecond inside.
  EXPECT_EQ(format_timestamp(from_millis(to_millis(kMaxTimestamp) - 1)), "+292278994-08-17T07:12:55.806Z");
  EXPECT_EQ(format_timestamp(from_millis(to_millis(kMinTimestamp) + 1)), "-292275055-05-16T16:47:04.193Z");
  EXPECT_EQ(format_timestamp(kMinTimestamp), "-inf");
  EXPECT_EQ(format_timestamp(kMaxTimestamp), "+inf");
}

}  // namespace
}  // namespace streamlab

#pragma GCC diagnostic pop
