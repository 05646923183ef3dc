/// @file
/// Lab 05, part 2: the anomaly-detection topology: a keyed process function with state and
/// event-time timers that applies observe() to each host's readings in event-time order.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "detector.hpp"
#include "streamlab/dsl/fwd.hpp"
#include "streamlab/dsl/streams_config.hpp"
#include "streamlab/dsl/process_function.hpp"
#include "streamlab/state/value_state.hpp"

namespace lab05 {

/// The topics and parameters of the lab.
struct AnomalyConfig {
  std::string metrics{"metrics"};  ///< Input: Reading values (any key).
  std::string alerts{"alerts"};    ///< Output: Alert values as JSON, keyed by host.
  DetectorConfig detector;         ///< The rules' parameters.
  streamlab::Duration watermark_delay{std::chrono::minutes{1}};  ///< Bounded out-of-orderness.
};

/// The application settings for a builder of this lab.
inline streamlab::StreamsConfig streams_config(const AnomalyConfig& config) {
  return streamlab::StreamsConfig{"lab05-anomalies",
                                  streamlab::WatermarkStrategy::bounded(config.watermark_delay)};
}

/// The per-host detector as a keyed process function.
///
/// Readings arrive out of order, but a moving baseline needs them in event-time order. So
/// process_element() only buffers the reading in keyed state and registers an event-time timer
/// at its time; on_timer(t) runs once the watermark passes t, takes every buffered reading with
/// time <= t in time order, applies observe() with the host's HostState (keyed state too) and
/// emits the alerts.
class AnomalyFunction : public streamlab::KeyedProcessFunction<std::string, Reading, Alert> {
 public:
  /// The output type of the function (Alert), which `stream.process(...)` gives its result.
  using output_type = Alert;
  /// A detector with the given rules.
  explicit AnomalyFunction(DetectorConfig config);
  /// Declares the keyed state: the host's HostState and its buffered readings.
  void open(streamlab::StateRegistry& state) override;
  /// Buffers a reading and asks for a timer at its event time.
  void process_element(const Reading& reading, Context& ctx) override;
  /// Judges every buffered reading up to `time`, in event-time order.
  void on_timer(streamlab::Timestamp time, Context& ctx) override;

 private:
  DetectorConfig config_;
  streamlab::ValueState<HostState> host_;
  streamlab::ValueState<std::vector<Reading>> pending_;
};

/// Builds the detection into `builder`: read `config.metrics` (event time from `time`), key by
/// host, run an AnomalyFunction, write the alerts to `config.alerts` (JSON).
void build_anomaly_detection(streamlab::StreamsBuilder& builder, const AnomalyConfig& config);

}  // namespace lab05
