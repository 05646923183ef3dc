// Lab 05, part 2: write the AnomalyFunction and build_anomaly_detection() (see anomalies.hpp).
#include "anomalies.hpp"

#include "streamlab/streamlab.hpp"
#include "streamlab/labs/not_implemented.hpp"

namespace lab05 {

AnomalyFunction::AnomalyFunction(DetectorConfig config) : config_(config) {}

void AnomalyFunction::open(streamlab::StateRegistry& state) {
  host_ = state.value<HostState>("host");
  pending_ = state.value<std::vector<Reading>>("pending");
}

void AnomalyFunction::process_element(const Reading& /*reading*/, Context& /*ctx*/) {
  // Append the reading to pending_ and register an event-time timer at its time.
  throw streamlab::labs::NotImplemented(
      "labs/05-anomaly-detection/anomalies.cpp: lab05::AnomalyFunction::process_element");
}

void AnomalyFunction::on_timer(streamlab::Timestamp /*time*/, Context& /*ctx*/) {
  // Take the pending readings with time <= `time`, sorted by time; observe() each with the
  // host's state; ctx.output() every alert; store what is left and the new state.
  throw streamlab::labs::NotImplemented(
      "labs/05-anomaly-detection/anomalies.cpp: lab05::AnomalyFunction::on_timer");
}

void build_anomaly_detection(streamlab::StreamsBuilder& /*builder*/, const AnomalyConfig& /*config*/) {
  // stream(config.metrics, ...) -> selectKey(host) -> process(std::make_shared<AnomalyFunction>(...))
  // -> to(config.alerts)
  throw streamlab::labs::NotImplemented(
      "labs/05-anomaly-detection/anomalies.cpp: lab05::build_anomaly_detection");
}

}  // namespace lab05
