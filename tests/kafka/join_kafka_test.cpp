// The joins that handle time give the same results on the simulator and in Kafka mode (issue 16,
// item 5): a temporal join against a versioned table (with a count per tier behind it, re-keyed
// through a repartition topic) and a windowed outer stream-stream join, each run on the simulator,
// in Kafka mode on librdkafka's mock cluster; a scale-out run of the temporal one is refused.
// Expected rows are worked out by hand from docs/semantics.md ("Joins"), not taken from either run:
// both runs must equal them.
//
// The Kafka message timestamp of each input record carries its place in the arrival sequence and
// the topologies take event time from the "time" field (lab_kafka_support.hpp), so the Kafka run
// sees the simulator's arrival order.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "../labs/support/harness.hpp"
#include "kafka_test_support.hpp"
#include "lab_kafka_support.hpp"
#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/kafka/kafka_run.hpp"
#include "streamlab/streamlab.hpp"
#include "test_cluster.hpp"

namespace streamlab::kafka {
namespace {

using S = std::string;
using test::Output;
namespace serdes = streamlab::serdes;

S at(const S& hh_mm_ss) { return "2025-06-22T" + hh_mm_ss + "Z"; }

S field(const S& json, const S& name) { return nlohmann::json::parse(json).at(name).get<S>(); }

/// The `n`-th arrival (one second apart) of a record keyed `key` on partition 0 of `topic`.
labtest::Event event(const S& topic, const S& key, const S& hh_mm_ss, const S& name, const S& value, int n) {
  const nlohmann::ordered_json j{{"user", key}, {name, value}, {"time", at(hh_mm_ss)}};
  return labtest::Event{
      topic, key, j.dump(), parse_timestamp(at(hh_mm_ss)), from_millis(1'750'000'000'000 + n * 1000), 0};
}

// Clicks enriched with the profile valid at their event time (left join, grace 1h, history 1h),
// then counted per tier (groupBy: a repartition topic).
const StreamsConfig kTemporalConfig = [] {
  StreamsConfig c;
  c.application_id = "join-parity-temporal";
  return c;
}();

void build_temporal(StreamsBuilder& b) {
  auto profiles = b.table("profiles", Consumed{serdes::String(), serdes::String()}.withTimestampField("time"),
                          Versioned{std::chrono::hours(1)});
  auto clicks = b.stream("clicks", Consumed{serdes::String(), serdes::String()}.withTimestampField("time"));
  auto enriched = clicks.leftJoin(
      profiles,
      [](const S& click, const std::optional<S>& profile) {
        return field(click, "page") + "@" + (profile ? field(*profile, "tier") : S("none"));
      },
      JoinGrace{std::chrono::hours(1)});
  enriched.to("enriched");
  enriched.groupBy([](const S& v) { return v.substr(v.find('@') + 1); }).count().toStream().to("tier-counts");
}

// By hand. The watermark W is the minimum over the clicks' and the profiles' partitions (each
// the largest event time seen, bounded:0s); a click at t leaves when W > t (the grace of 1h on the
// clicks' clock releases nothing here), in (t, arrival) order, with the version valid at t.
//   1 profiles u1 gold 10:00    W -inf (no click yet)
//   2 clicks u1 /a 10:05        buffered; W -> min(10:05, 10:00) = 10:00
//   3 profiles u1 silver 10:03  W -> 10:03
//   4 profiles u1 plat 10:20    W -> min(10:05, 10:20) = 10:05: not > 10:05, /a still waits
//   5 clicks u1 /b 10:30        buffered; W -> min(10:30, 10:20) = 10:20: /a leaves, silver
//   6 clicks u2 /c 10:10        W 10:20 > 10:10 (and 10:10 >= the horizon 10:20 - 1h): leaves at
//                               once, u2 has no version: none
//   7 clicks u1 /d 10:25        buffered (W 10:20)
//   end                         /d (10:25) then /b (10:30), both plat (valid from 10:20)
// Counts per tier, each key's updates in order: silver 1; none 1; plat 1, 2.
std::vector<labtest::Event> temporal_events() {
  return {event("profiles", "u1", "10:00:00", "tier", "gold", 1),
          event("clicks", "u1", "10:05:00", "page", "/a", 2),
          event("profiles", "u1", "10:03:00", "tier", "silver", 3),
          event("profiles", "u1", "10:20:00", "tier", "plat", 4),
          event("clicks", "u1", "10:30:00", "page", "/b", 5),
          event("clicks", "u2", "10:10:00", "page", "/c", 6),
          event("clicks", "u1", "10:25:00", "page", "/d", 7)};
}
const Output kEnriched{{"u1", "/a@silver"}, {"u2", "/c@none"}, {"u1", "/d@plat"}, {"u1", "/b@plat"}};
const std::map<S, std::vector<S>> kTierCounts{{"silver", {"1"}}, {"none", {"1"}}, {"plat", {"1", "2"}}};

// Views and buys paired within 5 s (outer join, no grace).
const StreamsConfig kWindowConfig = [] {
  StreamsConfig c;
  c.application_id = "join-parity-window";
  return c;
}();

void build_window(StreamsBuilder& b) {
  const auto consumed = Consumed{serdes::String(), serdes::String()}.withTimestampField("time");
  b.stream("views", consumed)
      .outerJoin(
          b.stream("buys", consumed),
          [](const std::optional<S>& v, const std::optional<S>& x) {
            return (v ? field(*v, "id") : S("null")) + "+" + (x ? field(*x, "id") : S("null"));
          },
          JoinWindows::ofTimeDifferenceAndGrace(std::chrono::seconds(5), Duration{0}))
      .to("paired");
}

// By hand, W = min(views, buys), each the largest time seen; a record at t pairs with the other
// side's held records within 5 s on arrival, is late when W > t, and closes when W > t + 5 s.
//   1 views a v1 10:00:00    held; W -inf
//   2 buys a b1 10:00:04     pairs with v1: "v1+b1"; W -> 10:00:00
//   3 views b v2 10:00:10    held; W -> min(10:00:10, 10:00:04) = 10:00:04
//   4 buys a b2 10:00:30     no partner within 5 s; W -> 10:00:10: v1, b1 close (paired: no row)
//   5 views a v3 10:00:31    pairs with b2: "v3+b2"; W -> 10:00:30: v2 closes alone: "v2+null"
//   6 views a v4 10:00:20    W 10:00:30 > 10:00:20: late output
//   end                      v3, b2 close (paired: no row)
std::vector<labtest::Event> window_events() {
  return {event("views", "a", "10:00:00", "id", "v1", 1), event("buys", "a", "10:00:04", "id", "b1", 2),
          event("views", "b", "10:00:10", "id", "v2", 3), event("buys", "a", "10:00:30", "id", "b2", 4),
          event("views", "a", "10:00:31", "id", "v3", 5), event("views", "a", "10:00:20", "id", "v4", 6)};
}
const Output kPaired{{"a", "v1+b1"}, {"a", "v3+b2"}, {"b", "v2+null"}};

std::map<S, std::vector<S>> by_key(const Output& records) {
  std::map<S, std::vector<S>> out;
  for (const auto& [k, v] : records) out[k].push_back(v);
  return out;
}

/// One Kafka-mode run of `build` over `events` (each topic with one partition) on a fresh mock
/// cluster; the written topics as read back.
std::map<S, Output> run_kafka(const StreamsConfig& config, const std::function<void(StreamsBuilder&)>& build,
                              const std::vector<labtest::Event>& events,
                              const std::map<S, std::int32_t>& partitions, Accounting& accounting) {
  Topology topology = build_topology(config, build);
  test::TestCluster cluster(1);
  test::create_topics(cluster, topology, partitions, 0);
  test::produce_in_arrival_order(cluster.bootstrap_servers(), events, 0, events.size());
  const auto report =
      run_on_kafka(topology, test::bounded_run(cluster.bootstrap_servers(), config.application_id));
  EXPECT_EQ(report.sink.failed, 0);
  accounting = report.accounting;
  return test::kafka_outputs(cluster.bootstrap_servers(), test::written_topics(topology));
}

TEST(JoinsInKafkaMode, TemporalJoinOnTheSimulatorAndOnKafkaGivesTheHandWorkedRows) {
  const auto events = temporal_events();
  const std::map<S, std::int32_t> partitions{{"clicks", 1}, {"profiles", 1}};
  const auto simulated = labtest::run_topology(kTemporalConfig, build_temporal, events, partitions);
  EXPECT_EQ(test::simulator_output(simulated, "enriched"), kEnriched);
  EXPECT_EQ(by_key(test::simulator_output(simulated, "tier-counts")), kTierCounts);

  Accounting kafka_accounting;
  auto kafka = run_kafka(kTemporalConfig, build_temporal, events, partitions, kafka_accounting);
  EXPECT_EQ(kafka["enriched"], kEnriched);
  EXPECT_EQ(by_key(kafka["tier-counts"]), kTierCounts);
  EXPECT_EQ(kafka["tier-counts"], test::simulator_output(simulated, "tier-counts"));
  // Every record accounted for alike: 7 read, none late, no dead letter, no inner-join miss.
  for (const Accounting* a : std::vector<const Accounting*>{&simulated.accounting, &kafka_accounting}) {
    EXPECT_EQ(a->records_in, 7);
    EXPECT_EQ(a->late_output, 0);
    EXPECT_EQ(a->dead_letters, 0);
    EXPECT_TRUE(a->invariant_holds());
  }
  EXPECT_EQ(kafka_accounting.contributed, simulated.accounting.contributed);
  EXPECT_EQ(kafka_accounting.join_unmatched, simulated.accounting.join_unmatched);
  EXPECT_EQ(kafka_accounting.repartitioned, simulated.accounting.repartitioned);
}

TEST(JoinsInKafkaMode, WindowedOuterJoinOnTheSimulatorAndOnKafkaGivesTheHandWorkedRowsAndLateRecord) {
  const auto events = window_events();
  const std::map<S, std::int32_t> partitions{{"views", 1}, {"buys", 1}};
  const auto simulated = labtest::run_topology(kWindowConfig, build_window, events, partitions);
  EXPECT_EQ(test::simulator_output(simulated, "paired"), kPaired);
  Accounting kafka_accounting;
  auto kafka = run_kafka(kWindowConfig, build_window, events, partitions, kafka_accounting);
  EXPECT_EQ(kafka["paired"], kPaired);
  // v4 is the one late record, in both runs, written alike.
  ASSERT_EQ(kafka[kWindowConfig.late_topic()].size(), 1U);
  EXPECT_NE(kafka[kWindowConfig.late_topic()][0].second.find("v4"), S::npos)
      << kafka[kWindowConfig.late_topic()][0].second;
  EXPECT_EQ(kafka[kWindowConfig.late_topic()], test::simulator_output(simulated, kWindowConfig.late_topic()));
  for (const Accounting* a : std::vector<const Accounting*>{&simulated.accounting, &kafka_accounting}) {
    EXPECT_EQ(a->records_in, 6);
    EXPECT_EQ(a->late_output, 1);
    EXPECT_TRUE(a->invariant_holds());
  }
}

// A scale-out run refuses the temporal topology before it reads or writes anything: the join
// keeps clicks waiting for the table's watermark on the instance that reads the clicks'
// partition, state a scale-out run neither hands over when the partition moves nor orders when
// the watermark releases it (docs/kafka.md, "What a scale-out run refuses"). Run without
// --scale-out, the same topology gives the hand-worked rows (the test above).
TEST(JoinsInKafkaMode, ScaleOutRefusesATemporalJoinBeforeItsRepartitionNamingTheJoinAndItsInput) {
  Topology topology = build_topology(kTemporalConfig, build_temporal);
  ASSERT_FALSE(topology.internal_topics().empty()) << "no repartition topic: nothing to scale out";
  test::TestCluster cluster(1);
  cluster.create_topic("clicks", 2);
  cluster.create_topic("profiles", 2);
  for (const auto& t : test::written_topics(topology)) cluster.create_topic(t, 1);
  const auto events = temporal_events();
  test::produce_in_arrival_order(cluster.bootstrap_servers(), events, 0, events.size());
  auto options = test::bounded_run(cluster.bootstrap_servers(), kTemporalConfig.application_id);
  options.scale_out = true;
  S message;
  try {
    (void)run_on_kafka(topology, options);
  } catch (const ConfigurationError& e) {
    message = e.what();
  }
  ASSERT_NE(message, "") << "the scale-out run was not refused";
  EXPECT_NE(message.find("KSTREAM-TEMPORAL-JOIN"), S::npos) << message;
  EXPECT_NE(message.find("'clicks'"), S::npos) << message;
  EXPECT_NE(message.find("without --scale-out"), S::npos) << message;
  // Nothing was written: no half-run to clean up.
  for (const auto& [topic, records] :
       test::kafka_outputs(cluster.bootstrap_servers(), test::written_topics(topology)))
    EXPECT_TRUE(records.empty()) << topic;
}

}  // namespace
}  // namespace streamlab::kafka
