// Lab 05 reference solution, part 2: keyed state and event-time timers put each host's readings
// back into event-time order before the moving-baseline rules see them.
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
  auto pending = pending_.value_or({});
  pending.push_back(reading);
  pending_.update(pending);
  // Fires once the watermark passes the reading's time: no earlier reading is expected then.
  ctx.timers().register_event_time_timer(reading.time);
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
