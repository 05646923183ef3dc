// The scale-out matrix: every lab's reference topology, under every shipped disorder scenario, run
// as 1, 2 and 3 `--scale-out` instances of one consumer group, must write what the simulator
// writes for the same lab and the same arrivals.
//
// The simulator (the harness the graded lab tests use) is the independent reference: it runs the
// topology over the arrivals in one process, with no consumer group, no repartition topic and no
// progress entries. The instances are threads (test::run_scale_out_instances()), each with its
// own consumer, producer and topology, as separate processes would have; they start together, so
// the group rebalances while they run.
//
// What must hold, per output topic: the records written are the simulator's as a multiset (a
// record the simulator wrote once comes out exactly once; none is missing, none extra). The late
// output and the dead letters are compared by value (a late record's Kafka key is the
// repartitioned key in scale-out, the input record's on the simulator; the value names the input
// record either way). Every instance's accounting must balance.
//
// A cell whose instances do not end within the runner's deadline fails with every thread's stack.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "../labs/support/harness.hpp"
#include "anomalies.hpp"
#include "join.hpp"
#include "lab_kafka_support.hpp"
#include "outputs.hpp"
#include "sales.hpp"
#include "sessions.hpp"
#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/kafka/kafka_run.hpp"
#include "streamlab/streamlab.hpp"
#include "temporal.hpp"
#include "test_cluster.hpp"
#include "word_count.hpp"

namespace streamlab::kafka {
namespace {

/// One input of a lab: a shipped dataset produced into a topic, keyed by a field.
struct Input {
  std::string topic;
  std::string file;
  std::optional<std::string> key_field;
};

/// A lab as the matrix runs it: its inputs, its settings and its topology.
struct Lab {
  std::string name;
  std::vector<Input> inputs;
  StreamsConfig config;
  std::function<void(StreamsBuilder&)> build;
};

/// Every lab's reference topology with the settings `streamlab run NN --kafka` uses; lab 04 also
/// with part B (the temporal join), lab 06 in its two event-time output modes. Lab 06's
/// micro-batch and processing-time settings are not in the matrix: their panes follow the
/// machine's clock in Kafka mode and the arrival times on the simulator, so there is no common
/// reference to compare with.
std::vector<Lab> labs() {
  std::vector<Lab> out;
  {
    const lab01::WordCountConfig c;
    out.push_back({"Lab01WordCount",
                   {{c.lines, "alice-lines.jsonl", std::nullopt}},
                   lab01::streams_config(c),
                   [c](StreamsBuilder& b) { lab01::build_word_count(b, c); }});
  }
  {
    const lab02::SalesConfig c;
    out.push_back({"Lab02WindowedSales",
                   {{c.sales, "sales.jsonl", std::nullopt}},
                   lab02::streams_config(c),
                   [c](StreamsBuilder& b) { lab02::build_windowed_sales(b, c); }});
  }
  {
    const lab03::SessionConfig c;
    out.push_back({"Lab03Sessions",
                   {{c.clicks, "clicks.jsonl", "user"}},
                   lab03::streams_config(c),
                   [c](StreamsBuilder& b) { lab03::build_sessions(b, c); }});
  }
  {
    const lab04::JoinConfig c;
    out.push_back({"Lab04Join",
                   {{c.profiles, "profiles.jsonl", "user"}, {c.orders, "orders.jsonl", "user"}},
                   lab04::streams_config(c),
                   [c](StreamsBuilder& b) { lab04::build_enrichment(b, c); }});
  }
  {
    const lab04::TemporalConfig c;
    out.push_back({"Lab04TemporalJoin",
                   {{c.profiles, "profile-updates.jsonl", "user"}, {c.clicks, "clicks.jsonl", "user"}},
                   lab04::streams_config(c),
                   [c](StreamsBuilder& b) { lab04::build_temporal_enrichment(b, c); }});
  }
  {
    const lab05::AnomalyConfig c;
    out.push_back({"Lab05Anomalies",
                   {{c.metrics, "metrics.jsonl", "host"}},
                   lab05::streams_config(c),
                   [c](StreamsBuilder& b) { lab05::build_anomaly_detection(b, c); }});
  }
  for (const auto mode : {EmitMode::Final, EmitMode::Update}) {
    lab06::OutputConfig c;
    c.window = std::chrono::minutes{1};  // as `streamlab run 06`
    c.mode = mode;
    out.push_back({mode == EmitMode::Final ? "Lab06FinalMode" : "Lab06UpdateMode",
                   {{c.sales, "sales.jsonl", std::nullopt}},
                   lab06::streams_config(c),
                   [c](StreamsBuilder& b) { lab06::build_outputs(b, c); }});
  }
  return out;
}

/// The shipped scenarios (datasets/scenarios), each once.
const std::vector<std::string>& scenarios() {
  static const std::vector<std::string> all = {"in-order",      "jitter",         "late-arrivals",
                                               "duplicates",    "idle-partition", "reorder",
                                               "late-profiles", "classroom-demo"};
  return all;
}

/// The arrivals of every input of `lab` under `scenario`, merged by arrival time (an earlier
/// input first on ties). A scenario's processing time 0 is its dataset's earliest event time, so
/// each input's arrivals are shifted to its own dataset's time before the merge.
std::vector<labtest::Event> lab_arrivals(const Lab& lab, const std::string& scenario,
                                         std::int32_t& partitions) {
  std::vector<labtest::Event> merged;
  for (const auto& input : lab.inputs) {
    auto events = labtest::scenario_events(input.topic, input.file, scenario, partitions, input.key_field);
    Timestamp t0 = kMaxTimestamp;
    for (const auto& e : events) t0 = std::min(t0, e.event_time);
    for (auto& e : events) e.arrival = t0 + (e.arrival - Timestamp{});
    std::vector<labtest::Event> both;
    std::merge(merged.begin(), merged.end(), events.begin(), events.end(), std::back_inserter(both),
               [](const labtest::Event& x, const labtest::Event& y) { return x.arrival < y.arrival; });
    merged = std::move(both);
  }
  return merged;
}

/// The test's parameters: lab, scenario, number of instances.
using Cell = std::tuple<std::size_t, std::size_t, int>;

/// `Lab02WindowedSales_LateArrivals_2Instances`.
std::string cell_name(const testing::TestParamInfo<Cell>& info) {
  const auto& [lab, scenario, instances] = info.param;
  std::string name = labs()[lab].name + '_';
  bool upper = true;
  for (const char ch : scenarios()[scenario]) {
    if (ch == '-') {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch;
    upper = false;
  }
  return name + '_' + std::to_string(instances) + (instances == 1 ? "Instance" : "Instances");
}

/// A multiset of records: each distinct (key, value) and how often it was written.
using Counts = std::map<std::pair<std::string, std::string>, int>;

Counts counts(const test::Output& records, bool with_keys) {
  Counts out;
  for (const auto& [key, value] : records) ++out[{with_keys ? key : std::string{}, value}];
  return out;
}

/// Fails with the records missing from `actual` and those it has beyond `expected` (a record
/// written twice where the simulator wrote it once is one extra), a few of each.
void expect_same_multiset(const Counts& actual, const Counts& expected, const std::string& topic) {
  std::vector<std::string> missing;
  std::vector<std::string> extra;
  std::size_t missing_count = 0;
  std::size_t extra_count = 0;
  const auto describe = [](const std::pair<std::string, std::string>& r, int times) {
    return "  " + std::to_string(times) + "x key '" + r.first + "': " + r.second;
  };
  for (const auto& [record, want] : expected) {
    const auto it = actual.find(record);
    const int got = it == actual.end() ? 0 : it->second;
    if (got < want) {
      missing_count += static_cast<std::size_t>(want - got);
      if (missing.size() < 5) missing.push_back(describe(record, want - got));
    }
  }
  for (const auto& [record, got] : actual) {
    const auto it = expected.find(record);
    const int want = it == expected.end() ? 0 : it->second;
    if (got > want) {
      extra_count += static_cast<std::size_t>(got - want);
      if (extra.size() < 5) extra.push_back(describe(record, got - want));
    }
  }
  if (missing_count == 0 && extra_count == 0) return;
  std::ostringstream message;
  message << "topic " << topic << ": " << missing_count << " of the simulator's records missing, "
          << extra_count << " records beyond the simulator's (repeats or wrong values)";
  for (const auto& m : missing) message << "\nmissing" << m;
  for (const auto& e : extra) message << "\nextra  " << e;
  ADD_FAILURE() << message.str();
}

/// True for a lab whose topology a scale-out run refuses (docs/kafka.md, "Limits"): lab 04 part B
/// keeps clicks waiting in a temporal join on the instance reading their partition.
bool refused(const Lab& lab) { return lab.name == "Lab04TemporalJoin"; }

class ScaleOutMatrix : public testing::TestWithParam<Cell> {};

TEST_P(ScaleOutMatrix, InstancesWriteTheSimulatorsResultsOnceEach) {
  const auto& [lab_index, scenario_index, instances] = GetParam();
  const Lab lab = labs()[lab_index];
  const std::string& scenario = scenarios()[scenario_index];
  if (refused(lab)) {  // refused at the start, on any number of instances, before reading anything
    Topology topology = build_topology(lab.config, lab.build);
    test::TestCluster cluster(1);
    auto options = test::bounded_run(cluster.bootstrap_servers(), lab.config.application_id);
    options.scale_out = true;
    try {
      (void)run_on_kafka(topology, options);
      ADD_FAILURE() << "the scale-out run of " << lab.name << " was not refused";
    } catch (const ConfigurationError& e) {
      EXPECT_NE(std::string(e.what()).find("TEMPORAL-JOIN"), std::string::npos) << e.what();
    }
    return;
  }

  std::int32_t partitions = 0;
  const auto events = lab_arrivals(lab, scenario, partitions);
  std::map<std::string, std::int32_t> partition_counts;
  for (const auto& input : lab.inputs) partition_counts[input.topic] = partitions;
  const auto simulated = labtest::run_topology(lab.config, lab.build, events, partition_counts);
  Topology topology = build_topology(lab.config, lab.build);

  // Two more partitions than the scenario fills, so that the repartition topics (as wide as the
  // widest input) have a share for each of three instances even under a one-partition scenario.
  constexpr std::int32_t kEmptyPartitions = 2;
  test::TestCluster cluster(1);
  for (const auto& [topic, n] : partition_counts) cluster.create_topic(topic, n + kEmptyPartitions);
  for (const auto& t : test::written_topics(topology)) cluster.create_topic(t, 1);
  for (const auto& t : topology.internal_topics()) cluster.create_topic(t, partitions + kEmptyPartitions);
  test::produce_in_arrival_order(cluster.bootstrap_servers(), events, 0, events.size());

  const auto reports =
      test::run_scale_out_instances(lab.config, lab.build, cluster.bootstrap_servers(), instances);
  std::int64_t read = 0;
  for (const auto& report : reports) {
    EXPECT_EQ(report.sink.failed, 0);
    EXPECT_TRUE(report.accounting.invariant_holds());
    EXPECT_EQ(report.accounting.unaccounted, 0);
    EXPECT_TRUE(report.truncated.empty());
    read += report.accounting.records_in;
  }
  EXPECT_GE(read, static_cast<std::int64_t>(events.size())) << "some input record was never read";

  auto actual = test::kafka_outputs(cluster.bootstrap_servers(), test::written_topics(topology));
  std::size_t compared = 0;
  for (const auto& topic : topology.output_topics()) {
    const auto expected = test::simulator_output(simulated, topic);
    expect_same_multiset(counts(actual[topic], true), counts(expected, true), topic);
    compared += expected.size();
  }
  for (const auto& topic : {lab.config.late_topic(), lab.config.dead_letter_topic()}) {
    expect_same_multiset(counts(actual[topic], false),
                         counts(test::simulator_output(simulated, topic), false), topic);
  }
  EXPECT_GT(compared, 0U) << "the simulator wrote no result at all: the cell would prove nothing";
}

INSTANTIATE_TEST_SUITE_P(EveryLabScenarioAndInstanceCount, ScaleOutMatrix,
                         testing::Combine(testing::Range<std::size_t>(0, labs().size()),
                                          testing::Range<std::size_t>(0, scenarios().size()),
                                          testing::Values(1, 2, 3)),
                         cell_name);

}  // namespace
}  // namespace streamlab::kafka
