// Records that cannot be decoded or have no usable event time go to the dead letters with their
// topic, partition, offset and reason, and are counted.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "streamlab/bytes.hpp"
#include "streamlab/streamlab.hpp"
#include "test_support.hpp"

namespace {

using streamlab::Collector;
using streamlab::Consumed;
using streamlab::Runtime;
using streamlab::StreamsBuilder;
using streamlab::test::MemorySink;
using streamlab::test::ScriptSource;
namespace serdes = streamlab::serdes;

/// A sensor reading as its value serde decodes it; event time (`ts`) is read by the source.
struct SensorValue {
  std::string sensor;
  double value{0};
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SensorValue, sensor, value)

/// What a run of the readings topology gave: the decoded readings, the outputs and the counts.
struct ReadingsRun {
  Collector<std::string, SensorValue> ok;
  MemorySink sink;
  streamlab::Accounting accounting;
};

/// Runs topic "readings" from `source` (String keys, SensorValue values, event time from the
/// field `ts`) into `out.ok`, as application "lab".
void run_readings(streamlab::Source& source, ReadingsRun& out) {
  StreamsBuilder b{{"lab"}};
  b.stream("readings", Consumed{serdes::String(), serdes::Json<SensorValue>()}.withTimestampField("ts"))
      .collect(out.ok);
  auto topo = b.build();
  Runtime rt{topo, source, out.sink};
  rt.run();
  out.accounting = rt.accounting();
}

TEST(DeadLetters, BadJsonMissingAndUnparseableTimestampsAreDeadLetteredWithOffsetAndReason) {
  ScriptSource src;
  src.declare("readings", 2);
  src.record("readings", 0, "a", R"({"sensor":"a","value":1,"ts":1000})");
  src.record("readings", 0, "a", R"({"sensor":"a","value":)");                     // offset 1: bad JSON
  src.record("readings", 1, "b", R"({"sensor":"b","value":2})");                   // p1 offset 0: no ts
  src.record("readings", 1, "b", R"({"sensor":"b","value":3,"ts":"yesterday"})");  // p1 offset 1
  src.record("readings", 1, "b", R"({"sensor":"b","value":"high","ts":5})");       // p1 offset 2: type
  src.record("readings", 0, "a", R"({"sensor":"a","value":4,"ts":"2025-06-22T10:00:00Z"})");
  ReadingsRun run;
  run_readings(src, run);
  ASSERT_EQ(run.ok.size(), 2U);
  EXPECT_EQ(run.ok.entries()[1].timestamp, streamlab::parse_timestamp("2025-06-22T10:00:00Z"));
  const auto& a = run.accounting;
  EXPECT_EQ(a.records_in, 6);
  EXPECT_EQ(a.dead_letters, 4);
  EXPECT_TRUE(a.invariant_holds());
  ASSERT_EQ(a.dead_letter_log.size(), 4U);
  const auto& bad_json = a.dead_letter_log[0];
  EXPECT_EQ(bad_json.source, (streamlab::TopicPartition{"readings", 0}));
  EXPECT_EQ(bad_json.offset, 1);
  EXPECT_NE(bad_json.reason.find("value: invalid JSON"), std::string::npos) << bad_json.reason;
  EXPECT_EQ(a.dead_letter_log[1].source.partition, 1);
  EXPECT_EQ(a.dead_letter_log[1].offset, 0);
  EXPECT_NE(a.dead_letter_log[1].reason.find("field 'ts' is missing"), std::string::npos)
      << a.dead_letter_log[1].reason;
  EXPECT_EQ(a.dead_letter_log[2].offset, 1);
  EXPECT_NE(a.dead_letter_log[2].reason.find("cannot parse 'yesterday'"), std::string::npos)
      << a.dead_letter_log[2].reason;
  EXPECT_NE(a.dead_letter_log[3].reason.find("does not match the expected type"), std::string::npos)
      << a.dead_letter_log[3].reason;
  // The dead-letter topic carries the same facts as JSON.
  ASSERT_EQ(run.sink.records("lab-dead-letters").size(), 4U);
  auto doc = nlohmann::json::parse(run.sink.records("lab-dead-letters")[0].value);
  EXPECT_EQ(doc.at("topic"), "readings");
  EXPECT_EQ(doc.at("offset"), 1);
  EXPECT_EQ(doc.at("value"), R"({"sensor":"a","value":)");
}

TEST(DeadLetters, UndecodableKeyIsDeadLetteredNamingTheKey) {
  ScriptSource src;
  src.declare("n", 1);
  src.record("n", 0, "seven", "1").record("n", 0, "7", "2");
  StreamsBuilder b;
  Collector<std::int64_t, std::string> ok;
  b.stream("n", Consumed{serdes::Int64(), serdes::String()}).collect(ok);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_EQ(ok.size(), 1U);
  ASSERT_EQ(rt.accounting().dead_letter_log.size(), 1U);
  EXPECT_EQ(rt.accounting().dead_letter_log[0].reason, "key: not a 64-bit integer: 'seven'");
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

TEST(DeadLetters, ThrowingTimestampExtractorIsDeadLettered) {
  ScriptSource src;
  src.declare("n", 1);
  src.record("n", 0, "k", "-1").record("n", 0, "k", "5");
  StreamsBuilder b;
  Collector<std::string, std::int64_t> ok;
  b.stream("n", Consumed{serdes::String(), serdes::Int64()}.withTimestamp([](const std::string&,
                                                                             std::int64_t v) {
     if (v < 0) throw std::runtime_error("negative time");
     return streamlab::from_millis(v);
   })).collect(ok);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  ASSERT_EQ(ok.size(), 1U);
  EXPECT_EQ(ok.entries()[0].timestamp, streamlab::from_millis(5));
  EXPECT_EQ(rt.accounting().dead_letter_log.at(0).reason, "timestamp: negative time");
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

TEST(DeadLetters, PoisonMessagesOfAnyBytesAreDeadLetteredWithTheirBytesKeyAndHeadersAndTheRunGoesOn) {
  const std::string bad_text = "{\"sensor\":\"\xff\xfe\",\"value\":1,\"ts\":1000}";
  const std::string binary{"\x00\x01\x02\xff", 4};
  const std::string huge(100 * 1024, 'x');
  const std::vector<streamlab::Header> trace{{"trace-id", "t0"}};
  streamlab::testing::TestStream src;
  src.add("readings", bad_text, {}, "s1", 0, trace)  // 0: not UTF-8
      .add("readings", binary, {}, "s1")             // 1: binary
      .add("readings", "", {}, "s1")                 // 2: empty (a tombstone)
      .add("readings", R"({"sensor":"s9","value":9,"ts":1})", {}, std::string{"\xff"})  // 3: key not UTF-8
      .add("readings", huge, {}, "s1")                                       // 4: oversized, not JSON
      .add("readings", R"({"sensor":"s1","value":2,"ts":2000})", {}, "s1");  // 5: good
  ReadingsRun run;
  run_readings(src, run);

  const auto& a = run.accounting;
  EXPECT_EQ(a.records_in, 6);
  EXPECT_EQ(a.contributed, 1);
  EXPECT_EQ(a.dead_letters, 5);
  EXPECT_TRUE(a.invariant_holds());
  ASSERT_EQ(run.ok.size(), 1U);

  const auto& out = run.sink.records("lab-dead-letters");
  ASSERT_EQ(out.size(), 5U);
  // The envelope keeps the original key and headers.
  EXPECT_EQ(out[0].key, std::optional<std::string>{"s1"});
  EXPECT_EQ(out[0].headers, trace);
  EXPECT_EQ(out[3].key, std::optional<std::string>{"\xff"});
  // Bytes that are not text travel as base64 and decode to exactly what was read.
  const auto doc0 = nlohmann::json::parse(out[0].value);
  EXPECT_FALSE(doc0.contains("value"));
  EXPECT_EQ(streamlab::base64_decode(doc0.at("value_base64").get<std::string>()), bad_text);
  EXPECT_EQ(doc0.at("offset"), 0);
  const auto doc1 = nlohmann::json::parse(out[1].value);
  EXPECT_EQ(doc1.at("value_base64"), "AAEC/w==");
  const auto doc2 = nlohmann::json::parse(out[2].value);
  EXPECT_EQ(doc2.at("value"), "");
  EXPECT_EQ(doc2.at("reason").get<std::string>().rfind("value: empty (null or tombstone)", 0), 0U) << doc2;
  const auto doc3 = nlohmann::json::parse(out[3].value);
  EXPECT_EQ(doc3.at("key_base64"), "/w==");
  EXPECT_NE(doc3.at("reason").get<std::string>().find("key: not UTF-8 text: byte 0 of 1"), std::string::npos)
      << doc3;
  // An oversized value is cut, with its full size, so the dead letter fits in a message.
  const auto doc4 = nlohmann::json::parse(out[4].value);
  EXPECT_EQ(doc4.at("value").get<std::string>().size(), streamlab::kDeadLetterMaxBytes);
  EXPECT_EQ(doc4.at("value_size"), huge.size());
  // The log and the envelope agree, and the envelope reads back to the same dead letter.
  ASSERT_EQ(a.dead_letter_log.size(), 5U);
  EXPECT_EQ(doc0.get<streamlab::DeadLetter>(), a.dead_letter_log[0]);
  EXPECT_EQ(doc3.get<streamlab::DeadLetter>(), a.dead_letter_log[3]);
}

/// Where each dead letter of a run of `consumed` over `values` (one partition, key "k") came
/// from and why ("topic/partition@offset reason"), and the event times of the records that got
/// through.
std::pair<std::vector<std::string>, std::vector<streamlab::Timestamp>> decode_verdicts(
    const std::vector<std::string>& values, const Consumed<std::string, nlohmann::json>& consumed) {
  ScriptSource src;
  src.declare("docs", 1);
  for (const auto& v : values) src.record("docs", 0, "k", v);
  StreamsBuilder b{{"lab"}};
  Collector<std::string, nlohmann::json> ok;
  b.stream("docs", consumed).collect(ok);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  std::vector<std::string> reasons;
  for (const auto& d : rt.accounting().dead_letter_log) {
    reasons.push_back(d.source.topic + "/" + std::to_string(d.source.partition) + "@" +
                      std::to_string(d.offset) + " " + d.reason);
  }
  std::vector<streamlab::Timestamp> times;
  for (const auto& e : ok.entries()) times.push_back(e.timestamp);
  return {reasons, times};
}

// A JSON value serde and withTimestampField: the runtime reads the time from the value's own
// parse. Each verdict must be the one of reading the bytes twice (a serde of the same decoding
// that does not share its parse), and the messages are the documented ones.
TEST(DeadLetters, TheTimeFieldReadFromTheDecodedValueGivesTheVerdictsOfASecondParse) {
  const std::vector<std::string> values = {
      R"({"ts":1000})",
      R"({"ts":1.5})",   // neither integer milliseconds nor a string
      R"({"ts":null})",  // a null field is a missing one
      R"({"ts":[1]})",
      R"([1,2])",  // valid JSON, a value of the type, but no object to hold a field
      R"("2025-06-22T10:00:00Z")",
      R"({"ts":"2025-06-22T10:00:00Z","ts":2000})",  // repeated: the last one counts
      R"({"ts":)",                                   // not JSON: the value fails first
      "",                                            // empty (a tombstone): the value fails first
  };
  const auto json = serdes::Json<nlohmann::json>();
  // The same decoding without the shared parse: the source parses again for the time field.
  const streamlab::Serde<nlohmann::json> twice{
      [json](const nlohmann::json& v) { return json.serialize(v); },
      [json](std::string_view bytes) { return json.deserialize(bytes); }};
  ASSERT_TRUE(json.reads_json_documents());
  ASSERT_FALSE(twice.reads_json_documents());
  const auto once = decode_verdicts(values, Consumed{serdes::String(), json}.withTimestampField("ts"));
  const auto again = decode_verdicts(values, Consumed{serdes::String(), twice}.withTimestampField("ts"));
  EXPECT_EQ(once.first, again.first);
  EXPECT_EQ(once.second, again.second);
  ASSERT_EQ(once.first.size(), 7U);
  EXPECT_EQ(once.first[0],
            "docs/0@1 timestamp: field 'ts': expected integer milliseconds or an ISO-8601 string, got 1.5");
  EXPECT_EQ(once.first[1], "docs/0@2 timestamp: field 'ts' is missing");
  EXPECT_EQ(once.first[2],
            "docs/0@3 timestamp: field 'ts': expected integer milliseconds or an ISO-8601 string, got [1]");
  EXPECT_EQ(once.first[3], "docs/0@4 timestamp: field 'ts': the value is not a JSON object");
  EXPECT_EQ(once.first[4], "docs/0@5 timestamp: field 'ts': the value is not a JSON object");
  EXPECT_EQ(once.first[5].rfind("docs/0@7 value: invalid JSON: [json.exception.parse_error.101]", 0), 0U)
      << once.first[5];
  EXPECT_EQ(once.first[6].rfind("docs/0@8 value: empty (null or tombstone): invalid JSON: ", 0), 0U)
      << once.first[6];
  ASSERT_EQ(once.second.size(), 2U);
  EXPECT_EQ(once.second[0], streamlab::from_millis(1000));
  EXPECT_EQ(once.second[1], streamlab::from_millis(2000));
}

}  // namespace
