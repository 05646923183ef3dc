#include "support/harness.hpp"

#include <stdexcept>
#include <string_view>
#include <utility>

#include "streamlab/sim/apply_scenario.hpp"
#include "streamlab/sim/dataset.hpp"
#include "streamlab/sim/log.hpp"
#include "streamlab/sim/shipped_scenarios.hpp"
#include "streamlab/sim/simulator_source.hpp"
#include "streamlab/streamlab.hpp"
#include "streamlab/testing/capturing_sink.hpp"

namespace labtest {

/// Appends `events` (in this order) to a fresh log whose topics have the given partition
/// counts, then runs the topology `build` puts into a builder made with `config`.
RunResult run_topology(const streamlab::StreamsConfig& config,
                       const std::function<void(streamlab::StreamsBuilder&)>& build,
                       const std::vector<Event>& events,
                       const std::map<std::string, std::int32_t>& partitions) {
  streamlab::sim::Log log;
  for (const auto& [topic, n] : partitions) log.create_topic(topic, n);
  for (const Event& e : events) {
    streamlab::Record r{e.key, e.value, e.event_time, {}};
    log.append(streamlab::TopicPartition{e.topic, e.partition}, std::move(r), e.arrival);
  }
  streamlab::Topology topology = streamlab::build_topology(config, build);
  streamlab::sim::SimulatorSourceOptions options;
  options.topics = topology.source_topics();
  options.group = config.application_id;  // the runtime commits offsets at checkpoints
  streamlab::sim::SimulatorSource source{log, options};
  streamlab::testing::CapturingSink sink;
  // A zero poll timeout: the simulator jumps over gaps between arrivals instead of ticking
  // through them (arrival times here may be far from processing time 0).
  streamlab::RuntimeOptions runtime_options;
  runtime_options.poll_timeout = streamlab::Duration{0};
  streamlab::Runtime runtime{topology, source, sink, runtime_options};
  runtime.run();
  RunResult result{{}, runtime.accounting()};
  for (const auto& [topic, records] : sink.topics()) result.topics.emplace(topic, records);
  return result;
}

/// The path of a shipped dataset.
std::filesystem::path dataset_path(const std::string& file) {
  return std::filesystem::path(STREAMLAB_SOURCE_DIR) / "datasets" / file;
}

/// A dataset's events in file order, arriving in event-time order on partition 0 (arrival =
/// event time): the in-order case.
std::vector<Event> in_order_events(const std::string& topic, const std::string& file,
                                   std::optional<std::string> key_field) {
  streamlab::sim::DatasetOptions options;
  options.key_field = std::move(key_field);
  const auto data = streamlab::sim::load_dataset(dataset_path(file), options);
  std::vector<Event> out;
  for (const auto& r : data.records) out.push_back(Event{topic, r.key, r.value, r.timestamp, r.timestamp, 0});
  return out;
}

/// A dataset's events as they arrive under a shipped scenario (`jitter`, `late-arrivals`, ...).
/// Returns the events and, through `partitions`, the topic's partition count.
std::vector<Event> scenario_events(const std::string& topic, const std::string& file,
                                   const std::string& scenario, std::int32_t& partitions,
                                   std::optional<std::string> key_field) {
  streamlab::sim::DatasetOptions options;
  options.key_field = std::move(key_field);
  const auto data = streamlab::sim::load_dataset(dataset_path(file), options);
  const auto found = streamlab::sim::find_shipped_scenario(scenario);
  if (!found) throw std::runtime_error("no shipped scenario '" + scenario + "'");
  const auto sequence = streamlab::sim::apply_scenario(data.records, *found);
  partitions = sequence.partitions;
  std::vector<Event> out;
  for (const auto& a : sequence.arrivals)
    out.push_back(
        Event{topic, a.record.key, a.record.value, a.record.timestamp, a.processing_time, a.partition});
  return out;
}

/// Parses every record value of `topic` as JSON.
std::vector<nlohmann::json> json_values(const RunResult& run, const std::string& topic) {
  std::vector<nlohmann::json> out;
  const auto it = run.topics.find(topic);
  if (it == run.topics.end()) return out;
  for (const auto& r : it->second) out.push_back(nlohmann::json::parse(r.value));
  return out;
}

}  // namespace labtest
