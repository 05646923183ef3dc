// serdes::Json and Consumed::withTimestampField read every message with simdjson; what they
// accept, the values they build and the errors they give must be nlohmann_json's, which read
// the same bytes before.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "streamlab/dsl/consumed.hpp"
#include "streamlab/serde/json_document.hpp"
#include "streamlab/serde/serdes.hpp"
#include "streamlab/time.hpp"

namespace json_decode_test {

using streamlab::serdes::detail::parse_json_document;

/// A value with the field types the labs use.
struct DecodedReading {
  std::string sensor;
  std::int64_t count{0};
  double value{0};
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DecodedReading, sensor, count, value)

/// nlohmann's parse of `text`, or its error message.
struct NlohmannVerdict {
  std::optional<nlohmann::json> doc;
  std::string error;
};

NlohmannVerdict nlohmann_verdict(const std::string& text) {
  NlohmannVerdict o;
  try {
    o.doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for 1e400
    o.error = e.what();
  }
  return o;
}

TEST(JsonDecode, BuildsTheValueNlohmannBuilds) {
  const std::vector<std::string> inputs = {
      R"({"sensor":"s1","count":3,"value":2.5})",
      R"({"x":-7,"y":0,"z":9223372036854775807})",
      R"({"big":18446744073709551615})",   // beyond int64: unsigned in both
      R"({"huge":18446744073709551616})",  // beyond uint64: nlohmann makes it a double
      R"([1, 2.5, "s", true, false, null, {}, []])",
      R"({"a":1,"a":2})",  // repeated key: nlohmann keeps the last
      R"({"nested":{"deep":[{"k":"\u00e9\n"}]}})",
      R"(  {"spaces" :  1 }  )",
      R"("just a string")",
      "1e3",
      "-0",
      "-0.0",
      std::string("{\"x\":1}\0", 8),  // nlohmann ends the input at a NUL byte
  };
  for (const auto& text : inputs) {
    const NlohmannVerdict expected = nlohmann_verdict(text);
    ASSERT_TRUE(expected.doc) << text;
    streamlab::serdes::JsonScratch scratch;
    const nlohmann::json actual = parse_json_document(text, scratch);
    EXPECT_EQ(actual, *expected.doc) << text;
    EXPECT_EQ(actual.dump(), expected.doc->dump()) << text;  // the same number types
  }
}

TEST(JsonDecode, RefusesWhatNlohmannRefusesWithItsMessage) {
  const std::vector<std::string> inputs = {
      "",
      "   ",
      R"({"x":1)",
      R"({"x":1} trailing)",
      "{\"x\":\"\xff\"}",  // not UTF-8
      "nul",
      "1e400",  // a number overflow
      R"({"x":01})",
      std::string("{\"x\":\"a\0b\"}", 12),  // control characters must be escaped
      "{\"x\":\"a\tb\"}",
      "{\"x\":\"a\x1f\"}",
  };
  streamlab::serdes::JsonScratch scratch;  // one parser for all: a refusal leaves it usable
  for (const auto& text : inputs) {
    const NlohmannVerdict expected = nlohmann_verdict(text);
    ASSERT_FALSE(expected.doc) << text;
    try {
      (void)parse_json_document(text, scratch);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const nlohmann::json::exception& e) {
      EXPECT_EQ(std::string{e.what()}, expected.error) << text;
    }
  }
}

TEST(JsonDecode, JsonSerdeDecodesAndReportsAsBefore) {
  const auto serde = streamlab::serdes::Json<DecodedReading>();
  const DecodedReading r = serde.deserialize(R"({"value":1.25,"count":4,"sensor":"s9","extra":[1]})");
  EXPECT_EQ(r.sensor, "s9");
  EXPECT_EQ(r.count, 4);
  EXPECT_EQ(r.value, 1.25);
  try {
    (void)serde.deserialize(R"({"sensor":"s1")");
    ADD_FAILURE() << "accepted a truncated document";
  } catch (const streamlab::SerdeError& e) {
    EXPECT_EQ(std::string{e.what()}, "invalid JSON: " + nlohmann_verdict(R"({"sensor":"s1")").error);
  }
  try {
    (void)serde.deserialize(R"({"sensor":"s1","value":1.0})");
    ADD_FAILURE() << "accepted a document without count";
  } catch (const streamlab::SerdeError& e) {
    EXPECT_EQ(
        std::string{e.what()},
        "JSON does not match the expected type: [json.exception.out_of_range.403] key 'count' not found");
  }
}

/// The error message of timestamp_from_json_field(text, "ts"), or "" when it reads a time.
std::string timestamp_field_error(const std::string& text) {
  try {
    (void)streamlab::detail::timestamp_from_json_field(text, "ts");
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(JsonDecode, TimestampFieldReadsTheTimeOrSaysWhyNot) {
  using streamlab::from_millis;
  using streamlab::detail::timestamp_from_json_field;
  EXPECT_EQ(timestamp_from_json_field(R"({"a":"x","ts":1500})", "ts"), from_millis(1500));
  EXPECT_EQ(timestamp_from_json_field(R"({"ts":2000.0})", "ts"), from_millis(2000));
  // 2025-06-22T10:00:00Z = 1750586400 s after the epoch.
  EXPECT_EQ(timestamp_from_json_field(R"({"ts":"2025-06-22T10:00:00Z"})", "ts"), from_millis(1750586400000));
  // A repeated field: the last one counts, as in the decoded value.
  EXPECT_EQ(timestamp_from_json_field(R"({"ts":1,"ts":"1970-01-01T00:00:02Z"})", "ts"), from_millis(2000));

  EXPECT_EQ(timestamp_field_error("[1]"), "field 'ts': the value is not a JSON object");
  EXPECT_EQ(timestamp_field_error("{\"ts\":\"\xff\"}"), "field 'ts': the value is not a JSON object");
  EXPECT_EQ(timestamp_field_error(R"({"other":1})"), "field 'ts' is missing");
  EXPECT_EQ(timestamp_field_error(R"({"ts":null})"), "field 'ts' is missing");
  EXPECT_EQ(timestamp_field_error(R"({"ts":"soon"})"),
            "field 'ts': cannot parse 'soon' as a timestamp (integer milliseconds or ISO-8601 such as "
            "2025-06-22T10:00:00Z)");
  EXPECT_EQ(timestamp_field_error(R"({"ts":1.5})"),
            "field 'ts': expected integer milliseconds or an ISO-8601 string, got 1.5");
  EXPECT_EQ(timestamp_field_error(R"({"ts":[1]})"),
            "field 'ts': expected integer milliseconds or an ISO-8601 string, got [1]");
}

}  // namespace json_decode_test
