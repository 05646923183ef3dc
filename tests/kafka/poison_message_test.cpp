// Poison messages in Kafka mode: a message of any bytes (not UTF-8, binary, empty, a null
// tombstone, oversized) goes to the dead-letter topic with its topic, partition, offset, reason,
// original key and headers; the run goes on and commits past it, so a restart does not die on it.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "kafka_test_support.hpp"
#include "streamlab/bytes.hpp"
#include "streamlab/kafka/kafka_run.hpp"
#include "test_cluster.hpp"
#include "streamlab/kafka/topic_writer.hpp"
#include "streamlab/streamlab.hpp"

namespace streamlab::kafka {
namespace {

struct Reading {
  std::string sensor;
  double value{0};
  std::int64_t ts{0};
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Reading, sensor, value, ts)

TEST(KafkaPoisonMessages,
     EveryKindGoesToTheDeadLetterTopicWithItsPositionKeyAndHeadersAndTheRunCommitsPastIt) {
  if (!test::kcat_available())
    GTEST_SKIP() << "kcat is not on PATH (Debian package kcat): it writes the null value";
  test::TestCluster cluster(1);
  cluster.create_topic("readings", 1);
  cluster.create_topic("sums", 1);
  cluster.create_topic("poison-dead-letters", 1);
  const std::string not_utf8 = "{\"sensor\":\"\xff\",\"value\":1,\"ts\":1000}";
  const std::string binary{"\x00\x9f\x92\x96", 4};
  const std::string oversized(300 * 1024, '{');
  const std::vector<Header> headers{{"trace-id", "abc"}, {"origin", std::string{"\x01\x02", 2}}};
  ClientConfig client{cluster.bootstrap_servers(), {}, std::chrono::seconds{5}};
  {
    TopicWriter writer(client, "readings");
    writer.write(Record{"s1", R"({"sensor":"s1","value":1,"ts":1000})", from_millis(1000), {}});  // 0
    writer.write(Record{"s1", not_utf8, from_millis(1000), headers});                             // 1
    writer.write(Record{"s2", binary, from_millis(1000), {}});                                    // 2
    writer.write(Record{"s2", "", from_millis(1000), {}});                                        // 3
    writer.write(Record{"s3", oversized, from_millis(1000), {}});                                 // 4
    writer.flush();
  }
  // 5: a null value (a tombstone), which only kcat's -Z writes.
  const auto null_value = test::run_shell("printf 's4:\\n' | timeout 20 kcat -P -Z -K: -b " +
                                          cluster.bootstrap_servers() + " -t readings -p 0");
  ASSERT_EQ(null_value.status, 0) << null_value.output;
  {
    TopicWriter writer(client, "readings");
    writer.write(Record{"s1", R"({"sensor":"s1","value":2,"ts":2000})", from_millis(2000), {}});  // 6
    writer.flush();
  }

  StreamsBuilder b{{"poison"}};
  b.stream("readings", Consumed{serdes::String(), serdes::Json<Reading>()}.withTimestampField("ts"))
      .mapValues([](const Reading& r) { return r.value; })
      .groupByKey()
      .reduce([](double a, double v) { return a + v; })
      .toStream()
      .to("sums");
  auto topology = b.build();
  KafkaRunOptions options;
  options.client = client;
  options.client.properties = {{"session.timeout.ms", "3000"}, {"heartbeat.interval.ms", "500"}};
  options.stop_at_end = true;
  const auto report = run_on_kafka(topology, options);
  EXPECT_EQ(report.accounting.records_in, 7);
  EXPECT_EQ(report.accounting.contributed, 2);
  EXPECT_EQ(report.accounting.dead_letters, 5);
  EXPECT_TRUE(report.accounting.invariant_holds());
  EXPECT_EQ(report.sink.failed, 0);

  auto read = test::source_options(cluster.bootstrap_servers(), "poison-dead-letters", "g-read");
  read.stop_at_end = true;
  KafkaSource dead_letters(read);
  const auto got = test::drain(dead_letters, 6);
  ASSERT_EQ(got.records.size(), 5U);
  std::vector<nlohmann::json> docs;
  for (const auto& r : got.records) docs.push_back(nlohmann::json::parse(r.record.value));
  for (std::size_t i = 0; i < docs.size(); ++i) {
    EXPECT_EQ(docs[i].at("topic"), "readings") << docs[i];
    EXPECT_EQ(docs[i].at("partition"), 0) << docs[i];
  }
  EXPECT_EQ(docs[0].at("offset"), 1);
  EXPECT_EQ(got.records[0].record.key, std::optional<std::string>{"s1"});
  EXPECT_EQ(got.records[0].record.headers, headers);
  EXPECT_EQ(base64_decode(docs[0].at("value_base64").get<std::string>()), not_utf8);
  EXPECT_EQ(docs[1].at("offset"), 2);
  EXPECT_EQ(base64_decode(docs[1].at("value_base64").get<std::string>()), binary);
  EXPECT_EQ(docs[2].at("offset"), 3);
  EXPECT_EQ(docs[2].at("reason").get<std::string>().rfind("value: empty (null or tombstone)", 0), 0U)
      << docs[2];
  EXPECT_EQ(docs[3].at("offset"), 4);
  EXPECT_EQ(docs[3].at("value_size"), oversized.size());
  EXPECT_EQ(docs[4].at("offset"), 5);
  EXPECT_EQ(got.records[4].record.key, std::optional<std::string>{"s4"});
  EXPECT_EQ(docs[4].at("reason").get<std::string>().rfind("value: empty (null or tombstone)", 0), 0U)
      << docs[4];

  // The run committed past every poison message: a rerun starts after them.
  auto probe = test::source_options(cluster.bootstrap_servers(), "readings", "poison");
  KafkaSource group_view(probe);
  EXPECT_EQ(group_view.committed({"readings", 0}, std::chrono::seconds{5}), 7);
}

}  // namespace
}  // namespace streamlab::kafka
