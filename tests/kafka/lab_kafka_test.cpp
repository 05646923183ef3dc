// Every lab's reference topology in Kafka mode gives the same results as on the simulator: the
// lab dataset, in the arrival order of a disorder scenario and on the scenario's partitions, is
// produced into the mock cluster, run with run_on_kafka, read back from the output topics, and
// compared with the simulator harness the graded lab tests use, run over the same arrivals.
//
// The Kafka message timestamp of each input record carries its place in the arrival sequence
// (the topologies take event time from the "time" field), and KafkaSource delivers several
// partitions and topics in message-timestamp order, so the Kafka run processes the records in
// exactly the simulator's order: the outputs must be equal record for record, and so must the
// accounting.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <functional>
#include <optional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "../labs/support/harness.hpp"
#include "kafka_test_support.hpp"
#include "lab_kafka_support.hpp"
#include "anomalies.hpp"
#include "join.hpp"
#include "sales.hpp"
#include "word_count.hpp"
#include "sessions.hpp"
#include "streamlab/kafka/kafka_admin.hpp"
#include "streamlab/kafka/kafka_run.hpp"
#include "streamlab/kafka/kafka_source.hpp"
#include "test_cluster.hpp"
#include "streamlab/kafka/kafka_sink.hpp"
#include "streamlab/streamlab.hpp"

namespace streamlab::kafka {
namespace {

using test::arrivals;
using test::bounded_run;
using test::create_topics;
using test::distinct;
using test::kafka_outputs;
using test::Output;
using test::produce_in_arrival_order;
using test::simulator_output;
using test::written_topics;

/// Runs the topology `build` puts into a builder made with `config` over `events` (in arrival
/// order, on their partitions of `partitions`) on the simulator and in Kafka mode, and checks
/// every output topic, the late output, the dead letters and the accounting are equal. The Kafka
/// input topics get `empty_partitions` more partitions than the scenario fills.
void expect_kafka_equals_simulator(const StreamsConfig& config,
                                   const std::function<void(StreamsBuilder&)>& build,
                                   const std::vector<labtest::Event>& events,
                                   const std::map<std::string, std::int32_t>& partitions,
                                   std::int32_t empty_partitions = 0) {
  const auto simulated = labtest::run_topology(config, build, events, partitions);
  Topology topology = build_topology(config, build);
  const auto outputs = written_topics(topology);

  test::TestCluster cluster(1);
  create_topics(cluster, topology, partitions, empty_partitions);
  produce_in_arrival_order(cluster.bootstrap_servers(), events, 0, events.size());
  const auto report = run_on_kafka(topology, bounded_run(cluster.bootstrap_servers(), config.application_id));
  EXPECT_EQ(report.sink.failed, 0);
  EXPECT_EQ(report.rebalances, 0);

  const auto& a = report.accounting;
  const auto& b = simulated.accounting;
  EXPECT_EQ(a.records_in, static_cast<std::int64_t>(events.size()));
  EXPECT_TRUE(a.invariant_holds());
  EXPECT_EQ(a.records_in, b.records_in);
  EXPECT_EQ(a.contributed, b.contributed);
  EXPECT_EQ(a.late_output, b.late_output);
  EXPECT_EQ(a.dead_letters, b.dead_letters);
  EXPECT_EQ(a.results_out, b.results_out);
  EXPECT_EQ(a.late_accepted, b.late_accepted);
  EXPECT_EQ(a.dropped_late, b.dropped_late);
  EXPECT_EQ(a.join_unmatched, b.join_unmatched);
  EXPECT_EQ(a.repartitioned, b.repartitioned);

  std::size_t compared = 0;
  auto actual = kafka_outputs(cluster.bootstrap_servers(), outputs);
  for (const auto& topic : outputs) {
    const auto expected = simulator_output(simulated, topic);
    EXPECT_EQ(actual[topic], expected) << "topic " << topic;
    compared += expected.size();
  }
  EXPECT_GT(compared, 0U) << "the scenario produced no output at all: the test would prove nothing";
}

TEST(LabsInKafkaMode, Lab01WordCountEqualsTheSimulatorUnderJitter) {
  const lab01::WordCountConfig c;
  std::int32_t partitions = 0;
  const auto events = arrivals(c.lines, "alice-lines.jsonl", std::nullopt, "jitter", partitions);
  expect_kafka_equals_simulator(lab01::streams_config(c),
                                [c](StreamsBuilder& b) { lab01::build_word_count(b, c); }, events,
                                {{c.lines, partitions}});
}

TEST(LabsInKafkaMode, Lab02WindowedSalesEqualsTheSimulatorUnderJitter) {
  const lab02::SalesConfig c;
  std::int32_t partitions = 0;
  const auto events = arrivals(c.sales, "sales.jsonl", std::nullopt, "jitter", partitions, 400);
  expect_kafka_equals_simulator(lab02::streams_config(c),
                                [c](StreamsBuilder& b) { lab02::build_windowed_sales(b, c); }, events,
                                {{c.sales, partitions}});
}

TEST(LabsInKafkaMode, Lab02LatePanesAndLateOutputEqualTheSimulatorsUnderLateArrivals) {
  const lab02::SalesConfig c;
  std::int32_t partitions = 0;
  const auto events = arrivals(c.sales, "sales.jsonl", std::nullopt, "late-arrivals", partitions, 400);
  expect_kafka_equals_simulator(lab02::streams_config(c),
                                [c](StreamsBuilder& b) { lab02::build_windowed_sales(b, c); }, events,
                                {{c.sales, partitions}});
}

TEST(LabsInKafkaMode, Lab02OnATopicWithAnEmptyPartitionEqualsTheSimulatorUnderLateArrivals) {
  // A partition with nothing to read must not hold event time back until the end of the input,
  // or no window would fire before the end and there would be no LATE pane at all.
  const lab02::SalesConfig c;
  std::int32_t partitions = 0;
  const auto events = arrivals(c.sales, "sales.jsonl", std::nullopt, "late-arrivals", partitions);
  const auto build = [c](StreamsBuilder& b) { lab02::build_windowed_sales(b, c); };
  const auto simulated =
      labtest::run_topology(lab02::streams_config(c), build, events, {{c.sales, partitions}});
  ASSERT_GT(simulated.accounting.late_accepted, 0)
      << "no LATE pane on the simulator: the test would prove nothing";
  expect_kafka_equals_simulator(lab02::streams_config(c), build, events, {{c.sales, partitions}}, 1);
}

TEST(LabsInKafkaMode, Lab03SessionsEqualTheSimulatorUnderJitter) {
  const lab03::SessionConfig c;
  std::int32_t partitions = 0;
  const auto events = arrivals(c.clicks, "clicks.jsonl", "user", "jitter", partitions, 400);
  expect_kafka_equals_simulator(lab03::streams_config(c),
                                [c](StreamsBuilder& b) { lab03::build_sessions(b, c); }, events,
                                {{c.clicks, partitions}});
}

/// Lab 04 on orders and profile changes, each under the jitter scenario, merged by arrival time
/// (profiles first on ties): the table changes between the orders, so the join depends on the
/// interleaving of the two topics.
void expect_lab04_kafka_equals_simulator(bool left_join) {
  lab04::JoinConfig c;
  c.left_join = left_join;
  std::int32_t orders_partitions = 0;
  std::int32_t profiles_partitions = 0;
  const auto profiles = arrivals(c.profiles, "profiles.jsonl", "user", "jitter", profiles_partitions);
  const auto orders = arrivals(c.orders, "orders.jsonl", "user", "jitter", orders_partitions);
  std::vector<labtest::Event> merged;
  std::merge(profiles.begin(), profiles.end(), orders.begin(), orders.end(), std::back_inserter(merged),
             [](const labtest::Event& x, const labtest::Event& y) { return x.arrival < y.arrival; });
  expect_kafka_equals_simulator(lab04::streams_config(c),
                                [c](StreamsBuilder& b) { lab04::build_enrichment(b, c); }, merged,
                                {{c.orders, orders_partitions}, {c.profiles, profiles_partitions}});
}

TEST(LabsInKafkaMode, Lab04InnerJoinEqualsTheSimulatorWithTwoInterleavedTopics) {
  expect_lab04_kafka_equals_simulator(false);
}

TEST(LabsInKafkaMode, Lab04LeftJoinEqualsTheSimulatorWithTwoInterleavedTopics) {
  expect_lab04_kafka_equals_simulator(true);
}

TEST(LabsInKafkaMode, Lab05AnomaliesEqualTheSimulatorUnderJitter) {
  const lab05::AnomalyConfig c;
  std::int32_t partitions = 0;
  const auto events = arrivals(c.metrics, "metrics.jsonl", "host", "jitter", partitions, 400);
  expect_kafka_equals_simulator(lab05::streams_config(c),
                                [c](StreamsBuilder& b) { lab05::build_anomaly_detection(b, c); }, events,
                                {{c.metrics, partitions}});
}

TEST(LabsInKafkaMode, Lab02InstanceKilledWithSigkillMidRunLosesNothingAndOnlyRepeatsIdenticalResults) {
  // `streamlab run 02 --kafka --follow` (a process) reads the first half of the input, writes the
  // windows it closes and is killed with SIGKILL while later windows are open: it neither
  // flushes nor commits nor leaves the group. Then the second half arrives and a new instance of
  // the same group runs to the end. At-least-once: the output holds every result of the
  // simulator, and any other record is an exact repeat of one of them.
  const std::filesystem::path tool = std::filesystem::path(STREAMLAB_BINARY_DIR) / "bin" / "streamlab";
  if (!std::filesystem::exists(tool) ||
      !std::filesystem::exists(tool.parent_path() / "streamlab-lab-solution")) {
    GTEST_SKIP() << "the streamlab tool or the solution lab runner was not built";
  }
  const lab02::SalesConfig c;
  const auto config = lab02::streams_config(c);
  const auto build = [c](StreamsBuilder& b) { lab02::build_windowed_sales(b, c); };
  std::int32_t partitions = 0;
  const auto events = arrivals(c.sales, "sales.jsonl", std::nullopt, "jitter", partitions);
  const auto simulated = labtest::run_topology(config, build, events, {{c.sales, partitions}});
  Topology topology = build_topology(config, build);
  test::TestCluster cluster(1);
  const std::string bootstrap = cluster.bootstrap_servers();
  create_topics(cluster, topology, {{c.sales, partitions}}, 0);
  const std::size_t half = events.size() / 2;
  produce_in_arrival_order(bootstrap, events, 0, half);

  test::Child first({tool.string(), "run", "02", "--impl", "solution", "--kafka", bootstrap, "--follow",
                     "--idle-timeout", "60s", "-X", "session.timeout.ms=3000", "-X",
                     "heartbeat.interval.ms=500"});
  // Once a result is in the output topic the instance is mid-run, with windows still open.
  const KafkaAdmin admin(ClientConfig{bootstrap, {}, std::chrono::seconds{5}});
  const TopicPartition results{topology.output_topics().front(), 0};
  bool wrote = false;
  bool exited = false;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{60};
  while (!wrote && !exited && std::chrono::steady_clock::now() < until) {
    wrote = admin.offsets(results, std::chrono::seconds{5}).high > 0;
    exited = !first.running();
    first.read_until([](const std::string&) { return false; }, std::chrono::milliseconds{20});
  }
  if (!exited) first.stop_with(SIGKILL);
  ASSERT_TRUE(wrote) << "the first instance wrote no result to " << results.topic << " within 60 s";
  ASSERT_FALSE(exited) << "the first instance exited by itself: --follow must keep it running:\n"
                       << first.output;

  produce_in_arrival_order(bootstrap, events, half, events.size());
  const auto report = run_on_kafka(topology, bounded_run(bootstrap, config.application_id));
  EXPECT_EQ(report.sink.failed, 0);
  EXPECT_TRUE(report.accounting.invariant_holds());
  EXPECT_TRUE(report.truncated.empty());

  const auto outputs = written_topics(topology);
  auto actual = kafka_outputs(bootstrap, outputs);
  std::size_t compared = 0;
  for (const auto& topic : outputs) {
    const auto expected = distinct(simulator_output(simulated, topic));
    EXPECT_EQ(distinct(actual[topic]), expected) << "topic " << topic;
    compared += expected.size();
  }
  EXPECT_GT(compared, 0U) << "the scenario produced no output at all: the test would prove nothing";
}

}  // namespace
}  // namespace streamlab::kafka
