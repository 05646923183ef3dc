// A Kafka-mode run on a three-node Apache Kafka cluster survives losing the leader of its input
// partition: the node is killed with SIGKILL mid-run, another node takes the partition over, more
// input is written meanwhile, and the node is started again. Results are compared with the
// simulator's over the same arrivals (at-least-once: every result present, repeats identical).
// The run scales out: its order is the progress entries' global order, which a fetch stalled by
// the failover cannot change (a single instance's partition synchronization would give up
// waiting after max_partition_wait and could then sum a window in another order).
//
// The test starts its own cluster with kafka/broker/kafka.sh on a private port, so it runs only
// where CTest asks for it (STREAMLAB_TEST_KAFKA_FAILOVER=1, label kafka-real).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "../labs/support/harness.hpp"
#include "kafka_test_support.hpp"
#include "lab_kafka_support.hpp"
#include "sales.hpp"
#include "streamlab/kafka/kafka_admin.hpp"
#include "streamlab/kafka/kafka_run.hpp"
#include "streamlab/streamlab.hpp"

namespace streamlab::kafka {
namespace {

/// The private three-node cluster: started by the constructor, stopped by the destructor.
class ThreeNodes {
 public:
  explicit ThreeNodes(int port) : port_(port) {
    const auto up = test::run_shell(script() + " up --brokers 3 --port " + std::to_string(port_) + " 2>&1");
    started_ = up.status == 0;
    output_ = up.output;
  }
  ThreeNodes(const ThreeNodes&) = delete;
  ThreeNodes& operator=(const ThreeNodes&) = delete;
  ~ThreeNodes() { test::run_shell(script() + " down --port " + std::to_string(port_) + " >/dev/null 2>&1"); }

  [[nodiscard]] bool started() const { return started_; }
  [[nodiscard]] const std::string& output() const { return output_; }
  [[nodiscard]] std::string bootstrap() const {
    return "127.0.0.1:" + std::to_string(port_) + ",127.0.0.1:" + std::to_string(port_ + 1) +
           ",127.0.0.1:" + std::to_string(port_ + 2);
  }
  /// Runs `kafka.sh kill N` or `start N`; returns its exit status.
  int node(const std::string& verb, int n) const {
    return test::run_shell(script() + " " + verb + " " + std::to_string(n) + " --port " +
                           std::to_string(port_) + " 2>&1")
        .status;
  }
  /// The node (1-based, as kafka.sh counts) leading `topic` partition 0, from kcat's metadata.
  [[nodiscard]] std::optional<int> leader(const std::string& topic) const {
    const auto md = test::run_shell("kcat -L -b " + bootstrap() + " -t " + topic + " 2>&1");
    const auto at = md.output.find("partition 0, leader ");
    if (at == std::string::npos) return std::nullopt;
    return std::atoi(md.output.c_str() + at + 20);
  }

 private:
  static std::string script() { return std::string(STREAMLAB_SOURCE_DIR) + "/kafka/broker/kafka.sh"; }
  int port_;
  bool started_{false};
  std::string output_;
};

TEST(KafkaFailover, RunSurvivesTheInputLeadersKillAndRestartOnThreeNodes) {
  if (std::getenv("STREAMLAB_TEST_KAFKA_FAILOVER") == nullptr) {
    GTEST_SKIP() << "starts its own three-node Apache Kafka: CTest runs it with label kafka-real";
  }
  if (!test::kcat_available()) GTEST_SKIP() << "kcat is not installed";
  ThreeNodes cluster(19400);
  ASSERT_TRUE(cluster.started()) << cluster.output();
  const std::string bootstrap = cluster.bootstrap();

  const lab02::SalesConfig c;
  const auto config = lab02::streams_config(c);
  const auto build = [c](StreamsBuilder& b) { lab02::build_windowed_sales(b, c); };
  std::int32_t partitions = 0;
  const auto events = test::arrivals(c.sales, "sales.jsonl", std::nullopt, "jitter", partitions);
  const auto simulated = labtest::run_topology(config, build, events, {{c.sales, partitions}});
  Topology topology = build_topology(config, build);
  {
    const KafkaAdmin admin(ClientConfig{bootstrap, {}, std::chrono::seconds{10}});
    for (const auto& t : topology.source_topics())
      admin.create_topic(t, partitions, 3, std::chrono::seconds{30});
    for (const auto& t : test::written_topics(topology))
      admin.create_topic(t, 1, 3, std::chrono::seconds{30});
    for (const auto& t : topology.internal_topics())
      admin.create_topic(t, partitions, 3, std::chrono::seconds{30});
  }
  const std::size_t half = events.size() / 2;
  test::produce_in_arrival_order(bootstrap, events, 0, half);

  // A live run (it stops only when told), with sessions short enough to ride out the failover.
  ShutdownSignal stop;
  KafkaRunReport live;
  std::string live_error;
  std::thread running([&] {
    try {
      Topology mine = build_topology(config, build);
      auto options = test::bounded_run(bootstrap, config.application_id);
      options.stop_at_end = false;
      options.scale_out = true;
      options.shutdown = &stop;
      live = run_on_kafka(mine, options);
    } catch (const std::exception& e) {
      live_error = e.what();
    }
  });
  const KafkaAdmin admin(ClientConfig{bootstrap, {}, std::chrono::seconds{10}});
  const TopicPartition results{topology.output_topics().front(), 0};
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{60};
  while (admin.offsets(results, std::chrono::seconds{10}).high == 0 &&
         std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  const auto leader = cluster.leader(c.sales);
  ASSERT_TRUE(leader.has_value());
  EXPECT_EQ(cluster.node("kill", *leader), 0);
  test::produce_in_arrival_order(bootstrap, events, half, events.size());  // through the new leader
  const auto moved = cluster.leader(c.sales);
  EXPECT_TRUE(moved.has_value() && *moved != *leader) << "no other node took the partition over";
  EXPECT_EQ(cluster.node("start", *leader), 0);
  std::this_thread::sleep_for(std::chrono::seconds{3});
  stop.request();
  running.join();
  ASSERT_EQ(live_error, "");
  EXPECT_EQ(live.sink.failed, 0);

  // Whatever the live run left open, a bounded run of the same group finishes.
  auto finish = test::bounded_run(bootstrap, config.application_id);
  finish.scale_out = true;
  const auto rest = run_on_kafka(topology, finish);
  EXPECT_EQ(rest.sink.failed, 0);
  auto actual = test::kafka_outputs(bootstrap, test::written_topics(topology));
  std::size_t compared = 0;
  for (const auto& topic : topology.output_topics()) {
    const auto expected = test::distinct(test::simulator_output(simulated, topic));
    EXPECT_EQ(test::distinct(actual[topic]), expected) << "topic " << topic;
    compared += expected.size();
  }
  EXPECT_GT(compared, 0U);
}

}  // namespace
}  // namespace streamlab::kafka
