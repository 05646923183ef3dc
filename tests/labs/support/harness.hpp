// Runs a lab topology on the simulator: the input events are appended to the simulator's log in
// a chosen arrival order (hand-written, or a dataset under a disorder scenario), a Runtime runs
// the topology over a SimulatorSource, and every record written to the sink is captured by topic.
// Compiled once (harness.cpp) so that graded tests need not compile the DSL and the simulator.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "streamlab/dsl/fwd.hpp"
#include "streamlab/dsl/streams_config.hpp"
#include "streamlab/record.hpp"
#include "streamlab/runtime/accounting.hpp"
#include "streamlab/time.hpp"

namespace labtest {

/// One input record and when and where it arrives.
struct Event {
  std::string topic;                ///< Topic it is appended to.
  std::optional<std::string> key;   ///< Record key.
  std::string value;                ///< Value bytes (a JSON line).
  streamlab::Timestamp event_time;  ///< The record timestamp (event time).
  streamlab::Timestamp arrival;     ///< Processing time of the append.
  std::int32_t partition{0};        ///< Partition it is appended to.
};

/// What a run produced.
struct RunResult {
  std::map<std::string, std::vector<streamlab::Record>> topics;  ///< Records by output topic.
  streamlab::Accounting accounting;                              ///< The runtime's counts.
};

/// Appends `events` (in this order) to a fresh log whose topics have the given partition
/// counts, then runs the topology `build` puts into a builder made with `config`.
RunResult run_topology(const streamlab::StreamsConfig& config,
                       const std::function<void(streamlab::StreamsBuilder&)>& build,
                       const std::vector<Event>& events,
                       const std::map<std::string, std::int32_t>& partitions);

/// The path of a shipped dataset.
std::filesystem::path dataset_path(const std::string& file);

/// A dataset's events in file order, arriving in event-time order on partition 0 (arrival =
/// event time): the in-order case.
std::vector<Event> in_order_events(const std::string& topic, const std::string& file,
                                   std::optional<std::string> key_field = std::nullopt);

/// A dataset's events as they arrive under a shipped scenario (`jitter`, `late-arrivals`, ...).
/// Returns the events and, through `partitions`, the topic's partition count.
std::vector<Event> scenario_events(const std::string& topic, const std::string& file,
                                   const std::string& scenario, std::int32_t& partitions,
                                   std::optional<std::string> key_field = std::nullopt);

/// Parses every record value of `topic` as JSON.
std::vector<nlohmann::json> json_values(const RunResult& run, const std::string& topic);

}  // namespace labtest
