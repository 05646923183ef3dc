// Exactly-once step of a transactional KafkaSink: results and the consumer group's offsets are
// committed in one librdkafka transaction. librdkafka 2.0.2's mock cluster accepts the
// transactional offset commit but does not store it, so only the results half (and that the
// whole protocol completes without error) can be checked here; see docs/kafka.md.
#include <gtest/gtest.h>

#include <map>

#include "kafka_test_support.hpp"
#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/kafka/kafka_sink.hpp"
#include "test_cluster.hpp"

namespace streamlab::kafka {
namespace {

TEST(KafkaTransactions, CommittedTransactionDeliversEveryResult) {
  test::TestCluster cluster(3);
  cluster.create_topic("in", 2, 3);
  cluster.create_topic("out", 1, 3);
  {
    KafkaSinkOptions plain;
    plain.client.bootstrap_servers = cluster.bootstrap_servers();
    KafkaSink input(plain);
    for (int i = 0; i < 20; ++i)
      input.write("in", test::keyed("k" + std::to_string(i), std::to_string(i), i));
    input.flush();
  }
  auto source_options = test::source_options(cluster.bootstrap_servers(), "in", "g-txn");
  source_options.stop_at_end = true;
  KafkaSource source(source_options);
  const auto got = test::drain(source, 20);
  ASSERT_EQ(got.records.size(), 20U);

  KafkaSinkOptions txn;
  txn.client.bootstrap_servers = cluster.bootstrap_servers();
  txn.client.properties = {{"transactional.id", "streamlab-test"}};
  KafkaSink sink(txn);
  ASSERT_TRUE(sink.transactional());
  std::map<TopicPartition, std::int64_t> last;
  for (const auto& r : got.records) {
    sink.write("out", Record{r.record.key, "result-" + r.record.value, r.record.timestamp, {}});
    last[r.source] = std::max(last[r.source], r.offset);
  }
  EXPECT_NO_THROW(sink.commit_transaction(source, {last.begin(), last.end()}));
  EXPECT_EQ(sink.stats().delivered, 20);
  EXPECT_EQ(sink.stats().failed, 0);
  auto out_options = test::source_options(cluster.bootstrap_servers(), "out", "g-txn-read");
  out_options.stop_at_end = true;
  KafkaSource reader(out_options);
  EXPECT_EQ(test::drain(reader, 21).records.size(), 20U);
}

TEST(KafkaTransactions, CommitTransactionOnAPlainSinkIsRefused) {
  test::TestCluster cluster(1);
  cluster.create_topic("in", 1);
  KafkaSinkOptions plain;
  plain.client.bootstrap_servers = cluster.bootstrap_servers();
  KafkaSink sink(plain);
  KafkaSource source(test::source_options(cluster.bootstrap_servers(), "in", "g"));
  EXPECT_FALSE(sink.transactional());
  EXPECT_THROW(sink.commit_transaction(source, {}), KafkaError);
}

}  // namespace
}  // namespace streamlab::kafka
