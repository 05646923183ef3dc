// Records that cannot be decoded or have no usable event time go to the dead letters with their
// topic, partition, offset and reason, and are counted.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

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

struct Reading {
  std::string sensor;
  double value{0};
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Reading, sensor, value)

TEST(DeadLetters, BadJsonMissingAndUnparseableTimestampsAreDeadLetteredWithOffsetAndReason) {
  ScriptSource src;
  src.declare("readings", 2);
  src.record("readings", 0, "a", R"({"sensor":"a","value":1,"ts":1000})");
  src.record("readings", 0, "a", R"({"sensor":"a","value":)");                     // offset 1: bad JSON
  src.record("readings", 1, "b", R"({"sensor":"b","value":2})");                   // p1 offset 0: no ts
  src.record("readings", 1, "b", R"({"sensor":"b","value":3,"ts":"yesterday"})");  // p1 offset 1
  src.record("readings", 1, "b", R"({"sensor":"b","value":"high","ts":5})");       // p1 offset 2: type
  src.record("readings", 0, "a", R"({"sensor":"a","value":4,"ts":"2025-06-22T10:00:00Z"})");
  StreamsBuilder b{{"lab"}};
  Collector<std::string, Reading> ok;
  b.stream("readings", Consumed{serdes::String(), serdes::Json<Reading>()}.withTimestampField("ts"))
      .collect(ok);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  ASSERT_EQ(ok.size(), 2U);
  EXPECT_EQ(ok.entries()[1].timestamp, streamlab::parse_timestamp("2025-06-22T10:00:00Z"));
  const auto& a = rt.accounting();
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
  ASSERT_EQ(sink.records("lab-dead-letters").size(), 4U);
  auto doc = nlohmann::json::parse(sink.records("lab-dead-letters")[0].value);
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

}  // namespace
