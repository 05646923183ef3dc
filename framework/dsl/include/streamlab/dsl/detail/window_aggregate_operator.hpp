/// @file
/// Wraps the engine's WindowOperator as a topology operator: feeds it records, the topology's
/// watermark and the processing clock, and routes its panes and late records.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "streamlab/dsl/detail/graph.hpp"
#include "streamlab/dsl/detail/key_channels.hpp"
#include "streamlab/engine/window_operator.hpp"

namespace streamlab::detail {

/// The JSON of a watermark tracker's state.
nlohmann::json tracker_state_to_json(const WatermarkTrackerState& s);
/// Reads the JSON of a watermark tracker's state.
WatermarkTrackerState tracker_state_from_json(const nlohmann::json& j);
/// The JSON of an operator's counters.
nlohmann::json counters_to_json(const OperatorCounters& c);
/// Reads the JSON of an operator's counters.
OperatorCounters counters_from_json(const nlohmann::json& j);

/// A windowed aggregation of the topology.
///
/// The engine operator runs with the `manual` watermark strategy and receives the topology's
/// watermark (the minimum over source partitions, kept by the runtime) after every record. So a
/// windowed aggregation behind a filter or a repartition sees the same watermark as one right at
/// the source, as Flink forwards watermarks through every operator and shuffle.
template <class K, class V, class A>
class WindowAggregateOperator final : public Operator {
 public:
  /// The engine operator type.
  using Engine = WindowOperator<K, V, A>;
  /// One pane.
  using Result = WindowResult<K, A>;

  /// A windowed aggregation named `name`; `config.watermark` and `config.partitions` are set here.
  WindowAggregateOperator(std::string name, WindowOperatorConfig config, Aggregate<V, A> aggregate)
      : name_(std::move(name)),
        engine_(
            manual(std::move(config)), std::move(aggregate),
            [this](const Result& r) {
              channels_.emitting(
                  *run_, [&] { return nlohmann::json(r.key).dump(); },
                  [&] {
                    out_->push(Env{run_, r.window.end - Duration{1}}, r.key, r);
                  });
            },
            [this](const typename Engine::Late& late) { send_late(late); }) {}

  /// The stream of panes.
  [[nodiscard]] std::shared_ptr<Port<K, Result>> output() const { return out_; }

  /// Adds one record (the current input record or a part of it).
  void process(const Env& env, const K& key, const V& value) {
    run_ = env.run;
    channels_.note(*env.run, [&] { return nlohmann::json(key).dump(); });
    catch_up(*env.run);
    RecordFate fate = engine_.process(key, value, env.timestamp);
    if (fate == RecordFate::Dropped) return;  // send_late() marked it
    if (fate == RecordFate::AcceptedLate) env.run->count_late_accepted(1);
    env.run->mark_contributed();
  }

  /// The operator's name.
  [[nodiscard]] std::string name() const override { return name_; }

  /// Forwards the topology's watermark; kMaxTimestamp ends the input and fires every window.
  void on_watermark(RunContext& run, Timestamp watermark) override {
    run_ = &run;
    if (watermark == kMaxTimestamp) {
      engine_.end_of_input();
    } else {
      engine_.on_watermark(watermark);
    }
  }

  /// Forwards the processing clock (micro-batch ends, early panes, processing-time windows).
  void on_processing_time(RunContext& run, Timestamp now) override {
    run_ = &run;
    engine_.advance_processing_time(now);
  }

  /// The engine's whole state as JSON.
  [[nodiscard]] nlohmann::json snapshot() const override {
    auto s = engine_.snapshot();
    nlohmann::json windows = nlohmann::json::array();
    for (const auto& e : s.windows) {
      windows.push_back({{"key", e.key},
                         {"start", to_millis(e.window.start)},
                         {"end", to_millis(e.window.end)},
                         {"acc", e.acc},
                         {"count", e.count},
                         {"changed_since_pane", e.changed_since_pane},
                         {"changed_in_batch", e.changed_in_batch}});
    }
    return {{"windows", windows},
            {"tracker", tracker_state_to_json(s.tracker)},
            {"watermark", to_millis(s.watermark)},
            {"processing_time", to_millis(s.processing_time)},
            {"ended", s.ended},
            {"counters", counters_to_json(s.counters)}};
  }

  /// Replaces the engine's state with a snapshot().
  void restore(const nlohmann::json& j) override {
    typename Engine::State s;
    for (const auto& w : j.at("windows")) {
      s.windows.push_back(typename Engine::State::Entry{
          w.at("key").get<K>(),
          Window{from_millis(w.at("start").get<std::int64_t>()),
                 from_millis(w.at("end").get<std::int64_t>())},
          w.at("acc").get<A>(), w.at("count").get<std::int64_t>(), w.at("changed_since_pane").get<bool>(),
          w.at("changed_in_batch").get<bool>()});
    }
    s.tracker = tracker_state_from_json(j.at("tracker"));
    s.watermark = from_millis(j.at("watermark").get<std::int64_t>());
    s.processing_time = from_millis(j.at("processing_time").get<std::int64_t>());
    s.ended = j.at("ended").get<bool>();
    s.counters = counters_from_json(j.at("counters"));
    engine_.restore(s);
  }

  /// The number of (key, window) aggregates held.
  [[nodiscard]] std::size_t windows_held() const override { return engine_.windows_in_state(); }

  /// The number of (key, window) aggregates that have not fired yet.
  [[nodiscard]] std::size_t windows_open() const override {
    const auto s = engine_.snapshot();
    std::size_t n = 0;
    for (const auto& e : s.windows) n += e.window.end > s.watermark ? 1 : 0;
    return n;
  }

  /// The engine operator (read-only), for its counters.
  [[nodiscard]] const Engine& engine() const noexcept { return engine_; }

 private:
  static WindowOperatorConfig manual(WindowOperatorConfig config) {
    config.watermark = WatermarkStrategy::manual();
    config.partitions = 1;
    return config;
  }

  // The processing clock may have moved with this arrival before the runtime told operators.
  void catch_up(RunContext& run) { engine_.advance_processing_time(run.processing_time()); }

  void send_late(const typename Engine::Late& late) {
    const Origin& o = run_->origin();
    run_->send_late(LateOutputRecord{o.source, o.offset, late.timestamp, late.watermark, late.reason, name_,
                                     nlohmann::json(late.key), nlohmann::json(late.value)});
  }

  std::string name_;
  std::shared_ptr<Port<K, Result>> out_ = std::make_shared<Port<K, Result>>();
  RunContext* run_{nullptr};
  KeyChannels channels_;  // scale-out runs only
  Engine engine_;
};

}  // namespace streamlab::detail
