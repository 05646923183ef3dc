// Stateless operators, each by a hand-worked case, and the accounting invariant after each run.
#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "streamlab/streamlab.hpp"
#include "test_support.hpp"

namespace {

using streamlab::Collector;
using streamlab::Consumed;
using streamlab::KeyValue;
using streamlab::Runtime;
using streamlab::StreamsBuilder;
using streamlab::test::MemorySink;
using streamlab::test::ScriptSource;
namespace serdes = streamlab::serdes;

ScriptSource numbers() {
  ScriptSource s;
  s.declare("n", 1);
  for (int i = 1; i <= 6; ++i) s.record("n", 0, "k" + std::to_string(i % 2), std::to_string(i), i * 1000);
  return s;
}

Consumed<std::string, std::int64_t> ints() { return Consumed{serdes::String(), serdes::Int64()}; }

void expect_balanced(const Runtime& rt) {
  const auto& a = rt.accounting();
  EXPECT_TRUE(a.invariant_holds()) << a.records_in << " != " << a.contributed << " + " << a.late_output
                                   << " + " << a.dead_letters;
  EXPECT_EQ(a.unaccounted, 0);
}

TEST(Stateless, FilterKeepsMatchingAndCountsTheRestAsProcessed) {
  StreamsBuilder b;
  Collector<std::string, std::int64_t> out;
  b.stream("n", ints()).filter([](std::int64_t v) { return v % 3 == 0; }).collect(out);
  auto topo = b.build();
  auto src = numbers();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_EQ(out.values(), (std::vector<std::int64_t>{3, 6}));
  EXPECT_EQ(rt.accounting().records_in, 6);
  EXPECT_EQ(rt.accounting().contributed, 6);
  EXPECT_EQ(rt.accounting().results_out, 2);
  expect_balanced(rt);
}

TEST(Stateless, MapValuesKeepsKeyAndEventTime) {
  StreamsBuilder b;
  Collector<std::string, std::string> out;
  b.stream("n", ints())
      .mapValues([](std::int64_t v) { return std::string(static_cast<std::size_t>(v), '*'); })
      .collect(out);
  auto topo = b.build();
  auto src = numbers();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  ASSERT_EQ(out.size(), 6U);
  EXPECT_EQ(out.entries()[2].key, "k1");
  EXPECT_EQ(out.entries()[2].value, "***");
  EXPECT_EQ(out.entries()[2].timestamp, streamlab::from_millis(3000));
  expect_balanced(rt);
}

TEST(Stateless, MapAndSelectKeyReplaceTheKey) {
  StreamsBuilder b;
  Collector<std::int64_t, std::string> mapped;
  Collector<std::string, std::int64_t> rekeyed;
  auto s = b.stream("n", ints());
  s.map([](const std::string& k, std::int64_t v) { return streamlab::pair(v * 10, k); }).collect(mapped);
  s.selectKey([](std::int64_t v) {
     return v > 3 ? std::string{"big"} : std::string{"small"};
   }).collect(rekeyed);
  auto topo = b.build();
  auto src = numbers();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  ASSERT_EQ(mapped.size(), 6U);
  EXPECT_EQ(mapped.entries()[0].key, 10);
  EXPECT_EQ(mapped.entries()[0].value, "k1");
  EXPECT_EQ(rekeyed.entries()[2].key, "small");
  EXPECT_EQ(rekeyed.entries()[3].key, "big");
  EXPECT_EQ(rt.accounting().records_in, 6);
  expect_balanced(rt);
}

TEST(Stateless, FlatMapValuesSplitsAndEmptyResultCountsAsProcessed) {
  ScriptSource src;
  src.declare("lines", 1);
  src.record("lines", 0, std::nullopt, "the cat", 1);
  src.record("lines", 0, std::nullopt, "", 2);
  src.record("lines", 0, std::nullopt, "a b c", 3);
  StreamsBuilder b;
  Collector<std::string, std::string> words;
  b.stream("lines")
      .flatMapValues([](const std::string& line) {
        std::vector<std::string> out;
        std::istringstream in(line);
        for (std::string w; in >> w;) out.push_back(w);
        return out;
      })
      .collect(words);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_EQ(words.values(), (std::vector<std::string>{"the", "cat", "a", "b", "c"}));
  EXPECT_EQ(rt.accounting().records_in, 3);
  EXPECT_EQ(rt.accounting().contributed, 3);
  expect_balanced(rt);
}

TEST(Stateless, FlatMapEmitsNewKeys) {
  StreamsBuilder b;
  Collector<std::string, std::int64_t> out;
  b.stream("n", ints())
      .flatMap([](const std::string& k, std::int64_t v) {
        return std::vector<KeyValue<std::string, std::int64_t>>{{k + "a", v}, {k + "b", -v}};
      })
      .collect(out);
  auto topo = b.build();
  auto src = numbers();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  ASSERT_EQ(out.size(), 12U);
  EXPECT_EQ(out.entries()[1].key, "k1b");
  EXPECT_EQ(out.entries()[1].value, -1);
  expect_balanced(rt);
}

TEST(Stateless, PeekSeesEveryRecordAndPassesItOn) {
  StreamsBuilder b;
  Collector<std::string, std::int64_t> out;
  std::int64_t seen = 0;
  b.stream("n", ints()).peek([&seen](std::int64_t v) { seen += v; }).collect(out);
  auto topo = b.build();
  auto src = numbers();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_EQ(seen, 21);
  EXPECT_EQ(out.size(), 6U);
  expect_balanced(rt);
}

TEST(Stateless, BranchSendsEachRecordToTheFirstMatchingBranchOnly) {
  StreamsBuilder b;
  Collector<std::string, std::int64_t> even;
  Collector<std::string, std::int64_t> big;
  auto branches =
      b.stream("n", ints())
          .branch([](std::int64_t v) { return v % 2 == 0; }, [](std::int64_t v) { return v > 4; });
  ASSERT_EQ(branches.size(), 2U);
  branches[0].collect(even);
  branches[1].collect(big);
  auto topo = b.build();
  auto src = numbers();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_EQ(even.values(), (std::vector<std::int64_t>{2, 4, 6}));
  EXPECT_EQ(big.values(), (std::vector<std::int64_t>{5}));  // 6 went to the first branch
  EXPECT_EQ(rt.accounting().contributed, 6);                // 1 and 3 matched nothing: processed
  expect_balanced(rt);
}

TEST(Stateless, MergeInterleavesInArrivalOrder) {
  ScriptSource src;
  src.declare("a", 1).declare("b", 1);
  src.record("a", 0, "x", "1", 1).record("b", 0, "y", "2", 2).record("a", 0, "x", "3", 3);
  StreamsBuilder b;
  Collector<std::string, std::int64_t> out;
  b.stream("a", ints()).merge(b.stream("b", ints())).collect(out);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_EQ(out.values(), (std::vector<std::int64_t>{1, 2, 3}));
  expect_balanced(rt);
}

TEST(Stateless, ToWritesSerializedRecordsWithEventTimeToTheSinkTopic) {
  StreamsBuilder b;
  b.stream("n", ints()).mapValues([](std::int64_t v) { return v * 2; }).to("doubled");
  auto topo = b.build();
  auto src = numbers();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  ASSERT_EQ(sink.records("doubled").size(), 6U);
  EXPECT_EQ(sink.records("doubled")[4].value, "10");
  EXPECT_EQ(sink.records("doubled")[4].key, "k1");
  EXPECT_EQ(sink.records("doubled")[4].timestamp, streamlab::from_millis(5000));
  EXPECT_EQ(src.committed().at(streamlab::TopicPartition{"n", 0}), 5);  // last offset, after the flush
  EXPECT_GE(sink.flushes(), 1);
  expect_balanced(rt);
}

TEST(Stateless, ReadingOneTopicTwiceIsRejected) {
  StreamsBuilder b;
  b.stream("n", ints());
  EXPECT_THROW(b.stream("n", ints()), std::logic_error);
}

}  // namespace
