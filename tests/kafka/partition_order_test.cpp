// KafkaSource's synchronized delivery: records of several partitions and topics come out in
// message-timestamp order whatever order they were produced and fetched in. The expected order
// is a plain sort of what was produced, by (timestamp, topic, partition, offset).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "kafka_test_support.hpp"
#include "streamlab/kafka/kafka_sink.hpp"
#include "test_cluster.hpp"

namespace streamlab::kafka {
namespace {

/// One produced record: where it went and its timestamp; compared with what was consumed.
struct Produced {
  std::int64_t ts;
  std::string topic;
  std::int32_t partition;
  std::string value;
  auto operator<=>(const Produced&) const = default;
};

/// Writes `records` in the order given (partition by partition, so a consumer fetches whole
/// partitions one after the other) and waits for every delivery.
void produce(const std::string& bootstrap, const std::vector<Produced>& records) {
  KafkaSinkOptions options;
  options.client.bootstrap_servers = bootstrap;
  KafkaSink sink(options);
  for (const auto& r : records) {
    sink.write_to_partition(r.topic, r.partition, test::keyed("k", r.value, r.ts));
  }
  sink.flush();
  ASSERT_EQ(sink.stats().failed, 0);
}

std::vector<Produced> consumed(const test::Drained& got) {
  std::vector<Produced> out;
  for (const auto& r : got.records) {
    out.push_back({to_millis(r.record.timestamp), r.source.topic, r.source.partition, r.record.value});
  }
  return out;
}

/// The order a synchronized source must deliver: by timestamp, ties by (topic, partition), and
/// offset order within a partition (the produce order, which a stable sort keeps).
std::vector<Produced> timestamp_order(std::vector<Produced> records) {
  std::stable_sort(records.begin(), records.end(), [](const Produced& a, const Produced& b) {
    return std::tie(a.ts, a.topic, a.partition) < std::tie(b.ts, b.topic, b.partition);
  });
  return records;
}

KafkaSourceOptions bounded_source(const std::string& bootstrap, std::vector<std::string> topics,
                                  const std::string& group) {
  auto options = test::source_options(bootstrap, topics.front(), group);
  options.topics = std::move(topics);
  options.stop_at_end = true;
  return options;
}

TEST(KafkaSourceOrder, PartitionsProducedOneAfterTheOtherAreDeliveredInTimestampOrder) {
  test::TestCluster cluster(1);
  cluster.create_topic("readings", 3);
  std::vector<Produced> records;
  // Partition p holds timestamps p, p+3, p+6, ...: all of partition 0 is produced first.
  for (std::int32_t p = 0; p < 3; ++p) {
    for (int i = 0; i < 60; ++i) {
      const std::int64_t ts = 1'000 + p + 3 * i;
      records.push_back({ts, "readings", p, "v" + std::to_string(ts)});
    }
  }
  produce(cluster.bootstrap_servers(), records);

  KafkaSource source(bounded_source(cluster.bootstrap_servers(), {"readings"}, "g-order"));
  const auto got = test::drain(source, records.size() + 1);
  EXPECT_TRUE(got.ended);
  EXPECT_EQ(consumed(got), timestamp_order(records));
  EXPECT_EQ(source.stats().forced_releases, 0);
}

TEST(KafkaSourceOrder, AStreamAndATableChangelogInterleaveByTimestampWithTiesToTheFirstTopic) {
  test::TestCluster cluster(1);
  cluster.create_topic("orders", 1);
  cluster.create_topic("profiles", 1);
  std::vector<Produced> records;
  // Orders at 10, 20, ..., 200; profile changes at 15, 40 (a tie with an order), 95, 200 (a tie).
  for (int i = 1; i <= 20; ++i) records.push_back({10 * i, "orders", 0, "o" + std::to_string(i)});
  for (const std::int64_t ts : {15, 40, 95, 200}) {
    records.push_back({ts, "profiles", 0, "p" + std::to_string(ts)});
  }
  produce(cluster.bootstrap_servers(), records);

  KafkaSource source(bounded_source(cluster.bootstrap_servers(), {"profiles", "orders"}, "g-join"));
  const auto got = test::drain(source, records.size() + 1);
  EXPECT_TRUE(got.ended);
  const auto order = consumed(got);
  ASSERT_EQ(order, timestamp_order(records));
  // Hand-checked around the ties: "orders" sorts before "profiles".
  EXPECT_EQ(order[4].value, "o4");
  EXPECT_EQ(order[5].value, "p40");
  EXPECT_EQ(order.back().value, "p200");
}

TEST(KafkaSourceOrder, AFullBufferPausesItsPartitionAndLosesNothing) {
  test::TestCluster cluster(1);
  cluster.create_topic("readings", 2);
  std::vector<Produced> records;
  // Partition 0 is far ahead in time: its records wait in the buffer while partition 1 drains.
  for (int i = 0; i < 200; ++i) records.push_back({5'000 + i, "readings", 0, "a" + std::to_string(i)});
  for (int i = 0; i < 200; ++i) records.push_back({1'000 + 2 * i, "readings", 1, "b" + std::to_string(i)});
  produce(cluster.bootstrap_servers(), records);

  auto options = bounded_source(cluster.bootstrap_servers(), {"readings"}, "g-pause");
  options.max_buffered_per_partition = 8;
  KafkaSource source(options);
  const auto got = test::drain(source, records.size() + 1);
  EXPECT_TRUE(got.ended);
  EXPECT_EQ(consumed(got), timestamp_order(records));
  EXPECT_GT(source.stats().pauses, 0);
}

TEST(KafkaSourceOrder, AnEmptyPartitionReadToItsEndDoesNotHoldTheOthersBack) {
  test::TestCluster cluster(1);
  cluster.create_topic("readings", 2);
  std::vector<Produced> records;
  for (int i = 0; i < 30; ++i) records.push_back({100 + i, "readings", 1, "v" + std::to_string(i)});
  produce(cluster.bootstrap_servers(), records);

  auto options = bounded_source(cluster.bootstrap_servers(), {"readings"}, "g-empty");
  options.max_partition_wait = std::chrono::minutes{10};  // a wait would time the test out
  KafkaSource source(options);
  const auto got = test::drain(source, records.size() + 1, std::chrono::seconds{30});
  EXPECT_TRUE(got.ended);
  EXPECT_EQ(consumed(got), records);
  EXPECT_EQ(source.stats().forced_releases, 0);
}

}  // namespace
}  // namespace streamlab::kafka
