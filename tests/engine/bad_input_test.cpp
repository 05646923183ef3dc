// Hostile input to the engine's JSON layer: one canonical key order for equality, order and hash;
// the control-line rule; duplicate fields; event times out of range; and the reproducers of
// issue 14 run through the windowing job. Expected panes are hand-worked in the comments.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "streamlab/connectors/file/json_window_job.hpp"
#include "streamlab/control_line.hpp"
#include "streamlab/engine/json_key.hpp"
#include "streamlab/engine/json_record_codec.hpp"

namespace streamlab {
namespace {

JsonKey key(const char* json) { return JsonKey::parse(json); }

TEST(CanonicalKey, TwoToThe53AndTheNextIntegerAreDifferentKeys) {
  // 2^53 = 9007199254740992; as a double 2^53 + 1 rounds to 2^53, which nlohmann's == compares.
  const JsonKey a = key("9007199254740992.0");
  const JsonKey b = key("9007199254740993");
  EXPECT_FALSE(JsonKeyEqual{}(a, b));
  EXPECT_TRUE(JsonKeyLess{}(a, b));
  EXPECT_FALSE(JsonKeyLess{}(b, a));
}

TEST(CanonicalKey, OneValueInAnyRepresentationIsOneKeyWithOneHash) {
  for (const auto& [x, y] :
       std::vector<std::pair<const char*, const char*>>{{"1", "1.0"},
                                                        {"-0.0", "0"},
                                                        {"9007199254740992", "9007199254740992.0"},
                                                        {"18446744073709551615", "18446744073709551615"},
                                                        {"9223372036854775808", "9223372036854775808.0"}}) {
    EXPECT_TRUE(JsonKeyEqual{}(key(x), key(y))) << x << " " << y;
    EXPECT_EQ(JsonKeyHash{}(key(x)), JsonKeyHash{}(key(y))) << x << " " << y;
    EXPECT_FALSE(JsonKeyLess{}(key(x), key(y)));
    EXPECT_FALSE(JsonKeyLess{}(key(y), key(x)));
  }
}

TEST(CanonicalKey, EqualityIsExactlyNeitherLessOverMixedValues) {
  // 2^63 (unsigned) and -2^63 (signed) wrap to each other in a cast; 0.5 lies between 0 and 1.
  const std::vector<JsonKey> keys = {key("null"),
                                     key("false"),
                                     key("true"),
                                     key("-9223372036854775808"),
                                     key("9223372036854775808"),
                                     key("-1"),
                                     key("0"),
                                     key("0.5"),
                                     key("1"),
                                     key("1.0"),
                                     key("1e300"),
                                     key("\"1\""),
                                     key("\"a\""),
                                     key("[1]"),
                                     key("[1.0]"),
                                     key("{\"a\":1}")};
  for (const JsonKey& a : keys) {
    for (const JsonKey& b : keys) {
      const bool equal = JsonKeyEqual{}(a, b);
      EXPECT_EQ(equal, !JsonKeyLess{}(a, b) && !JsonKeyLess{}(b, a)) << a.dump() << " vs " << b.dump();
      if (equal) {
        EXPECT_EQ(JsonKeyHash{}(a), JsonKeyHash{}(b)) << a.dump() << " vs " << b.dump();
      }
    }
  }
  EXPECT_FALSE(JsonKeyEqual{}(key("-9223372036854775808"), key("9223372036854775808")));
  EXPECT_TRUE(JsonKeyLess{}(key("0"), key("0.5")));
  EXPECT_TRUE(JsonKeyLess{}(key("0.5"), key("1")));
}

JsonLine decode(const std::string& line, const char* time_field = "t", const char* key_field = "k") {
  JsonRecordCodec codec(JsonRecordSchema{time_field, std::string(key_field), AggregationSpec{}});
  JsonLine out;
  codec.decode(line, out);
  return out;
}

TEST(ControlLineRule, AnObjectWhoseOnlyKeyIsAControlKeyIsAControlLine) {
  const JsonLine advance = decode(R"({"$advance": "30s"})");
  ASSERT_EQ(advance.kind, JsonLine::Kind::Control);
  EXPECT_EQ(advance.advance, Duration{30'000});
  const JsonLine mark = decode(R"({"$watermark": 5000})");
  ASSERT_EQ(mark.kind, JsonLine::Kind::Control);
  EXPECT_EQ(mark.watermark, from_millis(5000));
  // An escaped dollar is the same key.
  const JsonLine escaped = decode(R"({"\u0024watermark": 7})");
  ASSERT_EQ(escaped.kind, JsonLine::Kind::Control);
  EXPECT_EQ(escaped.watermark, from_millis(7));
}

TEST(ControlLineRule, AControlKeyMixedWithOtherFieldsIsAnAmbiguousDeadLetter) {
  for (const char* line : {R"({"t":1000,"k":"a","$advance":"30s"})", R"({"$watermark":5,"t":1,"k":"a"})",
                           R"({"$watermark":5,"$advance":"1s"})", R"({"$watermark":5,"$watermark":6})"}) {
    const JsonLine out = decode(line);
    EXPECT_EQ(out.kind, JsonLine::Kind::Bad) << line;
    EXPECT_EQ(out.reason, kAmbiguousControlLine) << line;
  }
  EXPECT_EQ(control_line_kind(1, 1, 0), ControlLineKind::Watermark);
  EXPECT_EQ(control_line_kind(1, 0, 1), ControlLineKind::Advance);
  EXPECT_EQ(control_line_kind(3, 0, 0), ControlLineKind::Record);
  EXPECT_EQ(control_line_kind(2, 1, 1), ControlLineKind::Ambiguous);
}

TEST(ControlLineRule, AnAdvanceTooLongForSixtyFourBitsIsADeadLetter) {
  const JsonLine out = decode(R"({"$advance": "106751991167d106751991167d"})");
  EXPECT_EQ(out.kind, JsonLine::Kind::Bad);
  EXPECT_EQ(out.field, "$advance");
}

TEST(DuplicateField, AFieldTheJobReadsGivenTwiceIsADeadLetter) {
  const JsonLine out = decode(R"({"t":1,"k":"a","k":"b"})");
  EXPECT_EQ(out.kind, JsonLine::Kind::Bad);
  EXPECT_EQ(out.field, "k");
  EXPECT_NE(out.reason.find("duplicate field 'k'"), std::string::npos) << out.reason;
  // A repeated field the job does not read changes nothing.
  EXPECT_EQ(decode(R"({"t":1,"k":"a","x":1,"x":2})").kind, JsonLine::Kind::Record);
}

TEST(EventTimeRangeInRecords, ATimeOutsideTheValidYearsIsADeadLetterTimeOutOfRange) {
  for (const char* line :
       {R"({"t":1e18,"k":"a"})", R"({"t":1000000000000000000,"k":"a"})",
        R"({"t":"2025-06-22T10:00:00+99:99","k":"a"})", R"({"t":-62167219200001,"k":"a"})"}) {
    const JsonLine out = decode(line);
    EXPECT_EQ(out.kind, JsonLine::Kind::Bad) << line;
    EXPECT_EQ(out.field, "t") << line;
    EXPECT_EQ(out.reason.rfind("time out of range", 0), 0U) << out.reason;
  }
}

std::vector<nlohmann::json> run_job(const std::string& input, const std::string& window,
                                    const std::string& trigger, const std::string& emit) {
  WindowJobOptions options;
  options.time_field = "t";
  options.key_field = "k";
  options.config.window = parse_window_spec(window);
  options.config.trigger = parse_trigger(trigger);
  options.config.emit = parse_emit_mode(emit);
  std::istringstream in(input);
  std::ostringstream results;
  WindowJobOutputs outputs;
  outputs.results = &results;
  const Accounting summary = run_window_job(in, options, outputs);
  EXPECT_EQ(summary.records_in, summary.contributed + summary.dropped_late + summary.dead_letters);
  std::vector<nlohmann::json> panes;
  std::istringstream lines(results.str());
  for (std::string line; std::getline(lines, line);) panes.push_back(nlohmann::json::parse(line));
  return panes;
}

const std::string kTwoToThe53 = "{\"t\":0,\"k\":9007199254740992.0}\n{\"t\":1,\"k\":9007199254740993}\n";

TEST(CanonicalKeyInTheJob, SessionMicroBatchUpdateKeepsTwoKeysApart) {
  // The issue's segfault: two keys, each its own session [0,1000) and [1,1001), one UPDATE pane
  // each at the end of the batch, the integral double written as the integer it is.
  const auto panes = run_job(kTwoToThe53, "session:1s", "micro-batch:1s", "update");
  ASSERT_EQ(panes.size(), 2U);
  EXPECT_EQ(panes[0]["key"].dump(), "9007199254740992");
  EXPECT_EQ(panes[0]["window_start"], "1970-01-01T00:00:00Z");
  EXPECT_EQ(panes[0]["window_end"], "1970-01-01T00:00:01Z");
  EXPECT_EQ(panes[0]["count"], 1);
  EXPECT_EQ(panes[1]["key"].dump(), "9007199254740993");
  EXPECT_EQ(panes[1]["window_start"], "1970-01-01T00:00:00.001Z");
  EXPECT_EQ(panes[1]["window_end"], "1970-01-01T00:00:01.001Z");
  EXPECT_EQ(panes[1]["count"], 1);
}

TEST(CanonicalKeyInTheJob, ContinuousSessionsAndTumblingMicroBatchKeepTwoKeysApart) {
  const auto sessions = run_job(kTwoToThe53, "session:1s", "continuous", "final");
  ASSERT_EQ(sessions.size(), 2U);
  EXPECT_EQ(sessions[0]["count"], 1);
  EXPECT_EQ(sessions[1]["count"], 1);
  // Tumbling [0,1000): one UPDATE pane per key, not two panes for one merged slot.
  const auto tumbling = run_job(kTwoToThe53, "tumbling:1s", "micro-batch:1s", "update");
  ASSERT_EQ(tumbling.size(), 2U);
  EXPECT_EQ(tumbling[0]["key"].dump(), "9007199254740992");
  EXPECT_EQ(tumbling[1]["key"].dump(), "9007199254740993");
  EXPECT_EQ(tumbling[0]["count"], 1);
  EXPECT_EQ(tumbling[1]["count"], 1);
}

TEST(CanonicalKeyInTheJob, OneAndOnePointZeroAreOneKey) {
  // Both events in [0,1000) under one key: one pane with count 2, the key written as 1.
  const auto panes =
      run_job("{\"t\":0,\"k\":1.0}\n{\"t\":5,\"k\":1}\n", "tumbling:1s", "continuous", "final");
  ASSERT_EQ(panes.size(), 1U);
  EXPECT_EQ(panes[0]["key"].dump(), "1");
  EXPECT_EQ(panes[0]["count"], 2);
}

TEST(OverflowingSum, ASumBeyondTheDoublesIsWrittenPlusInfNotNull) {
  // 1.7e308 + 1.7e308 = 3.4e308, above the largest double (about 1.797e308): +inf.
  WindowJobOptions options;
  options.time_field = "t";
  options.aggregation = parse_aggregation("sum:v");
  options.config.window = parse_window_spec("tumbling:1s");
  std::istringstream in("{\"t\":0,\"v\":1.7e308}\n{\"t\":1,\"v\":1.7e308}\n");
  std::ostringstream results;
  WindowJobOutputs outputs;
  outputs.results = &results;
  (void)run_window_job(in, options, outputs);
  const auto pane = nlohmann::json::parse(results.str());
  EXPECT_EQ(pane["value"], "+inf");
  EXPECT_EQ(pane["count"], 2);
}

}  // namespace
}  // namespace streamlab
