// Produce keyed records with KafkaSink, read them back with KafkaSource over a mock cluster.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <variant>

#include "kafka_test_support.hpp"
#include "streamlab/kafka/kafka_sink.hpp"
#include "test_cluster.hpp"
#include "streamlab/sim/partitioner.hpp"

namespace streamlab::kafka {
namespace {

using test::drain;
using test::java_murmur2;
using test::java_partition;

TEST(Murmur2Oracle, MatchesKafkaJavaUtilsTestVectors) {
  // Values from Apache Kafka's UtilsTest.testMurmur2.
  EXPECT_EQ(java_murmur2("21"), -973932308);
  EXPECT_EQ(java_murmur2("foobar"), -790332482);
  EXPECT_EQ(java_murmur2("a-little-bit-long-string"), -985981536);
  EXPECT_EQ(java_murmur2("a-little-bit-longer-string"), -1486304829);
  EXPECT_EQ(java_murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971);
  EXPECT_EQ(java_murmur2(std::string{"abc"}), 479470107);
}

TEST(KafkaSourceSink, KeyedRecordsAllArriveWithDenseOffsetsInTheirMurmur2Partition) {
  test::TestCluster cluster(3);
  constexpr int kProduceConsumePartitions = 4;
  constexpr int kRecords = 200;
  cluster.create_topic("clicks", kProduceConsumePartitions, 3);

  KafkaSinkOptions sink_options;
  sink_options.client.bootstrap_servers = cluster.bootstrap_servers();
  KafkaSink sink(sink_options);
  std::map<std::string, int> sent;  // value -> count
  for (int i = 0; i < kRecords; ++i) {
    const auto value = R"({"n":)" + std::to_string(i) + "}";
    sink.write("clicks", test::keyed("user-" + std::to_string(i % 17), value, 1'000'000 + i));
    ++sent[value];
  }
  sink.flush();
  EXPECT_EQ(sink.stats().delivered, kRecords);
  EXPECT_EQ(sink.stats().failed, 0);

  auto options = test::source_options(cluster.bootstrap_servers(), "clicks", "g-dense");
  options.stop_at_end = true;
  KafkaSource source(options);
  const auto got = drain(source, kRecords + 1);  // +1: keep reading until the source ends
  EXPECT_TRUE(got.ended) << "a bounded source ends once every partition is read";
  ASSERT_EQ(got.records.size(), static_cast<std::size_t>(kRecords));

  std::map<std::string, int> received;
  std::map<std::int32_t, std::vector<std::int64_t>> offsets;
  for (const auto& r : got.records) {
    ++received[r.record.value];
    offsets[r.source.partition].push_back(r.offset);
    ASSERT_TRUE(r.record.key.has_value());
    EXPECT_EQ(r.source.partition, java_partition(*r.record.key, kProduceConsumePartitions))
        << "key " << *r.record.key << " is not in its Java-client (murmur2) partition";
    EXPECT_EQ(r.source.partition, sim::partition_for_key(*r.record.key, kProduceConsumePartitions))
        << "key " << *r.record.key << " is not where the simulator puts it";
    EXPECT_EQ(r.source.topic, "clicks");
  }
  EXPECT_EQ(received, sent);
  for (const auto& [partition, list] : offsets) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      EXPECT_EQ(list[i], static_cast<std::int64_t>(i)) << "partition " << partition;
    }
  }
  // Timestamps survive the round trip as the record (event) timestamp.
  std::set<std::int64_t> stamps;
  for (const auto& r : got.records) stamps.insert(to_millis(r.record.timestamp));
  EXPECT_EQ(stamps.size(), static_cast<std::size_t>(kRecords));
  EXPECT_EQ(*stamps.begin(), 1'000'000);
  ASSERT_FALSE(got.assignment_changes.empty());
  EXPECT_EQ(got.assignment_changes.front().assigned.size(),
            static_cast<std::size_t>(kProduceConsumePartitions));
}

TEST(KafkaSourceSink, AMillionRecordTopicIsReadBackCompletelyOnARealBroker) {
  // The classroom broker keeps only a few MiB per partition (docs/kafka.md): at this volume only a
  // real broker can hold the topic, and only it shows that nothing is lost on the way.
  if (test::real_kafka_bootstrap().empty()) GTEST_SKIP() << "needs a real broker (STREAMLAB_TEST_KAFKA)";
  constexpr std::int64_t kRecords = 1'000'000;
  constexpr int kPartitions = 4;
  test::TestCluster cluster(1);
  cluster.create_topic("million", kPartitions);
  KafkaSinkOptions sink_options;
  sink_options.client.bootstrap_servers = cluster.bootstrap_servers();
  KafkaSink sink(sink_options);
  std::array<std::int64_t, kPartitions> sent{};
  std::int64_t sum_sent = 0;
  for (std::int64_t i = 0; i < kRecords; ++i) {
    const auto partition = static_cast<std::int32_t>(i % kPartitions);
    sink.write_to_partition("million", partition,
                            Record{std::nullopt, std::to_string(i), from_millis(1'000'000 + i), {}});
    ++sent[static_cast<std::size_t>(partition)];
    sum_sent += i;
  }
  sink.flush();
  ASSERT_EQ(sink.stats().delivered, kRecords);
  ASSERT_EQ(sink.stats().failed, 0);

  auto options = test::source_options(cluster.bootstrap_servers(), "million", "g-million");
  options.stop_at_end = true;
  KafkaSource source(options);
  // Counted as they come (a million records are not kept): per partition, offsets must be dense
  // from 0, and the values must add up to what was sent.
  std::array<std::int64_t, kPartitions> next_offset{};
  std::int64_t received = 0;
  std::int64_t sum_received = 0;
  bool ended = false;
  const auto until = std::chrono::steady_clock::now() + std::chrono::minutes{3};
  while (std::chrono::steady_clock::now() < until) {
    auto event = source.next(std::chrono::milliseconds{100});
    if (!event) {
      ended = true;
      break;
    }
    const auto* consumed = std::get_if<ConsumedRecord>(&event->payload);
    if (consumed == nullptr) continue;
    auto& expected_offset = next_offset.at(static_cast<std::size_t>(consumed->source.partition));
    ASSERT_EQ(consumed->offset, expected_offset) << "partition " << consumed->source.partition;
    ++expected_offset;
    ++received;
    sum_received += std::stoll(consumed->record.value);
  }
  EXPECT_TRUE(ended) << "the bounded source did not end within 3 minutes; " << received << " records read";
  EXPECT_EQ(received, kRecords);
  EXPECT_EQ(sum_received, sum_sent);
  for (std::size_t p = 0; p < kPartitions; ++p) EXPECT_EQ(next_offset.at(p), sent.at(p)) << "partition " << p;
}

TEST(KafkaSourceSink, HeadersAndNullKeysRoundTrip) {
  test::TestCluster cluster(1);
  cluster.create_topic("t", 1);
  KafkaSinkOptions sink_options;
  sink_options.client.bootstrap_servers = cluster.bootstrap_servers();
  KafkaSink sink(sink_options);
  Record with_headers{"k", "v1", from_millis(5), {{"trace", "abc"}, {"empty", ""}}};
  Record null_key{std::nullopt, "v2", from_millis(6), {}};
  sink.write("t", with_headers);
  sink.write("t", null_key);
  sink.flush();
  auto options = test::source_options(cluster.bootstrap_servers(), "t", "g-headers");
  options.stop_at_end = true;
  KafkaSource source(options);
  const auto got = drain(source, 2);
  ASSERT_EQ(got.records.size(), 2U);
  EXPECT_EQ(got.records[0].record, with_headers);
  EXPECT_EQ(got.records[1].record, null_key);
}

TEST(KafkaSourceSink, IdleSourceReturnsClockTicksWithWallClockProcessingTime) {
  test::TestCluster cluster(1);
  cluster.create_topic("quiet", 1);
  KafkaSource source(test::source_options(cluster.bootstrap_servers(), "quiet", "g-idle"));
  const auto before = std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
  int ticks = 0;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  while (ticks < 3 && std::chrono::steady_clock::now() < until) {
    auto event = source.next(std::chrono::milliseconds{50});
    ASSERT_TRUE(event.has_value()) << "a live source never ends by itself";
    if (std::holds_alternative<ClockTick>(event->payload)) {
      ++ticks;
      EXPECT_GE(event->processing_time, before);
    }
  }
  EXPECT_EQ(ticks, 3);
}

}  // namespace
}  // namespace streamlab::kafka
