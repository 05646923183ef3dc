// `streamlab replay ... --to kafka://` then `streamlab run 02 --kafka`, as processes against an
// in-process mock cluster: the instructor's two commands. The Kafka run prints the same window
// results and the same accounting as `streamlab run 02 --scenario jitter` on the simulator (the
// jitter scenario makes no event late for lab 02, so the final panes cannot depend on how the
// two partitions interleave), and the output topic holds what it printed.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "kafka_test_support.hpp"
#include "sales.hpp"
#include "streamlab/kafka/kafka_sink.hpp"
#include "streamlab/kafka/kafka_source.hpp"
#include "test_cluster.hpp"
#include "streamlab/streamlab.hpp"

namespace streamlab::kafka {
namespace {

const std::filesystem::path kTool = std::filesystem::path(STREAMLAB_BINARY_DIR) / "bin" / "streamlab";
const std::filesystem::path kSource = STREAMLAB_SOURCE_DIR;

test::Finished run_tool(const std::string& arguments) {
  return test::run_shell("cd " + kSource.string() + " && timeout 120 " + kTool.string() + " " + arguments);
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

/// Whether the `streamlab` tool and the solution lab runner it starts were built.
bool tools_built() {
  return std::filesystem::exists(kTool) &&
         std::filesystem::exists(kTool.parent_path() / "streamlab-lab-solution");
}

/// Lab 02's reference topology and a mock cluster holding every topic it reads and writes.
struct Lab02OnACluster {
  explicit Lab02OnACluster(std::int32_t input_partitions) {
    cluster.create_topic(config.sales, input_partitions);
    for (const auto& t : topology.output_topics()) cluster.create_topic(t, 1);
    for (const auto& t : topology.internal_topics()) cluster.create_topic(t, 1);
    cluster.create_topic(topology.config().application_id + "-late", 1);
    cluster.create_topic(topology.config().application_id + "-dead-letters", 1);
  }
  lab02::SalesConfig config;
  StreamsBuilder builder{lab02::streams_config(config)};
  Topology topology = build(builder, config);
  test::TestCluster cluster{1};

  static Topology build(StreamsBuilder& builder, const lab02::SalesConfig& config) {
    lab02::build_windowed_sales(builder, config);
    return builder.build();
  }
};

TEST(RunLabCommand, KafkaModePrintsTheSimulatorsWindowResultsAndAccounting) {
  if (!tools_built()) GTEST_SKIP() << "the streamlab tool or the solution lab runner was not built";
  Lab02OnACluster lab(2);  // the jitter scenario's partition count
  const auto& c = lab.config;
  const auto& topology = lab.topology;
  const std::string bootstrap = lab.cluster.bootstrap_servers();

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

/// The live result lines (`[topic] window key pane count value`) with their spacing normalised.
std::vector<std::string> live_lines(const std::string& output) {
  std::istringstream in(output);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.front() != '[') continue;
    std::istringstream words(line);
    std::string joined;
    for (std::string w; words >> w;) joined += (joined.empty() ? "" : " ") + w;
    out.push_back(joined);
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Four sales of lab 02 written to `partition` of its input topic, and the rows `run 02 --follow`
/// must print for them while the input stays open.
///
/// Worked by hand: the last sale (08:12) takes the watermark to 08:11:30 (30 s delay), which
/// closes the 5-minute category windows [08:00,08:05) and [08:05,08:10) and the 10-minute store
/// windows (advance 5 minutes) ending at 08:05 and 08:10. The windows holding 08:12 stay open:
/// the input has not ended, so nothing fires them.
std::vector<std::string> write_four_sales(Lab02OnACluster& lab, std::int32_t partition) {
  KafkaSinkOptions options;
  options.client.bootstrap_servers = lab.cluster.bootstrap_servers();
  KafkaSink sink(options);
  const char* lines[] = {
      R"({"order_id":"o-1","store":"s1","category":"books","amount":10,"time":"2025-06-22T08:00:10Z"})",
      R"({"order_id":"o-2","store":"s1","category":"books","amount":5,"time":"2025-06-22T08:01:00Z"})",
      R"({"order_id":"o-3","store":"s2","category":"toys","amount":3,"time":"2025-06-22T08:06:00Z"})",
      R"({"order_id":"o-4","store":"s1","category":"books","amount":1,"time":"2025-06-22T08:12:00Z"})"};
  std::int64_t ts = 1;
  for (const char* line : lines) {
    sink.write_to_partition(lab.config.sales, partition, Record{std::nullopt, line, from_millis(ts++), {}});
  }
  sink.flush();
  std::vector<std::string> rows = {
      "[revenue-per-category] 2025-06-22T08:00:00Z .. 08:05:00Z books ON_TIME 2 orders=2 revenue=15.00",
      "[revenue-per-category] 2025-06-22T08:05:00Z .. 08:10:00Z toys ON_TIME 1 orders=1 revenue=3.00",
      "[revenue-per-store] 2025-06-22T07:55:00Z .. 08:05:00Z s1 ON_TIME 2 orders=2 revenue=15.00",
      "[revenue-per-store] 2025-06-22T08:00:00Z .. 08:10:00Z s1 ON_TIME 2 orders=2 revenue=15.00",
      "[revenue-per-store] 2025-06-22T08:00:00Z .. 08:10:00Z s2 ON_TIME 1 orders=1 revenue=3.00"};
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(RunLabCommand, FollowPrintsEachWindowAsItClosesAndStopsGracefullyOnCtrlC) {
  if (!tools_built()) GTEST_SKIP() << "the streamlab tool or the solution lab runner was not built";
  Lab02OnACluster lab(1);
  const auto expected = write_four_sales(lab, 0);
  test::Child run({kTool.string(), "run", "02", "--impl", "solution", "--kafka",
                   lab.cluster.bootstrap_servers(), "--follow", "-X", "session.timeout.ms=3000", "-X",
                   "heartbeat.interval.ms=500"});
  run.read_until([&](const std::string& out) { return live_lines(out).size() >= expected.size(); },
                 std::chrono::seconds{40});
  // A little longer: nothing more may come while the input is quiet.
  run.read_until([](const std::string&) { return false; }, std::chrono::seconds{2});
  EXPECT_EQ(live_lines(run.output), expected) << run.output;
  const int status = run.stop_with(SIGINT);
  EXPECT_EQ(status, 0) << run.output;
  EXPECT_NE(run.output.find("interrupted"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("# accounting: in 4, contributed 4,"), std::string::npos) << run.output;
}

TEST(RunLabCommand, FollowOnATopicWithAnEmptyPartitionClosesWindowsOnceThePartitionIsIdle) {
  // Partitions 1 and 2 never get a record: without idleness they would hold event time at
  // -infinity and nothing would ever be printed.
  if (!tools_built()) GTEST_SKIP() << "the streamlab tool or the solution lab runner was not built";
  Lab02OnACluster lab(3);
  const auto expected = write_four_sales(lab, 0);
  test::Child run({kTool.string(), "run", "02", "--impl", "solution", "--kafka",
                   lab.cluster.bootstrap_servers(), "--follow", "--idle-timeout", "1s", "-X",
                   "session.timeout.ms=3000", "-X", "heartbeat.interval.ms=500"});
  run.read_until([&](const std::string& out) { return live_lines(out).size() >= expected.size(); },
                 std::chrono::seconds{40});
  run.read_until([](const std::string&) { return false; }, std::chrono::seconds{2});
  EXPECT_EQ(live_lines(run.output), expected) << run.output;
  EXPECT_EQ(run.stop_with(SIGINT), 0) << run.output;
}

TEST(RunLabCommand, RunningTheLabAgainAtOnceWorksAndResumesFromTheCommittedOffsets) {
  if (!tools_built()) GTEST_SKIP() << "the streamlab tool or the solution lab runner was not built";
  Lab02OnACluster lab(1);
  write_four_sales(lab, 0);
  // No -X session settings: the defaults are what a student's rerun meets.
  const std::string run = "run 02 --impl solution --kafka " + lab.cluster.bootstrap_servers();
  const auto first = run_tool(run);
  ASSERT_EQ(first.status, 0) << first.output;
  EXPECT_NE(line_starting(first.output, "# accounting:").find("in 4,"), std::string::npos) << first.output;

  const auto second = run_tool(run);
  ASSERT_EQ(second.status, 0) << second.output;
  // The first run left the group on exit: a real broker admits the rerun at once. librdkafka
  // 2.0's mock cluster waits out the departed member's session (10 s) first.
  const auto bound = lab.cluster.real() ? std::chrono::seconds{8} : std::chrono::seconds{25};
  EXPECT_LT(second.took, bound) << "the rerun waited for the first run's group membership";
  EXPECT_NE(line_starting(second.output, "# accounting:").find("in 0,"), std::string::npos)
      << "the rerun starts after what the first run committed:\n"
      << second.output;
}

TEST(RunLabCommand, IdleTimeoutMustBeAPositiveDurationAndNeedsKafka) {
  if (!tools_built()) GTEST_SKIP() << "the streamlab tool or the solution lab runner was not built";
  const auto bad = run_tool("run 02 --impl solution --kafka 127.0.0.1:1 --idle-timeout soon");
  EXPECT_EQ(bad.status, 2) << bad.output;
  EXPECT_NE(bad.output.find("--idle-timeout: 'soon' is not a positive duration"), std::string::npos)
      << bad.output;
  const auto zero = run_tool("run 02 --impl solution --kafka 127.0.0.1:1 --idle-timeout 0s");
  EXPECT_EQ(zero.status, 2) << zero.output;
  const auto no_kafka = run_tool("run 02 --impl solution --idle-timeout 5s");
  EXPECT_EQ(no_kafka.status, 2) << no_kafka.output;
  EXPECT_NE(no_kafka.output.find("need --kafka"), std::string::npos) << no_kafka.output;
}

}  // namespace
}  // namespace streamlab::kafka
