// A deliberately wrong lab 05 for the meta tests: readings are judged as they arrive, without
// timers, so out-of-order readings reach the baseline out of order.
#include "anomalies.hpp"

#include "streamlab/streamlab.hpp"

#include <algorithm>

namespace lab05 {

AnomalyFunction::AnomalyFunction(DetectorConfig config) : config_(config) {}

void AnomalyFunction::open(streamlab::StateRegistry& state) {
  host_ = state.value<HostState>("host");
  pending_ = state.value<std::vector<Reading>>("pending");
}

void AnomalyFunction::process_element(const Reading& reading, Context& ctx) {
  HostState state = host_.value_or({});
  if (auto alert = observe(state, reading, config_)) ctx.output(*alert);
  host_.update(state);
}

void AnomalyFunction::on_timer(streamlab::Timestamp time, Context& ctx) {
  auto pending = pending_.value_or({});
  std::stable_sort(pending.begin(), pending.end(),
                   [](const Reading& a, const Reading& b) { return a.time < b.time; });
  const auto due_end =
      std::find_if(pending.begin(), pending.end(), [time](const Reading& r) { return r.time > time; });
  HostState state = host_.value_or({});
  for (auto it = pending.begin(); it != due_end; ++it) {
    if (auto alert = observe(state, *it, config_)) ctx.output(*alert);
  }
  host_.update(state);
  pending.erase(pending.begin(), due_end);
  if (pending.empty()) {
    pending_.clear();
  } else {
    pending_.update(pending);
  }
}

void build_anomaly_detection(streamlab::StreamsBuilder& builder, const AnomalyConfig& config) {
  namespace serdes = streamlab::serdes;
  builder
      .stream(config.metrics,
              streamlab::Consumed{serdes::String(), serdes::Json<Reading>()}.withTimestampField("time"))
      .selectKey([](const Reading& r) { return r.host; })  // all readings of a host meet in one place
      .process(std::shared_ptr<streamlab::KeyedProcessFunction<std::string, Reading, Alert>>(
          std::make_shared<AnomalyFunction>(config.detector)))
      .to(config.alerts);
}

}  // namespace lab05
