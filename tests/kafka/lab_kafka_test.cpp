// A lab's reference topology in Kafka mode gives the same final window results as on the
// simulator: the lab dataset, in the arrival order of the jitter scenario, is produced into the
// mock cluster, run with run_on_kafka, read back from the output topics, and compared with the
// simulator harness the graded lab tests use, run over the same arrivals.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "../labs/support/harness.hpp"
#include "kafka_test_support.hpp"
#include "sales.hpp"
#include "streamlab/kafka/kafka_run.hpp"
#include "streamlab/kafka/kafka_source.hpp"
#include "streamlab/kafka/mock_cluster.hpp"
#include "streamlab/kafka/topic_writer.hpp"

namespace streamlab::kafka {
namespace {

/// One output record, compared as bytes: output topic, key, value.
using Pane = std::tuple<std::string, std::string, std::string>;

/// The first `n` arrivals of `file` under the jitter scenario, all in partition 0 so that the
/// simulator and the Kafka consumer see exactly the same order (the per-partition interleaving
/// of a consumer is not the simulator's, and a different interleaving may legitimately move a
/// record across the watermark).
std::vector<labtest::Event> jitter_arrivals(const std::string& topic, const std::string& file,
                                            std::size_t n) {
  std::int32_t partitions = 0;
  auto events = labtest::scenario_events(topic, file, "jitter", partitions);
  if (events.size() > n) events.resize(n);
  for (auto& e : events) e.partition = 0;
  return events;
}

/// Distinct panes (identical repeated panes collapse, as at-least-once allows) of every topic
/// in `topics` written by the simulator run.
std::set<Pane> simulator_panes(const labtest::RunResult& run, const std::vector<std::string>& topics) {
  std::set<Pane> out;
  for (const auto& topic : topics) {
    const auto it = run.topics.find(topic);
    if (it == run.topics.end()) continue;
    for (const auto& r : it->second) out.emplace(topic, r.key.value_or(""), r.value);
  }
  return out;
}

/// Distinct panes read back from the cluster; every read is bounded.
std::set<Pane> kafka_panes(const std::string& bootstrap, const std::vector<std::string>& topics,
                           std::size_t at_most) {
  std::set<Pane> out;
  for (const auto& topic : topics) {
    auto options = test::source_options(bootstrap, topic, "lab-read-" + topic);
    options.stop_at_end = true;
    KafkaSource source(options);
    const auto got = test::drain(source, at_most, std::chrono::seconds{20});
    for (const auto& r : got.records) out.emplace(topic, r.record.key.value_or(""), r.record.value);
  }
  return out;
}

TEST(LabsInKafkaMode, Lab02WindowedSalesFinalPanesEqualTheSimulatorsUnderJitter) {
  const lab02::SalesConfig c;
  const auto config = lab02::streams_config(c);
  const auto build = [c](StreamsBuilder& b) { lab02::build_windowed_sales(b, c); };
  const auto events = jitter_arrivals(c.sales, "sales.jsonl", 300);
  ASSERT_EQ(events.size(), 300U);

  const auto simulated = labtest::run_topology(config, build, events, {{c.sales, 1}});
  StreamsBuilder builder{config};
  build(builder);
  Topology topology = builder.build();
  std::vector<std::string> outputs = topology.output_topics();
  outputs.push_back(config.application_id + "-late");
  outputs.push_back(config.application_id + "-dead-letters");
  const auto expected = simulator_panes(simulated, outputs);
  ASSERT_FALSE(expected.empty());

  MockCluster cluster(1);
  cluster.create_topic(c.sales, 1);
  for (const auto& t : outputs) cluster.create_topic(t, 1);
  for (const auto& t : topology.internal_topics()) cluster.create_topic(t, 1);
  {
    ClientConfig client{cluster.bootstrap_servers(), {}, std::chrono::seconds{5}};
    TopicWriter writer(client, c.sales);
    for (const auto& e : events) writer.write(Record{e.key, e.value, e.event_time, {}}, e.partition);
    writer.flush();
  }
  KafkaRunOptions options;
  options.client.bootstrap_servers = cluster.bootstrap_servers();
  options.client.connect_timeout = std::chrono::seconds{5};
  options.client.properties = {{"session.timeout.ms", "3000"}, {"heartbeat.interval.ms", "500"}};
  options.group_id = config.application_id;
  options.stop_at_end = true;
  const auto report = run_on_kafka(topology, options);
  EXPECT_EQ(report.accounting.records_in, static_cast<std::int64_t>(events.size()));
  EXPECT_TRUE(report.accounting.invariant_holds());
  EXPECT_EQ(report.sink.failed, 0);

  const auto actual = kafka_panes(cluster.bootstrap_servers(), outputs, 100'000);
  EXPECT_EQ(actual, expected);
}

}  // namespace
}  // namespace streamlab::kafka
