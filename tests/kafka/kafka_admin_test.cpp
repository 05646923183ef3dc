// KafkaAdmin: topics created up front with their partition counts, a count mismatch refused by
// name, partition offsets, deletion. librdkafka 2.0's mock cluster has no controller, so creating
// and deleting topics is checked on the real broker (kafka-real) only; offsets on both.
#include "streamlab/kafka/kafka_admin.hpp"

#include <gtest/gtest.h>

#include <string>

#include "kafka_test_support.hpp"
#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/kafka/kafka_sink.hpp"
#include "test_cluster.hpp"

namespace streamlab::kafka {
namespace {

constexpr Duration kTimeout = std::chrono::seconds{20};

#define SKIP_ON_THE_MOCK(cluster)                                                              \
  if (!(cluster).real())                                                                       \
  GTEST_SKIP() << "librdkafka 2.0's mock cluster has no controller for the Admin API's topic " \
                  "requests; the kafka-real variant of this test runs it on a real broker"

TEST(KafkaAdmin, CreatesTopicsUpFrontAndRefusesAnExistingTopicWithAnotherPartitionCount) {
  test::TestCluster cluster(1);
  SKIP_ON_THE_MOCK(cluster);
  KafkaAdmin admin(ClientConfig{cluster.bootstrap_servers(), {}, std::chrono::seconds{5}});
  admin.create_topic("orders", 3, 1, kTimeout);
  EXPECT_EQ(admin.topics(kTimeout).at("orders"), 3);
  admin.create_topic("orders", 3, 1, kTimeout);  // already there with the same count: fine
  try {
    admin.create_topic("orders", 4, 1, kTimeout);
    ADD_FAILURE() << "a topic with another partition count must be refused";
  } catch (const KafkaError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("'orders'"), std::string::npos) << what;
    EXPECT_NE(what.find("exists with 3 partitions, not 4"), std::string::npos) << what;
  }
}

TEST(KafkaAdmin, OffsetsSayWhatAPartitionHolds) {
  test::TestCluster cluster(1);
  KafkaAdmin admin(ClientConfig{cluster.bootstrap_servers(), {}, std::chrono::seconds{5}});
  cluster.create_topic("sales", 2);
  EXPECT_EQ(admin.offsets({"sales", 0}, kTimeout), (PartitionOffsets{0, 0}));
  {
    KafkaSinkOptions options;
    options.client.bootstrap_servers = cluster.bootstrap_servers();
    KafkaSink sink(options);
    for (int i = 0; i < 5; ++i)
      sink.write_to_partition("sales", 0, test::keyed("k", "{}", 1'750'000'000'000 + i));
    sink.flush();
  }
  EXPECT_EQ(admin.offsets({"sales", 0}, kTimeout), (PartitionOffsets{0, 5}));
  EXPECT_EQ(admin.offsets({"sales", 1}, kTimeout), (PartitionOffsets{0, 0}));
}

TEST(KafkaAdmin, KnowsWhetherTheClusterCanCreateTopicsAndAutoCreatesOnesWithItsDefaultCount) {
  // A real broker names itself as the controller; librdkafka's mock cluster names none of its
  // brokers, and an Admin API request would wait for one until its timeout.
  test::TestCluster cluster(1);
  KafkaAdmin admin(ClientConfig{cluster.bootstrap_servers(), {}, std::chrono::seconds{5}});
  EXPECT_EQ(admin.has_controller(kTimeout), cluster.real());
  const auto partitions = admin.auto_create_topic("made-on-request", kTimeout);
  EXPECT_GE(partitions, 1);
  EXPECT_EQ(admin.topics(kTimeout).at("made-on-request"), partitions);
  EXPECT_EQ(admin.auto_create_topic("made-on-request", kTimeout), partitions) << "an existing topic stays";
}

TEST(KafkaAdmin, DeletedTopicsAreNoLongerListed) {
  test::TestCluster cluster(1);
  SKIP_ON_THE_MOCK(cluster);
  KafkaAdmin admin(ClientConfig{cluster.bootstrap_servers(), {}, std::chrono::seconds{5}});
  admin.create_topic("a", 1, 1, kTimeout);
  admin.create_topic("b", 1, 1, kTimeout);
  admin.delete_topics({"a", "missing"}, kTimeout);
  const auto topics = admin.topics(kTimeout);
  EXPECT_FALSE(topics.contains("a"));
  EXPECT_TRUE(topics.contains("b"));
}

}  // namespace
}  // namespace streamlab::kafka
