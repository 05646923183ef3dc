// `streamlab replay ... --to kafka://` then `streamlab run 02 --kafka`, as processes against an
// in-process mock cluster: the instructor's two commands. The Kafka run prints the same window
// results and the same accounting as `streamlab run 02 --scenario jitter` on the simulator (the
// jitter scenario makes no event late for lab 02, so the final panes cannot depend on how the
// two partitions interleave), and the output topic holds what it printed.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "kafka_test_support.hpp"
#include "sales.hpp"
#include "streamlab/kafka/kafka_source.hpp"
#include "streamlab/kafka/mock_cluster.hpp"
#include "streamlab/streamlab.hpp"

namespace streamlab::kafka {
namespace {

const std::filesystem::path kTool = std::filesystem::path(STREAMLAB_BINARY_DIR) / "bin" / "streamlab";
const std::filesystem::path kSource = STREAMLAB_SOURCE_DIR;

struct Finished {
  int status{-1};
  std::string output;  // stdout and stderr together
};

Finished run_tool(const std::string& arguments) {
  const std::string command = "cd " + kSource.string() + " && timeout 120 " + kTool.string() + " " +
                              arguments + " 2>&1";
  Finished out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) out.output += buffer.data();
  const int raw = ::pclose(pipe);
  out.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return out;
}

/// The printed rows of one output table (`== TOPIC (N results) ==` up to the next blank line),
/// as a sorted list: the order windows fire in may differ, the panes may not.
std::vector<std::string> table_rows(const std::string& output, const std::string& topic) {
  std::istringstream in(output);
  std::vector<std::string> rows;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("== ", 0) == 0) {
      inside = line.rfind("== " + topic + " (", 0) == 0;
      if (inside) rows.push_back(line);  // the header carries the result count
      continue;
    }
    if (line.empty()) inside = false;
    if (inside) rows.push_back(line);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::string line_starting(const std::string& output, const std::string& prefix) {
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return {};
}

TEST(RunLabCommand, KafkaModePrintsTheSimulatorsWindowResultsAndAccounting) {
  if (!std::filesystem::exists(kTool) ||
      !std::filesystem::exists(kTool.parent_path() / "streamlab-lab-solution")) {
    GTEST_SKIP() << "the streamlab tool or the solution lab runner was not built";
  }
  const lab02::SalesConfig c;
  StreamsBuilder builder{lab02::streams_config(c)};
  lab02::build_windowed_sales(builder, c);
  const Topology topology = builder.build();
  const std::string app = topology.config().application_id;

  MockCluster cluster(1);
  cluster.create_topic(c.sales, 2);  // the jitter scenario's partition count
  for (const auto& t : topology.output_topics()) cluster.create_topic(t, 1);
  for (const auto& t : topology.internal_topics()) cluster.create_topic(t, 1);
  cluster.create_topic(app + "-late", 1);
  cluster.create_topic(app + "-dead-letters", 1);
  const std::string bootstrap = cluster.bootstrap_servers();

  const auto replay = run_tool("replay datasets/sales.jsonl --to kafka://" + bootstrap + "/" + c.sales +
                               " --scenario jitter --speed max --plain");
  ASSERT_EQ(replay.status, 0) << replay.output;

  const auto kafka = run_tool("run 02 --impl solution --kafka " + bootstrap +
                              " --limit 100000 -X session.timeout.ms=3000 -X heartbeat.interval.ms=500");
  ASSERT_EQ(kafka.status, 0) << kafka.output;
  const auto simulated = run_tool("run 02 --impl solution --scenario jitter --limit 100000");
  ASSERT_EQ(simulated.status, 0) << simulated.output;

  const auto accounting = line_starting(simulated.output, "# accounting:");
  ASSERT_NE(accounting.find("in 2000,"), std::string::npos) << simulated.output;
  EXPECT_EQ(line_starting(kafka.output, "# accounting:"), accounting) << kafka.output;
  for (const auto& topic : topology.output_topics()) {
    const auto expected = table_rows(simulated.output, topic);
    ASSERT_GT(expected.size(), 10U) << topic << " printed no results:\n" << simulated.output;
    EXPECT_EQ(table_rows(kafka.output, topic), expected) << topic;
  }

  // What it printed is what the output topic holds.
  const std::string topic = topology.output_topics().front();
  auto options = test::source_options(bootstrap, topic, "run-lab-check");
  options.stop_at_end = true;
  KafkaSource source(options);
  const auto drained = test::drain(source, 1'000'000, std::chrono::seconds{20});
  EXPECT_TRUE(drained.ended);
  EXPECT_EQ(drained.records.size() + 2, table_rows(kafka.output, topic).size())
      << "one printed row per record, plus the title and the column names";
}

}  // namespace
}  // namespace streamlab::kafka
