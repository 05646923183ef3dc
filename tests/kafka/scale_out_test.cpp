// Scale-out: N instances of a lab's reference topology in one consumer group (threads here, each
// with its own consumer, producer and topology, as separate processes would have) read the lab
// dataset under a disorder scenario and together write what the simulator writes.
//
// Expected values come from the simulator harness the graded lab tests use, over the same
// arrivals. The instances' results interleave in the output topics in an order that depends on
// timing, but every key belongs to one instance at a time, so each key's results must come out
// exactly as the simulator's, in the same order, once each. Late records must be the simulator's
// (they name the input record, its watermark and the reason), and no instance may lose a record.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "../labs/support/harness.hpp"
#include "anomalies.hpp"
#include "join.hpp"
#include "kafka_test_support.hpp"
#include "lab_kafka_support.hpp"
#include "sales.hpp"
#include "sessions.hpp"
#include "streamlab/kafka/kafka_admin.hpp"
#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/kafka/kafka_run.hpp"
#include "streamlab/streamlab.hpp"
#include "test_cluster.hpp"
#include "word_count.hpp"

namespace streamlab::kafka {
namespace {

using test::arrivals;
using test::Output;

/// Each key's values in the order they were written.
using ByKey = std::map<std::string, std::vector<std::string>>;

ByKey by_key(const Output& records) {
  ByKey out;
  for (const auto& [key, value] : records) out[key].push_back(value);
  return out;
}

/// Each key's results as the simulator's, reporting the first difference of each key only.
void expect_same_per_key(const ByKey& actual, const ByKey& expected, const std::string& topic) {
  for (const auto& [key, want] : expected) {
    const auto it = actual.find(key);
    const std::vector<std::string> none;
    const auto& got = it == actual.end() ? none : it->second;
    if (got == want) continue;
    std::size_t i = 0;
    while (i < got.size() && i < want.size() && got[i] == want[i]) ++i;
    ADD_FAILURE() << "topic " << topic << ", key '" << key << "': " << got.size() << " results, expected "
                  << want.size() << "; result " << i << " is\n  "
                  << (i < got.size() ? got[i] : std::string("(none)")) << "\nexpected\n  "
                  << (i < want.size() ? want[i] : std::string("(none)"));
  }
  for (const auto& [key, got] : actual) {
    if (!expected.contains(key)) {
      ADD_FAILURE() << "topic " << topic << ": key '" << key << "' has " << got.size()
                    << " results, the simulator none; the first is\n  " << got.front();
    }
  }
}

/// Values sorted (the late topic: a late record's Kafka key is the repartitioned key here, the
/// input record's on one instance; its value names the input record in both).
std::vector<std::string> values(const Output& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r.second);
  std::sort(out.begin(), out.end());
  return out;
}

/// Creates the inputs with their scenario's partitions plus `empty_partitions` each, the output
/// topics with one partition, and the repartition topics with the widest input's count (the
/// classroom broker cannot create them itself; on the real broker the run would).
void create_scale_out_topics(test::TestCluster& cluster, const Topology& topology,
                             const std::map<std::string, std::int32_t>& partitions,
                             std::int32_t empty_partitions) {
  std::int32_t widest = 1;
  for (const auto& [topic, n] : partitions) {
    cluster.create_topic(topic, n + empty_partitions);
    widest = std::max(widest, n + empty_partitions);
  }
  for (const auto& t : test::written_topics(topology)) cluster.create_topic(t, 1);
  for (const auto& t : topology.internal_topics()) cluster.create_topic(t, widest);
}

/// Runs `build` over `events` on the simulator and as `instances` scale-out instances, and checks
/// each key's results, the late records and the dead letters are the simulator's, once each.
void expect_scaled_out_equals_simulator(const StreamsConfig& config,
                                        const std::function<void(StreamsBuilder&)>& build,
                                        const std::vector<labtest::Event>& events,
                                        const std::map<std::string, std::int32_t>& partitions, int instances,
                                        std::int32_t empty_partitions = 2, bool exactly_once = false) {
  const auto simulated = labtest::run_topology(config, build, events, partitions);
  Topology topology = build_topology(config, build);
  ASSERT_FALSE(topology.internal_topics().empty()) << "the topology has no repartition: nothing to scale out";
  test::TestCluster cluster(1);
  create_scale_out_topics(cluster, topology, partitions, empty_partitions);
  test::produce_in_arrival_order(cluster.bootstrap_servers(), events, 0, events.size());

  const auto reports =
      test::run_scale_out_instances(config, build, cluster.bootstrap_servers(), instances, exactly_once);
  std::int64_t read = 0;
  int downstream = 0;  // instances that ran a share of the stages behind the repartition
  for (const auto& report : reports) {
    EXPECT_EQ(report.sink.failed, 0);
    EXPECT_TRUE(report.accounting.invariant_holds());
    EXPECT_EQ(report.accounting.unaccounted, 0);
    read += report.accounting.records_in;
    downstream += report.released_positions > 0 ? 1 : 0;
  }
  EXPECT_GE(read, static_cast<std::int64_t>(events.size())) << "some input record was never read";
  EXPECT_GE(downstream, std::min(instances, 2)) << "the work was not shared: the test would prove little";

  auto actual = test::kafka_outputs(cluster.bootstrap_servers(), test::written_topics(topology));
  std::size_t compared = 0;
  for (const auto& topic : topology.output_topics()) {
    const auto expected = test::simulator_output(simulated, topic);
    expect_same_per_key(by_key(actual[topic]), by_key(expected), topic);
    compared += expected.size();
  }
  for (const auto& topic : {config.late_topic(), config.dead_letter_topic()}) {
    EXPECT_EQ(values(actual[topic]), values(test::simulator_output(simulated, topic))) << "topic " << topic;
  }
  EXPECT_GT(compared, 0U) << "the scenario produced no output at all: the test would prove nothing";
}

TEST(KafkaScaleOut, Lab01WordCountOnTwoInstancesEqualsTheSimulatorUnderJitter) {
  // flatMap sends several records per line through the repartition topic; the running counts
  // (an unwindowed table) come out per word in the simulator's order.
  const lab01::WordCountConfig c;
  std::int32_t partitions = 0;
  const auto events = arrivals(c.lines, "alice-lines.jsonl", std::nullopt, "jitter", partitions);
  expect_scaled_out_equals_simulator(
      lab01::streams_config(c), [c](StreamsBuilder& b) { lab01::build_word_count(b, c); }, events,
      {{c.lines, partitions}}, 2);
}

void expect_lab02_scaled_out(int instances, const std::string& scenario) {
  const lab02::SalesConfig c;
  std::int32_t partitions = 0;
  const auto events = arrivals(c.sales, "sales.jsonl", std::nullopt, scenario, partitions);
  const auto build = [c](StreamsBuilder& b) { lab02::build_windowed_sales(b, c); };
  if (scenario == "late-arrivals") {
    const auto simulated =
        labtest::run_topology(lab02::streams_config(c), build, events, {{c.sales, partitions}});
    ASSERT_GT(simulated.accounting.late_accepted, 0)
        << "no LATE pane on the simulator: the test would prove nothing";
  }
  expect_scaled_out_equals_simulator(lab02::streams_config(c), build, events, {{c.sales, partitions}},
                                     instances);
}

TEST(KafkaScaleOut, Lab02OnOneInstanceEqualsTheSimulatorUnderLateArrivals) {
  expect_lab02_scaled_out(1, "late-arrivals");
}

TEST(KafkaScaleOut, Lab02OnTwoInstancesEqualsTheSimulatorUnderLateArrivals) {
  // Two repartition topics (by category, by store); LATE panes and the late output depend on the
  // watermark at each record, which every instance must move at the same place.
  expect_lab02_scaled_out(2, "late-arrivals");
}

TEST(KafkaScaleOut, Lab02OnThreeInstancesEqualsTheSimulatorUnderJitter) {
  expect_lab02_scaled_out(3, "jitter");
}

TEST(KafkaScaleOut, Lab03SessionsOnTwoInstancesEqualTheSimulatorUnderJitter) {
  const lab03::SessionConfig c;
  std::int32_t partitions = 0;
  const auto events = arrivals(c.clicks, "clicks.jsonl", "user", "jitter", partitions);
  expect_scaled_out_equals_simulator(
      lab03::streams_config(c), [c](StreamsBuilder& b) { lab03::build_sessions(b, c); }, events,
      {{c.clicks, partitions}}, 2);
}

TEST(KafkaScaleOut, Lab04JoinOnTwoInstancesEqualsTheSimulatorWithTwoInterleavedTopics) {
  // The join runs where the order's partition is read, with the profiles of the same partition
  // (co-partitioned); the revenue per region behind it is repartitioned.
  lab04::JoinConfig c;
  std::int32_t orders_partitions = 0;
  std::int32_t profiles_partitions = 0;
  const auto profiles = arrivals(c.profiles, "profiles.jsonl", "user", "jitter", profiles_partitions);
  const auto orders = arrivals(c.orders, "orders.jsonl", "user", "jitter", orders_partitions);
  std::vector<labtest::Event> merged;
  std::merge(profiles.begin(), profiles.end(), orders.begin(), orders.end(), std::back_inserter(merged),
             [](const labtest::Event& x, const labtest::Event& y) { return x.arrival < y.arrival; });
  expect_scaled_out_equals_simulator(
      lab04::streams_config(c), [c](StreamsBuilder& b) { lab04::build_enrichment(b, c); }, merged,
      {{c.orders, orders_partitions}, {c.profiles, profiles_partitions}}, 2);
}

TEST(KafkaScaleOut, Lab05AnomaliesOnTwoInstancesEqualTheSimulatorUnderJitter) {
  // A keyed process function with event-time timers behind selectKey.
  const lab05::AnomalyConfig c;
  std::int32_t partitions = 0;
  const auto events = arrivals(c.metrics, "metrics.jsonl", "host", "jitter", partitions);
  expect_scaled_out_equals_simulator(
      lab05::streams_config(c), [c](StreamsBuilder& b) { lab05::build_anomaly_detection(b, c); }, events,
      {{c.metrics, partitions}}, 2);
}

TEST(KafkaScaleOut, WithoutScaleOutAnInstanceSharingItsGroupIsToldItsResultsArePartial) {
  // Two instances without --scale-out each aggregate only the partitions they read: the report
  // must say so (the command prints a warning and exits 1), not pass for a complete run.
  const lab02::SalesConfig c;
  const auto config = lab02::streams_config(c);
  const auto build = [c](StreamsBuilder& b) { lab02::build_windowed_sales(b, c); };
  std::int32_t partitions = 0;
  const auto events = arrivals(c.sales, "sales.jsonl", std::nullopt, "late-arrivals", partitions);
  Topology topology = build_topology(config, build);
  test::TestCluster cluster(1);
  create_scale_out_topics(cluster, topology, {{c.sales, partitions}}, 2);
  test::produce_in_arrival_order(cluster.bootstrap_servers(), events, 0, events.size());

  ShutdownSignal stop_first;
  KafkaRunReport first_report;
  std::thread first([&] {
    Topology mine = build_topology(config, build);
    auto options = test::bounded_run(cluster.bootstrap_servers(), config.application_id);
    options.stop_at_end = false;  // stays in the group until told to stop
    options.shutdown = &stop_first;
    first_report = run_on_kafka(mine, options);
  });
  std::this_thread::sleep_for(std::chrono::seconds{2});
  const auto second =
      run_on_kafka(topology, test::bounded_run(cluster.bootstrap_servers(), config.application_id));
  stop_first.request();
  first.join();
  EXPECT_FALSE(second.shared_group.empty()) << "the second instance did not notice it shared its group";
}

/// Two `streamlab run 02 --kafka --scale-out --follow` processes share the first half of the
/// input; once results appear one is killed with SIGKILL (no flush, no commit, no leaving the
/// group). The other takes its partitions over at the next rebalance, rebuilding their state
/// from the repartition topics. The second half arrives, the survivor is stopped with SIGTERM,
/// and a bounded instance runs to the end. At-least-once: every result of the simulator is in
/// the output, anything else an exact repeat of one. Exactly-once: the killed instance's open
/// transaction is aborted, and a read_committed reader sees each key's results as the
/// simulator's, once each.
void expect_kill_loses_nothing(bool exactly_once) {
  const std::filesystem::path tool = std::filesystem::path(STREAMLAB_BINARY_DIR) / "bin" / "streamlab";
  if (!std::filesystem::exists(tool) ||
      !std::filesystem::exists(tool.parent_path() / "streamlab-lab-solution")) {
    GTEST_SKIP() << "the streamlab tool or the solution lab runner was not built";
  }
  const lab02::SalesConfig c;
  const auto config = lab02::streams_config(c);
  const auto build = [c](StreamsBuilder& b) { lab02::build_windowed_sales(b, c); };
  std::int32_t partitions = 0;
  const auto events = arrivals(c.sales, "sales.jsonl", std::nullopt, "late-arrivals", partitions);
  const auto simulated = labtest::run_topology(config, build, events, {{c.sales, partitions}});
  Topology topology = build_topology(config, build);
  test::TestCluster cluster(1);
  const std::string bootstrap = cluster.bootstrap_servers();
  create_scale_out_topics(cluster, topology, {{c.sales, partitions}}, 2);
  const std::size_t half = events.size() / 2;
  test::produce_in_arrival_order(bootstrap, events, 0, half);

  const std::vector<std::string> argv = {tool.string(),
                                         "run",
                                         "02",
                                         "--impl",
                                         "solution",
                                         "--kafka",
                                         bootstrap,
                                         "--scale-out",
                                         "--guarantee",
                                         exactly_once ? "exactly-once" : "at-least-once",
                                         "--follow",
                                         "--idle-timeout",
                                         "600s",
                                         "-X",
                                         "session.timeout.ms=3000",
                                         "-X",
                                         "heartbeat.interval.ms=500"};
  test::Child victim(argv);
  test::Child survivor(argv);
  const KafkaAdmin admin(ClientConfig{bootstrap, {}, std::chrono::seconds{5}});
  const TopicPartition results{topology.output_topics().front(), 0};
  bool wrote = false;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{60};
  while (!wrote && victim.running() && survivor.running() && std::chrono::steady_clock::now() < until) {
    wrote = admin.offsets(results, std::chrono::seconds{5}).high > 0;
    victim.read_until([](const std::string&) { return false; }, std::chrono::milliseconds{20});
    survivor.read_until([](const std::string&) { return false; }, std::chrono::milliseconds{20});
  }
  ASSERT_TRUE(victim.running() && survivor.running()) << "an instance exited by itself:\n"
                                                      << victim.output << "\n---\n"
                                                      << survivor.output;
  victim.stop_with(SIGKILL);
  ASSERT_TRUE(wrote) << "no result reached " << results.topic << " within 60 s";

  test::produce_in_arrival_order(bootstrap, events, half, events.size());
  // Long enough for the group to notice the dead member (3 s session) and hand its partitions over.
  survivor.read_until([](const std::string&) { return false; }, std::chrono::seconds{6});
  ASSERT_TRUE(survivor.running()) << survivor.output;
  survivor.stop_with(SIGTERM);

  auto options = test::bounded_run(bootstrap, config.application_id);
  options.scale_out = true;
  options.exactly_once = exactly_once;
  const auto report = run_on_kafka(topology, options);
  EXPECT_EQ(report.sink.failed, 0);
  EXPECT_TRUE(report.accounting.invariant_holds());

  auto actual = test::kafka_outputs(bootstrap, test::written_topics(topology));
  // A read_committed reader stops at the first record of a transaction still open: the killed
  // instance's, until the broker aborts it (transaction.timeout.ms, 10 s, plus the broker's
  // check every 10 s). Everything written after it appears then.
  const auto complete = [&] {
    for (const auto& topic : topology.output_topics()) {
      if (actual[topic].size() < test::simulator_output(simulated, topic).size()) return false;
    }
    return true;
  };
  const auto aborted_by = std::chrono::steady_clock::now() + std::chrono::seconds{40};
  while (exactly_once && !complete() && std::chrono::steady_clock::now() < aborted_by) {
    std::this_thread::sleep_for(std::chrono::seconds{1});
    actual = test::kafka_outputs(bootstrap, test::written_topics(topology));
  }
  std::size_t compared = 0;
  for (const auto& topic : topology.output_topics()) {
    const auto expected = test::simulator_output(simulated, topic);
    if (exactly_once) {
      expect_same_per_key(by_key(actual[topic]), by_key(expected), topic);
    } else {
      EXPECT_EQ(test::distinct(actual[topic]), test::distinct(expected)) << "topic " << topic;
    }
    compared += expected.size();
  }
  EXPECT_GT(compared, 0U) << "the scenario produced no output at all: the test would prove nothing";
}

TEST(KafkaScaleOut, InstanceKilledWithSigkillMidRunLosesNothingAndOnlyRepeatsIdenticalResults) {
  expect_kill_loses_nothing(false);
}

TEST(KafkaScaleOut, ExactlyOnceInstanceKilledWithSigkillMidRunRepeatsNothingForReadCommittedReaders) {
  if (test::real_kafka_bootstrap().empty()) {
    GTEST_SKIP() << "the classroom broker writes no transaction markers: aborted records stay visible";
  }
  expect_kill_loses_nothing(true);
}

TEST(KafkaScaleOut, ExactlyOnceOnTwoInstancesEqualsTheSimulatorUnderLateArrivals) {
  // Every checkpoint is a transaction: the outputs, read committed, are the simulator's once each.
  if (test::real_kafka_bootstrap().empty()) {
    GTEST_SKIP() << "the classroom broker writes no transaction markers: aborted records stay visible";
  }
  const lab02::SalesConfig c;
  std::int32_t partitions = 0;
  const auto events = arrivals(c.sales, "sales.jsonl", std::nullopt, "late-arrivals", partitions);
  expect_scaled_out_equals_simulator(
      lab02::streams_config(c), [c](StreamsBuilder& b) { lab02::build_windowed_sales(b, c); }, events,
      {{c.sales, partitions}}, 2, 2, true);
}

TEST(KafkaScaleOut, ExactlyOnceNeedsScaleOut) {
  const lab02::SalesConfig c;
  Topology topology =
      build_topology(lab02::streams_config(c), [c](StreamsBuilder& b) { lab02::build_windowed_sales(b, c); });
  KafkaRunOptions options;
  options.client.bootstrap_servers = "127.0.0.1:1";
  options.exactly_once = true;
  EXPECT_THROW(run_on_kafka(topology, options), ConfigurationError);
}

}  // namespace
}  // namespace streamlab::kafka
