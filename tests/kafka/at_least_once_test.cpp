// At-least-once: only offsets the runtime released (after its results were flushed) are
// committed, and an instance restarted from them loses nothing.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "kafka_test_support.hpp"
#include "streamlab/kafka/kafka_sink.hpp"
#include "test_cluster.hpp"

namespace streamlab::kafka {
namespace {

constexpr int kRecords = 60;
constexpr int kAtLeastOncePartitions = 2;

void produce_input(const std::string& bootstrap) {
  KafkaSinkOptions o;
  o.client.bootstrap_servers = bootstrap;
  KafkaSink sink(o);
  for (int i = 0; i < kRecords; ++i) {
    sink.write("in", test::keyed("k" + std::to_string(i % 5), std::to_string(i), i));
  }
  sink.flush();
}

TEST(KafkaAtLeastOnce, NothingIsCommittedUnlessReleased) {
  test::TestCluster cluster(1);
  cluster.create_topic("in", kAtLeastOncePartitions);
  produce_input(cluster.bootstrap_servers());
  auto options = test::source_options(cluster.bootstrap_servers(), "in", "g-no-release");
  options.stop_at_end = true;
  {
    KafkaSource first(options);
    EXPECT_EQ(test::drain(first, kRecords).records.size(), static_cast<std::size_t>(kRecords));
    first.close();  // nothing released: nothing may be committed
    EXPECT_EQ(first.stats().commits, 0);
  }
  KafkaSource second(options);
  const auto again = test::drain(second, kRecords + 1);
  EXPECT_EQ(again.records.size(), static_cast<std::size_t>(kRecords))
      << "an instance that never released offsets must leave the whole input to its successor";
}

TEST(KafkaAtLeastOnce, RestartFromCommittedOffsetsLosesNothingAndRepeatsOnlyUnreleased) {
  test::TestCluster cluster(1);
  cluster.create_topic("in", kAtLeastOncePartitions);
  cluster.create_topic("out", 1);
  produce_input(cluster.bootstrap_servers());
  auto options = test::source_options(cluster.bootstrap_servers(), "in", "g-restart");
  options.stop_at_end = true;
  KafkaSinkOptions sink_options;
  sink_options.client.bootstrap_servers = cluster.bootstrap_servers();

  std::map<std::int32_t, std::int64_t> released;  // partition -> last released offset
  std::set<std::string> delivered_first_run;
  {
    KafkaSource first(options);
    KafkaSink results(sink_options);
    const auto got = test::drain(first, kRecords);
    ASSERT_EQ(got.records.size(), static_cast<std::size_t>(kRecords));
    // The "runtime" delivers results for the first two thirds, flushes, and only then releases.
    const auto delivered_count = kRecords * 2 / 3;
    for (int i = 0; i < delivered_count; ++i) {
      const auto& r = got.records[static_cast<std::size_t>(i)];
      results.write("out", Record{r.record.key, r.record.value, r.record.timestamp, {}});
      delivered_first_run.insert(r.record.value);
    }
    results.flush();
    for (int i = 0; i < delivered_count; ++i) {
      const auto& r = got.records[static_cast<std::size_t>(i)];
      first.commit(r.source, r.offset);
      released[r.source.partition] = std::max(released[r.source.partition], r.offset);
    }
    first.commit_now();
    for (const auto& [partition, offset] : released) {
      EXPECT_EQ(first.committed({"in", partition}, std::chrono::seconds{5}), offset + 1);
    }
    // Crash before the rest is delivered: the destructor leaves the group.
  }

  KafkaSource second(options);
  KafkaSink results(sink_options);
  const auto rest = test::drain(second, kRecords + 1);
  EXPECT_TRUE(rest.ended);
  std::map<std::int32_t, std::int64_t> first_offset;
  for (const auto& r : rest.records) {
    if (!first_offset.contains(r.source.partition)) first_offset[r.source.partition] = r.offset;
    results.write("out", Record{r.record.key, r.record.value, r.record.timestamp, {}});
  }
  results.flush();
  for (const auto& [partition, offset] : first_offset) {
    const auto expected = released.contains(partition) ? released[partition] + 1 : 0;
    EXPECT_EQ(offset, expected) << "partition " << partition << " must resume after its commit";
  }
  EXPECT_EQ(rest.records.size(), static_cast<std::size_t>(kRecords) - delivered_first_run.size())
      << "exactly the records whose results were not delivered are read again";

  // Everything reached the output: nothing lost.
  auto out_options = test::source_options(cluster.bootstrap_servers(), "out", "g-check");
  out_options.stop_at_end = true;
  KafkaSource check(out_options);
  std::set<std::string> values;
  for (const auto& r : test::drain(check, kRecords + 1).records) values.insert(r.record.value);
  EXPECT_EQ(values.size(), static_cast<std::size_t>(kRecords));
}

TEST(KafkaAtLeastOnce, CommitForAPartitionNotOwnedIsIgnored) {
  test::TestCluster cluster(1);
  cluster.create_topic("in", kAtLeastOncePartitions);
  produce_input(cluster.bootstrap_servers());
  auto options = test::source_options(cluster.bootstrap_servers(), "in", "g-foreign");
  options.stop_at_end = true;
  KafkaSource source(options);
  ASSERT_EQ(test::drain(source, kRecords).records.size(), static_cast<std::size_t>(kRecords));
  source.commit({"other-topic", 0}, 10);
  source.commit_now();
  EXPECT_EQ(source.stats().ignored_commits, 1);
  EXPECT_EQ(source.committed({"in", 0}, std::chrono::seconds{5}), -1);
}

}  // namespace
}  // namespace streamlab::kafka
