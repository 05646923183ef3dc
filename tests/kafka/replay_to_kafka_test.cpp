// `streamlab replay DATASET --to kafka://HOST:PORT/TOPIC` as a process against an in-process mock
// cluster: every arrival of the scenario lands in the topic exactly once, in the scenario's
// partition, in the scenario's per-partition order, with the dataset line as its value byte for
// byte. Unreachable brokers and bad flags end the command with the documented statuses.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kafka_test_support.hpp"
#include "streamlab/kafka/kafka_source.hpp"
#include "test_cluster.hpp"
#include "streamlab/sim/apply_scenario.hpp"
#include "streamlab/sim/dataset.hpp"
#include "streamlab/sim/scenario.hpp"

namespace streamlab::kafka {
namespace {

const std::filesystem::path kTool = std::filesystem::path(STREAMLAB_BINARY_DIR) / "bin" / "streamlab";
const std::filesystem::path kJitter =
    std::filesystem::path(STREAMLAB_SOURCE_DIR) / "datasets" / "scenarios" / "jitter.json";

test::Finished run_tool(const std::string& arguments) {
  return test::run_shell("timeout 60 " + kTool.string() + " replay " + arguments);
}

// 30 sales-like events 700 ms apart (the jitter scenario's 0-5 s delays reorder them), each line unique; the
// lines are the values expected back.
std::vector<std::string> write_dataset(const std::filesystem::path& file) {
  std::vector<std::string> lines;
  std::ofstream out(file);
  for (int i = 0; i < 30; ++i) {
    char line[160];
    std::snprintf(
        line, sizeof line,
        R"({"order_id":"o-%03d","store":"store-%02d","amount":%d.%02d,"time":"2025-06-22T08:%02d:%02d.%03dZ"})",
        i, i % 3, 10 + i, i % 100, i * 700 / 60'000, i * 700 / 1000 % 60, i * 700 % 1000);
    lines.emplace_back(line);
    out << line << '\n';
  }
  return lines;
}

TEST(ReplayToKafka, EveryArrivalLandsOnceInItsScenarioPartitionInScenarioOrderWithTheDatasetLine) {
  if (!std::filesystem::exists(kTool)) GTEST_SKIP() << "the streamlab tool was not built";
  const auto dir = std::filesystem::path(::testing::TempDir()) / "replay_to_kafka";
  std::filesystem::create_directories(dir);
  const auto dataset_file = dir / "orders.jsonl";
  const std::vector<std::string> lines = write_dataset(dataset_file);

  // The scenario's arrival sequence is the specification of partitions and order.
  sim::DatasetOptions options;
  options.on_malformed = sim::OnMalformed::DeadLetter;
  const sim::Dataset dataset = sim::load_dataset(dataset_file, options);
  ASSERT_EQ(dataset.records.size(), lines.size());
  ASSERT_TRUE(dataset.dead_letters.empty());
  const sim::Scenario scenario = sim::load_scenario(kJitter);
  const sim::ArrivalSequence sequence = sim::apply_scenario(dataset.records, scenario, std::nullopt);
  std::map<std::int32_t, std::vector<std::string>> expected;  // partition -> values in order
  for (const auto& arrival : sequence.arrivals)
    expected[arrival.partition].push_back(lines.at(arrival.index));
  ASSERT_EQ(sequence.partitions, 2);
  ASSERT_EQ(expected.size(), 2U) << "the scenario must spread the arrivals over both partitions";
  // Jitter reorders: the test is only meaningful if some partition's order differs from the file.
  bool reordered = false;
  for (const auto& [partition, values] : expected) {
    for (std::size_t i = 1; i < values.size(); ++i) reordered |= values[i - 1] > values[i];
  }
  ASSERT_TRUE(reordered) << "choose a dataset the jitter scenario reorders";

  test::TestCluster cluster(1);
  cluster.create_topic("orders", sequence.partitions);
  const auto run = run_tool(dataset_file.string() + " --to kafka://" + cluster.bootstrap_servers() +
                            "/orders --scenario " + kJitter.string() + " --speed max --plain -X linger.ms=5");
  ASSERT_EQ(run.status, 0) << run.output;

  KafkaSource source(test::source_options(cluster.bootstrap_servers(), "orders", "replay-check"));
  const auto drained = test::drain(source, sequence.arrivals.size(), std::chrono::seconds{30});
  // Nothing beyond the arrivals: one more short read must find no further record.
  const auto extra = test::drain(source, 1, std::chrono::seconds{2});
  EXPECT_TRUE(extra.records.empty()) << "more records in the topic than arrivals";

  std::map<std::int32_t, std::vector<std::pair<std::int64_t, std::string>>> by_partition;
  for (const auto& consumed : drained.records) {
    EXPECT_EQ(consumed.source.topic, "orders");
    by_partition[consumed.source.partition].emplace_back(consumed.offset, consumed.record.value);
  }
  std::map<std::int32_t, std::vector<std::string>> actual;
  for (auto& [partition, records] : by_partition) {
    std::sort(records.begin(), records.end());
    for (auto& record : records) actual[partition].push_back(record.second);
  }
  EXPECT_EQ(actual, expected);
}

TEST(ReplayToKafka, SaysSoAndFailsWhenTheBrokerNoLongerHoldsEveryDeliveredRecord) {
  if (!std::filesystem::exists(kTool)) GTEST_SKIP() << "the streamlab tool was not built";
  test::TestCluster cluster(1);
  if (cluster.real())
    GTEST_SKIP() << "a real broker keeps every record (retention is off); the mock caps partitions";
  // 14,000 lines of 1 KiB in order: about 7 MiB per partition, beyond the mock's per-partition cap.
  const auto dir = std::filesystem::path(::testing::TempDir()) / "replay_to_kafka_cap";
  std::filesystem::create_directories(dir);
  const auto dataset_file = dir / "big.jsonl";
  {
    std::ofstream out(dataset_file);
    const std::string pad(1000, 'x');
    for (int i = 0; i < 14'000; ++i)
      out << R"({"k":"a","time":)" << 1'750'000'000'000 + i << R"(,"pad":")" << pad << "\"}\n";
  }
  const auto in_order =
      std::filesystem::path(STREAMLAB_SOURCE_DIR) / "datasets" / "scenarios" / "in-order.json";
  cluster.create_topic("big", sim::load_scenario(in_order).partitions);
  const auto run = run_tool(dataset_file.string() + " --to kafka://" + cluster.bootstrap_servers() +
                            "/big --scenario " + in_order.string() + " --speed max --plain");
  EXPECT_EQ(run.status, 1) << run.output;
  EXPECT_NE(run.output.find("14000 of 14000 arrivals delivered"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("WARNING: the broker holds only "), std::string::npos) << run.output;
}

TEST(ReplayToKafka, UnreachableBrokersExitNonZeroWithinBoundNamingThem) {
  if (!std::filesystem::exists(kTool)) GTEST_SKIP() << "the streamlab tool was not built";
  const auto dir = std::filesystem::path(::testing::TempDir()) / "replay_to_kafka_unreachable";
  std::filesystem::create_directories(dir);
  const auto dataset_file = dir / "orders.jsonl";
  (void)write_dataset(dataset_file);
  const auto run = run_tool(dataset_file.string() + " --to kafka://127.0.0.1:1/t --speed max --plain");
  EXPECT_NE(run.status, 0) << run.output;
  EXPECT_NE(run.status, 2) << "unreachable brokers are a failure, not a usage error: " << run.output;
  EXPECT_NE(run.output.find("127.0.0.1:1"), std::string::npos) << run.output;
  EXPECT_LT(run.took, std::chrono::seconds{20});
}

TEST(ReplayToKafka, BadUrlOrPropertyIsAUsageError) {
  if (!std::filesystem::exists(kTool)) GTEST_SKIP() << "the streamlab tool was not built";
  const auto dir = std::filesystem::path(::testing::TempDir()) / "replay_to_kafka_usage";
  std::filesystem::create_directories(dir);
  const auto dataset_file = dir / "orders.jsonl";
  (void)write_dataset(dataset_file);
  const auto no_topic = run_tool(dataset_file.string() + " --to kafka://127.0.0.1:1 --speed max --plain");
  EXPECT_EQ(no_topic.status, 2) << no_topic.output;
  EXPECT_NE(no_topic.output.find("kafka://HOST:PORT/TOPIC"), std::string::npos) << no_topic.output;
  const auto bad_property =
      run_tool(dataset_file.string() + " --to kafka://127.0.0.1:1/t -X nonsense --speed max --plain");
  EXPECT_EQ(bad_property.status, 2) << bad_property.output;
}

}  // namespace
}  // namespace streamlab::kafka
