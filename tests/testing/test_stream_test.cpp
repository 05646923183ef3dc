// The testing kit: what a TestStream delivers, what a CapturingSink keeps, and a whole run.
#include "streamlab/testing/test_stream.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <variant>

#include "streamlab/streamlab.hpp"
#include "streamlab/testing/capturing_sink.hpp"
#include "streamlab/testing/test_run.hpp"

namespace streamlab::testing {
namespace {

using namespace std::chrono_literals;

TEST(TestStream, DeliversTheScriptInOrderWithOffsetsPerPartitionAndTheScriptsProcessingTime) {
  TestStream input;
  input.declare_partitions("t", 2)
      .add("t", "a", from_millis(10))
      .add("t", "b", from_millis(20), std::string("k"), 1)
      .advance_processing_time(30s)
      .add("t", "c", from_millis(5))
      .advance_watermark_to(from_millis(15));

  auto e = input.next(Duration{0});
  ASSERT_TRUE(e);
  auto r = std::get<ConsumedRecord>(e->payload);
  EXPECT_EQ(r.source, (TopicPartition{"t", 0}));
  EXPECT_EQ(r.offset, 0);
  EXPECT_EQ(r.record.value, "a");
  EXPECT_EQ(r.record.timestamp, from_millis(10));
  EXPECT_EQ(e->processing_time, from_millis(0));

  r = std::get<ConsumedRecord>(input.next(Duration{0})->payload);
  EXPECT_EQ(r.source, (TopicPartition{"t", 1}));
  EXPECT_EQ(r.offset, 0);  // offsets count per partition
  EXPECT_EQ(r.record.key, std::optional<std::string>("k"));

  e = input.next(Duration{0});
  EXPECT_TRUE(std::holds_alternative<ClockTick>(e->payload));
  EXPECT_EQ(e->processing_time, from_millis(30000));

  e = input.next(Duration{0});
  r = std::get<ConsumedRecord>(e->payload);
  EXPECT_EQ(r.offset, 1);
  EXPECT_EQ(e->processing_time, from_millis(30000));

  e = input.next(Duration{0});
  EXPECT_EQ(std::get<WatermarkMark>(e->payload).watermark, from_millis(15));
  EXPECT_FALSE(input.next(Duration{0}));

  input.rewind();
  EXPECT_EQ(std::get<ConsumedRecord>(input.next(Duration{0})->payload).record.value, "a");
  EXPECT_EQ(input.partitions(), (std::vector<TopicPartition>{{"t", 0}, {"t", 1}}));
}

TEST(TestStream, AtMovesProcessingTimeWithoutDeliveringAnything) {
  TestStream input;
  input.at(from_millis(5000)).add("t", "a", from_millis(1));
  ASSERT_EQ(input.events().size(), 1U);
  EXPECT_EQ(input.events()[0].processing_time, from_millis(5000));
}

TEST(TestStream, ProcessingTimeNeverMovesBackwards) {
  TestStream input;
  input.at(from_millis(5000));
  EXPECT_THROW(input.at(from_millis(4999)), std::invalid_argument);
  EXPECT_THROW(input.advance_processing_time(Duration{-1}), std::invalid_argument);
  EXPECT_THROW(input.declare_partitions("t", 0), std::invalid_argument);
}

TEST(CapturingSink, KeepsRecordsPerTopicInWriteOrderAndCountsFlushes) {
  CapturingSink sink;
  sink.write("a", Record{std::nullopt, "1", from_millis(0), {}});
  sink.write("b", Record{std::nullopt, "2", from_millis(0), {}});
  sink.write("a", Record{std::nullopt, "3", from_millis(0), {}});
  sink.flush();
  EXPECT_EQ(sink.values("a"), (std::vector<std::string>{"1", "3"}));
  EXPECT_EQ(sink.values("b"), (std::vector<std::string>{"2"}));
  EXPECT_TRUE(sink.records("none").empty());
  EXPECT_EQ(sink.flushes(), 1);
}

// Counts per key in tumbling windows of 10 s with no watermark delay: worked by hand.
//   a@1s, b@2s, a@9s -> [0,10): a=2, b=1; a@12s moves the watermark to 12s and fires [0,10);
//   a@3s is then behind the watermark, its window fired and no grace: late output;
//   end of input fires [10,20): a=1.
TEST(RunTopology, RunsToTheEndAndCapturesResultsLateOutputAndAccounting) {
  TestStream input;
  for (const auto& [key, seconds] :
       std::vector<std::pair<std::string, int>>{{"a", 1}, {"b", 2}, {"a", 9}, {"a", 12}, {"a", 3}}) {
    input.add("events", key, from_millis(seconds * 1000), key);
  }
  StreamsBuilder builder{StreamsConfig{"kit", WatermarkStrategy::bounded(Duration{0})}};
  builder.stream("events", Consumed{serdes::String(), serdes::String()})
      .groupByKey()
      .windowedBy(TimeWindows::ofSize(10s))
      .count()
      .toStream()
      .to("counts", Produced<std::string, WindowResult<std::string, std::int64_t>>::with(
                        serdes::String(), serdes::WindowResultJson<std::string, std::int64_t>()));
  Topology topology = builder.build();
  const TestRun run = run_topology(topology, input);

  std::vector<std::string> got;
  for (const std::string& v : run.output.values("counts")) {
    const auto j = nlohmann::json::parse(v);
    got.push_back(j.at("key").get<std::string>() + " " + j.at("window_start").get<std::string>() + " " +
                  std::to_string(j.at("value").get<std::int64_t>()));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"a 1970-01-01T00:00:00Z 2", "b 1970-01-01T00:00:00Z 1",
                                           "a 1970-01-01T00:00:10Z 1"}));
  EXPECT_EQ(run.output.values("kit-late").size(), 1U);
  EXPECT_EQ(run.accounting.records_in, 5);
  EXPECT_EQ(run.accounting.contributed, 4);
  EXPECT_EQ(run.accounting.late_output, 1);
  EXPECT_TRUE(run.accounting.invariant_holds());
}

}  // namespace
}  // namespace streamlab::testing
