/// @file
/// Lab 05, part 1: the per-host anomaly rules, as a pure function of a host's state and a reading.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "streamlab/labs/json_time.hpp"
#include "streamlab/labs/print.hpp"
#include "streamlab/time.hpp"

namespace lab05 {

/// One reading of the server-metrics dataset:
/// `{"host":"web-01","cpu":41.5,"memory":62.0,"anomaly":false,"time":"..."}`.
struct Reading {
  std::string host;           ///< The key.
  double cpu{0};              ///< CPU use in percent.
  double memory{0};           ///< Memory use in percent.
  bool anomaly{false};        ///< The dataset's label: an injected anomaly (never read by a detector).
  streamlab::Timestamp time;  ///< Event time of the reading.
};

/// The detector's parameters. The defaults are the ones the graded tests use.
struct DetectorConfig {
  std::size_t window{20};  ///< Readings in a host's moving baseline (per metric).
  double k{4.0};           ///< Alert when |x - mean| > k * stddev of the baseline.
  double min_stddev{1.0};  ///< Floor on the stddev, so a flat baseline does not alert on noise.
  double threshold{85.0};  ///< Percent above which a reading counts towards the run rule.
  std::size_t run{3};      ///< Alert when `run` readings in a row are above `threshold`.
};

/// What the detector remembers per host: the keyed state of lab 05's process function.
struct HostState {
  std::vector<double> cpu_window;     ///< The last `window` cpu values, oldest first.
  std::vector<double> memory_window;  ///< The last `window` memory values, oldest first.
  std::size_t cpu_run{0};             ///< Current run of cpu readings above the threshold.
  std::size_t memory_run{0};          ///< Current run of memory readings above the threshold.
};

/// An alert for one reading.
struct Alert {
  std::string host;           ///< The host.
  streamlab::Timestamp time;  ///< Event time of the reading that raised it.
  std::string metric;         ///< `cpu` or `memory`.
  std::string rule;           ///< `baseline` (k standard deviations) or `threshold` (a run above it).
  double value{0};            ///< The reading's value of `metric`.
  double mean{0};             ///< The baseline mean before this reading (0 for `threshold`).
  double stddev{0};           ///< The baseline stddev before this reading (0 for `threshold`).
};

/// Applies the rules to one reading of the host whose state is `state`, then updates the state.
///
/// For each metric, cpu first, then memory:
/// 1. `threshold`: the run counter counts readings in a row with value > `threshold` (a reading at
///    or below resets it to 0); the rule fires when the counter, this reading included, is >= `run`.
/// 2. `baseline`: only when the window already holds `window` earlier values: with their mean m
///    and population standard deviation s, the rule fires when |x - m| > k * max(s, min_stddev).
/// Then x joins the window (dropping the oldest value beyond `window`).
/// The first rule that fires, in the order cpu/threshold, cpu/baseline, memory/threshold,
/// memory/baseline, gives the alert; at most one alert per reading. The state is updated for both
/// metrics whether or not an alert fires.
std::optional<Alert> observe(HostState& state, const Reading& reading, const DetectorConfig& config);

/// Reads a reading from JSON (`anomaly` is optional and defaults to false).
inline void from_json(const nlohmann::json& j, Reading& r) {
  j.at("host").get_to(r.host);
  j.at("cpu").get_to(r.cpu);
  j.at("memory").get_to(r.memory);
  r.anomaly = j.value("anomaly", false);
  r.time = streamlab::labs::time_from_json(j.at("time"));
}
/// Writes a reading as JSON.
inline void to_json(nlohmann::json& j, const Reading& r) {
  j = {{"host", r.host},
       {"cpu", r.cpu},
       {"memory", r.memory},
       {"anomaly", r.anomaly},
       {"time", streamlab::labs::time_to_json(r.time)}};
}
/// Prints a reading as its JSON (field names, ISO times), in test failures and logs.
inline std::ostream& operator<<(std::ostream& os, const Reading& value) {
  return streamlab::labs::print_as_json(os, value);
}
/// Reads a host state from JSON (a checkpoint).
inline void from_json(const nlohmann::json& j, HostState& s) {
  j.at("cpu_window").get_to(s.cpu_window);
  j.at("memory_window").get_to(s.memory_window);
  j.at("cpu_run").get_to(s.cpu_run);
  j.at("memory_run").get_to(s.memory_run);
}
/// Writes a host state as JSON (a checkpoint).
inline void to_json(nlohmann::json& j, const HostState& s) {
  j = {{"cpu_window", s.cpu_window},
       {"memory_window", s.memory_window},
       {"cpu_run", s.cpu_run},
       {"memory_run", s.memory_run}};
}
/// Prints a host state as its JSON (field names), in test failures and logs.
inline std::ostream& operator<<(std::ostream& os, const HostState& value) {
  return streamlab::labs::print_as_json(os, value);
}
/// Reads an alert from JSON.
inline void from_json(const nlohmann::json& j, Alert& a) {
  j.at("host").get_to(a.host);
  a.time = streamlab::labs::time_from_json(j.at("time"));
  j.at("metric").get_to(a.metric);
  j.at("rule").get_to(a.rule);
  j.at("value").get_to(a.value);
  j.at("mean").get_to(a.mean);
  j.at("stddev").get_to(a.stddev);
}
/// Writes an alert as JSON.
inline void to_json(nlohmann::json& j, const Alert& a) {
  j = {{"host", a.host},     {"time", streamlab::labs::time_to_json(a.time)},
       {"metric", a.metric}, {"rule", a.rule},
       {"value", a.value},   {"mean", a.mean},
       {"stddev", a.stddev}};
}
/// Prints an alert as its JSON (field names, ISO times), in test failures and logs.
inline std::ostream& operator<<(std::ostream& os, const Alert& value) {
  return streamlab::labs::print_as_json(os, value);
}

}  // namespace lab05
