/// @file
/// Runs a KeyedProcessFunction: its keyed state, its timers, its outputs.
#pragma once

#include <any>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "streamlab/dsl/detail/graph.hpp"
#include "streamlab/dsl/detail/invoke.hpp"
#include "streamlab/dsl/detail/key_channels.hpp"
#include "streamlab/dsl/process_function.hpp"

namespace streamlab::detail {

/// The operator behind `process(...)`: sets the current key, calls the function, fires timers.
template <class K, class V, class Out>
class ProcessOperator final : public Operator {
 public:
  /// A side output's downstream entry point.
  using SidePort = std::function<void(const Env&, const K&, const std::any&)>;

  /// Runs `fn` under the name `name`.
  ProcessOperator(std::string name, std::shared_ptr<KeyedProcessFunction<K, V, Out>> fn)
      : name_(std::move(name)),
        fn_(std::move(fn)),
        timers_(&store_),
        ctx_(
            &timers_, [this](const Out& v) { out_->push(env_, *key_, v); },
            [this](const std::string& tag, std::any v) { route_side(tag, v); }) {
    StateRegistry registry{&store_};
    fn_->open(registry);
  }

  /// The main output.
  [[nodiscard]] std::shared_ptr<Port<K, Out>> output() const { return out_; }

  /// Connects a downstream operator to side output `tag`.
  void connect_side(const std::string& tag, SidePort port) { sides_[tag].push_back(std::move(port)); }

  /// Handles one record.
  void process(const Env& env, const K& key, const V& value) {
    env.run->mark_contributed();
    env_ = env;
    key_ = &key;
    store_.set_current_key(key_text(key));
    channels_.note(*env.run, [&] { return key_text(key); });
    timers_.set_watermark(env.run->watermark());
    timers_.set_processing_time(env.run->processing_time());
    ctx_.bind(&key, env.timestamp, TimeDomain::Event);
    fn_->process_element(value, ctx_);
  }

  /// The operator's name.
  [[nodiscard]] std::string name() const override { return name_; }

  /// Fires every event-time timer before the watermark, in time order.
  void on_watermark(RunContext& run, Timestamp watermark) override {
    timers_.set_watermark(watermark);
    while (auto due = timers_.pop_event_time(watermark)) fire(run, *due, TimeDomain::Event);
  }

  /// Fires every processing-time timer at or before `now`, in time order.
  void on_processing_time(RunContext& run, Timestamp now) override {
    timers_.set_processing_time(now);
    while (auto due = timers_.pop_processing_time(now)) fire(run, *due, TimeDomain::Processing);
  }

  /// State and timers as JSON.
  [[nodiscard]] nlohmann::json snapshot() const override {
    return {{"state", store_.snapshot()}, {"timers", timers_.snapshot()}};
  }
  /// Replaces state and timers.
  void restore(const nlohmann::json& state) override {
    store_.restore(state.at("state"));
    timers_.restore(state.at("timers"));
  }

  /// Keyed state slots plus pending timers (what a memory test watches).
  [[nodiscard]] std::size_t state_size() const { return store_.size() + timers_.size(); }

 private:
  void fire(RunContext& run, const DueTimer& due, TimeDomain domain) {
    K key = nlohmann::json::parse(due.key).get<K>();
    env_ = Env{&run, due.time};
    key_ = &key;
    store_.set_current_key(due.key);
    ctx_.bind(&key, due.time, domain);
    channels_.emitting(
        run, [&]() -> const std::string& { return due.key; }, [&] { fn_->on_timer(due.time, ctx_); });
    key_ = nullptr;
  }

  void route_side(const std::string& tag, const std::any& value) {
    auto it = sides_.find(tag);
    if (it == sides_.end()) return;
    for (const auto& port : it->second) port(env_, *key_, value);
  }

  std::string name_;
  std::shared_ptr<KeyedProcessFunction<K, V, Out>> fn_;
  KeyedStateStore store_;
  TimerService timers_;
  typename KeyedProcessFunction<K, V, Out>::Context ctx_;
  std::shared_ptr<Port<K, Out>> out_ = std::make_shared<Port<K, Out>>();
  std::map<std::string, std::vector<SidePort>> sides_;
  Env env_{};
  const K* key_{nullptr};
  KeyChannels channels_;  // scale-out runs only
};

}  // namespace streamlab::detail
