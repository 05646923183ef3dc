// Runs a lab topology on the simulator: the input events are appended to the simulator's log in
// a chosen arrival order (hand-written, or a dataset under a disorder scenario), a Runtime runs
// the topology over a SimulatorSource, and every record written to the sink is captured by topic.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "streamlab/sim/apply_scenario.hpp"
#include "streamlab/sim/dataset.hpp"
#include "streamlab/sim/log.hpp"
#include "streamlab/sim/shipped_scenarios.hpp"
#include "streamlab/sim/simulator_source.hpp"
#include "streamlab/streamlab.hpp"

namespace labtest {

/// One input record and when and where it arrives.
struct Event {
  std::string topic;               ///< Topic it is appended to.
  std::optional<std::string> key;  ///< Record key.
  std::string value;               ///< Value bytes (a JSON line).
  streamlab::Timestamp event_time; ///< The record timestamp (event time).
  streamlab::Timestamp arrival;    ///< Processing time of the append.
  std::int32_t partition{0};       ///< Partition it is appended to.
};

/// What a run produced.
struct RunResult {
  std::map<std::string, std::vector<streamlab::Record>> topics;  ///< Records by output topic.
  streamlab::Accounting accounting;                              ///< The runtime's counts.
};

/// A sink keeping every record by topic.
class CaptureSink : public streamlab::Sink {
 public:
  void write(std::string_view topic, const streamlab::Record& record) override {
    topics[std::string(topic)].push_back(record);
  }
  std::map<std::string, std::vector<streamlab::Record>> topics;
};

/// Appends `events` (in this order) to a fresh log whose topics have the given partition
/// counts, then runs the topology `build` puts into a builder made with `config`.
inline RunResult run_topology(const streamlab::StreamsConfig& config,
                              const std::function<void(streamlab::StreamsBuilder&)>& build,
                              const std::vector<Event>& events,
                              const std::map<std::string, std::int32_t>& partitions) {
  streamlab::sim::Log log;
  for (const auto& [topic, n] : partitions) log.create_topic(topic, n);
  for (const Event& e : events) {
    streamlab::Record r{e.key, e.value, e.event_time, {}};
    log.append(streamlab::TopicPartition{e.topic, e.partition}, std::move(r), e.arrival);
  }
  streamlab::StreamsBuilder builder{config};
  build(builder);
  streamlab::Topology topology = builder.build();
  streamlab::sim::SimulatorSourceOptions options;
  options.topics = topology.source_topics();
  options.group = config.application_id;  // the runtime commits offsets at checkpoints
  streamlab::sim::SimulatorSource source{log, options};
  CaptureSink sink;
  // A zero poll timeout: the simulator jumps over gaps between arrivals instead of ticking
  // through them (arrival times here may be far from processing time 0).
  streamlab::RuntimeOptions runtime_options;
  runtime_options.poll_timeout = streamlab::Duration{0};
  streamlab::Runtime runtime{topology, source, sink, runtime_options};
  runtime.run();
  return RunResult{std::move(sink.topics), runtime.accounting()};
}

/// The path of a shipped dataset.
inline std::filesystem::path dataset_path(const std::string& file) {
  return std::filesystem::path(STREAMLAB_SOURCE_DIR) / "datasets" / file;
}

/// A dataset's events in file order, arriving in event-time order on partition 0 (arrival =
/// event time): the in-order case.
inline std::vector<Event> in_order_events(const std::string& topic, const std::string& file,
                                          std::optional<std::string> key_field = std::nullopt) {
  streamlab::sim::DatasetOptions options;
  options.key_field = std::move(key_field);
  const auto data = streamlab::sim::load_dataset(dataset_path(file), options);
  std::vector<Event> out;
  for (const auto& r : data.records)
    out.push_back(Event{topic, r.key, r.value, r.timestamp, r.timestamp, 0});
  return out;
}

/// A dataset's events as they arrive under a shipped scenario (`jitter`, `late-arrivals`, ...).
/// Returns the events and, through `partitions`, the topic's partition count.
inline std::vector<Event> scenario_events(const std::string& topic, const std::string& file,
                                          const std::string& scenario, std::int32_t& partitions,
                                          std::optional<std::string> key_field = std::nullopt) {
  streamlab::sim::DatasetOptions options;
  options.key_field = std::move(key_field);
  const auto data = streamlab::sim::load_dataset(dataset_path(file), options);
  const auto found = streamlab::sim::find_shipped_scenario(scenario);
  if (!found) throw std::runtime_error("no shipped scenario '" + scenario + "'");
  const auto sequence = streamlab::sim::apply_scenario(data.records, *found);
  partitions = sequence.partitions;
  std::vector<Event> out;
  for (const auto& a : sequence.arrivals)
    out.push_back(Event{topic, a.record.key, a.record.value, a.record.timestamp, a.processing_time,
                        a.partition});
  return out;
}

/// Parses every record value of `topic` as JSON.
inline std::vector<nlohmann::json> json_values(const RunResult& run, const std::string& topic) {
  std::vector<nlohmann::json> out;
  const auto it = run.topics.find(topic);
  if (it == run.topics.end()) return out;
  for (const auto& r : it->second) out.push_back(nlohmann::json::parse(r.value));
  return out;
}

}  // namespace labtest
