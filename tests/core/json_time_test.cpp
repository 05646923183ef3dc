// The one event-time rule for JSON values, from either parser's scalars: hand-worked cases.
#include "streamlab/json_time.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

namespace streamlab {
namespace {

TEST(EventTimeFromJson, IntegerMillisecondsAreTakenAsTheyAre) {
  EXPECT_EQ(event_time_from_json(JsonScalar{std::int64_t{1000}}), from_millis(1000));
  EXPECT_EQ(event_time_from_json(JsonScalar{std::int64_t{-1}}), from_millis(-1));
  EXPECT_EQ(event_time_from_json(JsonScalar{std::uint64_t{1750586400000}}), from_millis(1750586400000));
}

TEST(EventTimeFromJson, AnUnsignedNumberBeyondInt64IsNotATime) {
  EXPECT_EQ(event_time_from_json(JsonScalar{std::uint64_t{9223372036854775808ULL}}), std::nullopt);
}

TEST(EventTimeFromJson, AWholeDoubleIsItsIntegerAndAFractionIsNotATime) {
  EXPECT_EQ(event_time_from_json(JsonScalar{1000.0}), from_millis(1000));
  EXPECT_EQ(event_time_from_json(JsonScalar{1000.5}), std::nullopt);
  EXPECT_EQ(event_time_from_json(JsonScalar{std::nan("")}), std::nullopt);
  EXPECT_EQ(event_time_from_json(JsonScalar{std::numeric_limits<double>::infinity()}), std::nullopt);
  EXPECT_EQ(event_time_from_json(JsonScalar{1e19}), std::nullopt);
}

TEST(EventTimeFromJson, AnIsoStringIsParsedWithItsOffset) {
  EXPECT_EQ(event_time_from_json(JsonScalar{std::string_view{"1970-01-01T00:00:01Z"}}), from_millis(1000));
  EXPECT_EQ(event_time_from_json(JsonScalar{std::string_view{"1970-01-01T02:00:00.250+02:00"}}),
            from_millis(250));
  EXPECT_EQ(event_time_from_json(JsonScalar{std::string_view{"yesterday"}}), std::nullopt);
}

TEST(EventTimeFromJson, OtherValuesAreNotTimes) {
  EXPECT_EQ(event_time_from_json(JsonScalar{}), std::nullopt);
  EXPECT_EQ(event_time_from_json(nlohmann::json(true)), std::nullopt);
  EXPECT_EQ(event_time_from_json(nlohmann::json(nullptr)), std::nullopt);
  EXPECT_EQ(event_time_from_json(nlohmann::json::array({1})), std::nullopt);
  EXPECT_EQ(event_time_from_json(nlohmann::json::object()), std::nullopt);
}

TEST(EventTimeFromJson, NlohmannValuesFollowTheSameRule) {
  EXPECT_EQ(event_time_from_json(nlohmann::json::parse("1000")), from_millis(1000));
  EXPECT_EQ(event_time_from_json(nlohmann::json::parse("1000.0")), from_millis(1000));
  EXPECT_EQ(event_time_from_json(nlohmann::json::parse("1000.5")), std::nullopt);
  EXPECT_EQ(event_time_from_json(nlohmann::json::parse("18446744073709551615")), std::nullopt);
  EXPECT_EQ(event_time_from_json(nlohmann::json::parse(R"("1970-01-01T00:00:02Z")")), from_millis(2000));
}

}  // namespace
}  // namespace streamlab
