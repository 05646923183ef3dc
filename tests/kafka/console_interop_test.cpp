// Interoperability with Apache Kafka's own command-line clients (from the jars the real broker
// runs on): a topic written by kafka-console-producer gives the simulator's results, and what
// StreamLab writes is read back by kafka-console-consumer record for record.
//
// Runs against the real broker only (STREAMLAB_TEST_KAFKA, label kafka-real): the tools need the
// broker's class path, which `kafka/broker/kafka.sh up` installs.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "../labs/support/harness.hpp"
#include "kafka_test_support.hpp"
#include "lab_kafka_support.hpp"
#include "sales.hpp"
#include "streamlab/kafka/kafka_run.hpp"
#include "streamlab/streamlab.hpp"
#include "test_cluster.hpp"

namespace streamlab::kafka {
namespace {

std::string kafka_tool() { return std::string(STREAMLAB_SOURCE_DIR) + "/kafka/broker/kafka.sh"; }

/// The lines of `file` in order.
std::vector<std::string> lines_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

TEST(KafkaConsoleInterop, ConsoleProducedSalesGiveTheSimulatorsResultsAndConsoleConsumerReadsThem) {
  if (test::real_kafka_bootstrap().empty()) {
    GTEST_SKIP() << "needs Kafka's own console tools, which run on the real broker's class path";
  }
  const lab02::SalesConfig c;
  const auto config = lab02::streams_config(c);
  const auto build = [c](StreamsBuilder& b) { lab02::build_windowed_sales(b, c); };
  Topology topology = build_topology(config, build);
  test::TestCluster cluster(1);
  const std::string bootstrap = cluster.bootstrap_servers();
  cluster.create_topic(c.sales, 1);
  for (const auto& t : test::written_topics(topology)) cluster.create_topic(t, 1);
  for (const auto& t : topology.internal_topics()) cluster.create_topic(t, 1);

  // Values only, no key, the producer's clock as message timestamp: event time is the "time" field.
  const std::filesystem::path dataset =
      std::filesystem::path(STREAMLAB_SOURCE_DIR) / "datasets" / "sales.jsonl";
  const auto produced = test::run_shell(kafka_tool() + " console-producer --bootstrap-server " + bootstrap +
                                        " --topic " + c.sales + " < " + dataset.string() + " 2>&1");
  ASSERT_EQ(produced.status, 0) << produced.output;

  const auto report = run_on_kafka(topology, test::bounded_run(bootstrap, config.application_id));
  EXPECT_EQ(report.sink.failed, 0);

  // The simulator over the file's lines in order, on one partition, as the producer wrote them.
  const auto lines = lines_of(dataset);
  std::vector<labtest::Event> events;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Timestamp at{Duration{static_cast<std::int64_t>(i)}};
    events.push_back(labtest::Event{c.sales, std::nullopt, lines[i], at, at, 0});
  }
  const auto simulated = labtest::run_topology(config, build, events, {{c.sales, 1}});
  EXPECT_EQ(report.accounting.records_in, static_cast<std::int64_t>(lines.size()));
  EXPECT_EQ(report.accounting.late_accepted, simulated.accounting.late_accepted);
  EXPECT_EQ(report.accounting.dead_letters, simulated.accounting.dead_letters);

  auto actual = test::kafka_outputs(bootstrap, topology.output_topics());
  for (const auto& topic : topology.output_topics()) {
    const auto expected = test::simulator_output(simulated, topic);
    EXPECT_EQ(actual[topic], expected) << "topic " << topic;
    ASSERT_FALSE(expected.empty());

    // kafka-console-consumer prints each value on a line, with its key when asked.
    const auto consumed = test::run_shell(
        kafka_tool() + " console-consumer --bootstrap-server " + bootstrap + " --topic " + topic +
        " --from-beginning --timeout-ms 15000 --property print.key=true --property key.separator='|' "
        "--max-messages " +
        std::to_string(expected.size()) + " 2>/dev/null");
    std::vector<std::string> got;
    std::istringstream out(consumed.output);
    for (std::string line; std::getline(out, line);) {
      // The tool's own summary ("Processed a total of N messages") is not a record.
      if (!line.empty() && !line.starts_with("Processed a total of ")) got.push_back(line);
    }
    std::vector<std::string> want;
    for (const auto& [key, value] : expected) want.push_back(key + "|" + value);
    EXPECT_EQ(got.size(), want.size()) << "kafka-console-consumer on " << topic;
    for (std::size_t i = 0; i < got.size() && i < want.size(); ++i) {
      if (got[i] == want[i]) continue;
      ADD_FAILURE() << "kafka-console-consumer on " << topic << ", record " << i << ":\n  " << got[i]
                    << "\nexpected\n  " << want[i];
      break;
    }
  }
}

}  // namespace
}  // namespace streamlab::kafka
