// Lab 05 graded tests, part 2: the detector as a keyed process function on the simulator. The
// expected alerts come from the batch oracle (oracle/anomalies.hpp: each host's whole history,
// sorted by event time) and from hand-worked series; alert quality is measured against the
// dataset's labels.
#include <gtest/gtest.h>

#include <set>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

#include "anomalies.hpp"
#include "oracle/anomalies.hpp"
#include "support/harness.hpp"
#include "support/result_diff.hpp"

namespace {

const lab05::AnomalyConfig kConfig{};

labtest::Event reading(const std::string& host, double cpu, double memory, std::int64_t ms,
                       std::int64_t arrival) {
  const nlohmann::json v = {
      {"host", host}, {"cpu", cpu}, {"memory", memory}, {"anomaly", false}, {"time", ms}};
  return labtest::Event{kConfig.metrics,
                        std::nullopt,
                        v.dump(),
                        streamlab::from_millis(ms),
                        streamlab::from_millis(arrival),
                        0};
}

labtest::RunResult run(const std::vector<labtest::Event>& events, std::int32_t partitions = 1) {
  return labtest::run_topology(
      lab05::streams_config(kConfig),
      [](streamlab::StreamsBuilder& b) { lab05::build_anomaly_detection(b, kConfig); }, events,
      {{kConfig.metrics, partitions}});
}

std::vector<oracle::ExpectedAlert> alerts_of(const labtest::RunResult& r) {
  std::vector<oracle::ExpectedAlert> out;
  for (const auto& j : labtest::json_values(r, kConfig.alerts)) {
    out.push_back({j.at("host").get<std::string>(),
                   streamlab::to_millis(streamlab::labs::time_from_json(j.at("time"))),
                   j.at("metric").get<std::string>(), j.at("rule").get<std::string>()});
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<oracle::MetricReading> oracle_readings(const std::vector<labtest::Event>& events) {
  std::vector<oracle::MetricReading> out;
  for (const auto& e : events) {
    const auto j = nlohmann::json::parse(e.value);
    out.push_back({j.at("host"), streamlab::to_millis(e.event_time), j.at("cpu"), j.at("memory"),
                   j.value("anomaly", false)});
  }
  return out;
}

std::vector<oracle::ExpectedAlert> expected_for(const std::vector<labtest::Event>& events) {
  const auto& d = kConfig.detector;
  auto alerts = oracle::expected_alerts(
      oracle_readings(events), oracle::AnomalyRules{d.window, d.k, d.min_stddev, d.threshold, d.run});
  std::sort(alerts.begin(), alerts.end());
  return alerts;
}

/// Alerts as result rows keyed by (host, time), times in ISO form.
std::vector<labtest::ResultRow> rows(const std::vector<oracle::ExpectedAlert>& alerts) {
  std::vector<labtest::ResultRow> out;
  for (const auto& a : alerts)
    out.push_back(
        {{"host", a.host}, {"time", labtest::iso(a.time_ms)}, {"metric", a.metric}, {"rule", a.rule}});
  return out;
}

/// Checks the alerts a run wrote against the expected ones.
bool expect_alerts(const std::vector<oracle::ExpectedAlert>& expected, const labtest::RunResult& r,
                   std::string_view why, std::source_location where = std::source_location::current()) {
  return labtest::expect_same_results("alerts", rows(expected), rows(alerts_of(r)), 2, why, where);
}

TEST(Lab05Anomalies, HandWorkedSpikeRaisesOneBaselineAlert) {
  std::vector<labtest::Event> events;
  for (std::int64_t i = 0; i < 20; ++i)
    events.push_back(reading("web-01", i % 2 ? 42 : 40, 50, i * 30'000, i));
  events.push_back(reading("web-01", 60, 50, 20 * 30'000, 20));
  events.push_back(reading("web-01", 41, 50, 21 * 30'000, 21));
  const std::vector<oracle::ExpectedAlert> expected = {{"web-01", 20 * 30'000, "cpu", "baseline"}};
  expect_alerts(expected, run(events),
                "20 cpu readings alternating 40 and 42 (mean 41, stddev 1): 60 at 00:10:00 is 19 stddev "
                "away (> k = 4); 41 at 00:10:30 is within 4 stddev of the new baseline");
}

TEST(Lab05Anomalies, OutOfOrderReadingsAreJudgedInEventTimeOrder) {
  // In event time the cpu goes 90, 30, 90, 90, 20: no three readings in a row above 85. The 30
  // arrives after the two 90s that follow it (within the watermark delay); judged in arrival
  // order the run would be 90, 90, 90 and raise a false threshold alert.
  const std::vector<labtest::Event> events = {
      reading("db-01", 90, 50, 0, 0),       reading("db-01", 90, 50, 60'000, 1),
      reading("db-01", 90, 50, 90'000, 2),  reading("db-01", 30, 50, 30'000, 3),
      reading("db-01", 20, 50, 120'000, 4),
  };
  expect_alerts({}, run(events),
                "in event time the cpu goes 90, 30, 90, 90, 20 (00:00:00 .. 00:02:00): no 3 readings in a "
                "row above 85. The 30 (00:00:30) arrives after the 90s of 00:01:00 and 00:01:30; judged "
                "on arrival, 90, 90, 90 looks like a run of 3. Wait for the watermark before judging");
  EXPECT_TRUE(expected_for(events).empty()) << "the oracle agrees: no alert";
  // And the same readings with a fourth 90 at 150 s: in event time a run of three ends at 150 s.
  auto more = events;
  more.push_back(reading("db-01", 90, 50, 150'000, 5));
  more.push_back(reading("db-01", 90, 50, 180'000, 6));
  more.push_back(reading("db-01", 90, 50, 210'000, 7));
  const std::vector<oracle::ExpectedAlert> expected = {{"db-01", 210'000, "cpu", "threshold"}};
  expect_alerts(expected, run(more),
                "in event time: 90, 30, 90, 90, 20, 90, 90, 90: the first run of 3 readings above 85 ends "
                "at 00:03:30");
  EXPECT_EQ(expected_for(more), expected) << "the oracle agrees";
}

TEST(Lab05Anomalies, HostsKeepSeparateBaselines) {
  std::vector<labtest::Event> events;
  for (std::int64_t i = 0; i < 20; ++i) {
    events.push_back(reading("web-01", 20, 50, i * 30'000, 2 * i));
    events.push_back(reading("db-01", 70, 50, i * 30'000, 2 * i + 1));
  }
  // 70 is normal for db-01 but far outside web-01's baseline, and the other way round.
  events.push_back(reading("web-01", 70, 50, 20 * 30'000, 40));
  events.push_back(reading("db-01", 71, 50, 20 * 30'000, 41));
  const std::vector<oracle::ExpectedAlert> expected = {{"web-01", 20 * 30'000, "cpu", "baseline"}};
  expect_alerts(expected, run(events),
                "web-01's baseline is a flat 20 (stddev floored to 1), db-01's a flat 70: at 00:10:00, 70 is "
                "50 away from web-01's mean, 71 only 1 away from db-01's. One baseline per host");
}

TEST(Lab05Anomalies, DatasetInOrderAlertsMatchTheOracle) {
  const auto events = labtest::in_order_events(kConfig.metrics, "metrics.jsonl");
  const auto r = run(events);
  expect_alerts(expected_for(events), r,
                "the rules applied to each host's whole history of metrics.jsonl, sorted by time (the "
                "batch oracle)");
  EXPECT_TRUE(r.accounting.invariant_holds())
      << "every input record is counted once: in, late or dead letter";
}

TEST(Lab05Anomalies, DatasetUnderJitterAlertsMatchTheOracle) {
  std::int32_t partitions = 1;
  const auto events = labtest::scenario_events(kConfig.metrics, "metrics.jsonl", "jitter", partitions);
  expect_alerts(expected_for(events), run(events, partitions),
                "the rules applied to each host's whole history, sorted by event time: the order of "
                "arrival must not change an alert");
}

TEST(Lab05Anomalies, DatasetWithReorderedReadingsAlertsMatchTheOracle) {
  std::int32_t partitions = 1;
  const auto events = labtest::scenario_events(kConfig.metrics, "metrics.jsonl", "reorder", partitions);
  expect_alerts(expected_for(events), run(events, partitions),
                "the rules applied to each host's whole history, sorted by event time. Under `reorder` a "
                "host's readings (30s apart) arrive up to 50s late, so they overtake each other, yet none is "
                "behind the 1-minute watermark: judge a reading once the watermark has passed it, in "
                "event-time order, not when it arrives");
}

TEST(Lab05Anomalies, AlertPrecisionAndRecallAgainstTheLabels) {
  const auto events = labtest::in_order_events(kConfig.metrics, "metrics.jsonl");
  std::set<std::pair<std::string, std::int64_t>> labelled;
  for (const auto& r : oracle_readings(events))
    if (r.label) labelled.insert({r.host, r.time_ms});
  std::set<std::pair<std::string, std::int64_t>> alerted;
  for (const auto& a : alerts_of(run(events))) alerted.insert({a.host, a.time_ms});
  std::size_t true_positives = 0;
  for (const auto& a : alerted) true_positives += labelled.count(a);
  ASSERT_FALSE(labelled.empty());
  ASSERT_FALSE(alerted.empty()) << "no alert at all, for " << labelled.size() << " labelled anomalies";
  const double precision = static_cast<double>(true_positives) / static_cast<double>(alerted.size());
  const double recall = static_cast<double>(true_positives) / static_cast<double>(labelled.size());
  RecordProperty("precision", std::to_string(precision));
  RecordProperty("recall", std::to_string(recall));
  std::cout << "alerts " << alerted.size() << ", labelled " << labelled.size() << ", precision " << precision
            << ", recall " << recall << '\n';
  EXPECT_GE(precision, 0.9)
      << true_positives << " of your " << alerted.size()
      << " alerts are on readings the dataset labels as anomalies: too many false alarms";
  EXPECT_GE(recall, 0.9) << true_positives << " of the " << labelled.size()
                         << " labelled anomalies raised an alert: too many missed";
}

}  // namespace
