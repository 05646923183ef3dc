/// @file
/// The DSL's windowed stream-stream join: the engine's IntervalJoin driven by the Runtime (the
/// records of both streams and the topology watermark), checkpointed as JSON.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <functional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "streamlab/dsl/detail/graph.hpp"
#include "streamlab/dsl/detail/key_channels.hpp"
#include "streamlab/dsl/detail/key_text_less.hpp"
#include "streamlab/engine/interval_join.hpp"

namespace streamlab::detail {

/// A windowed join of a stream of `V` with a stream of `VO`, keyed by `K`. The join watermark
/// is the topology's (the minimum over both streams' partitions). Rows go to `emit`; a late
/// record goes to the late output; an unmatched record a join does not emit is counted in
/// Accounting::join_unmatched.
template <class K, class V, class VO>
class IntervalJoinOperator final : public Operator {
 public:
  using Engine = IntervalJoin<K, V, VO, KeyTextLess>;  ///< The join rules.
  /// Receives each row, with the runtime and the row's event time.
  using Emit = std::function<void(const Env&, const typename Engine::Row&)>;

  /// A join named `name` with `config`, emitting rows to `emit`.
  IntervalJoinOperator(std::string name, IntervalJoinConfig config, Emit emit)
      : name_(std::move(name)),
        emit_(std::move(emit)),
        engine_(
            config, [this](const typename Engine::Row& r) { emit_row(r); },
            [this](const typename Engine::LeftDrop& d) {
              on_drop(d.fate, *d.key, d.time, nlohmann::json(*d.value), d.reason);
            },
            [this](const typename Engine::RightDrop& d) {
              on_drop(d.fate, *d.key, d.time, nlohmann::json(*d.value), d.reason);
            }) {}

  /// A record of the left stream arrives.
  void left(const Env& env, const K& key, const V& value) {
    run_ = env.run;
    channels_.note(*env.run, [&] { return key_text(key); });
    const std::int64_t late = engine_.left_counts().late;
    engine_.on_left(key, env.timestamp, value);
    if (engine_.left_counts().late == late) env.run->mark_contributed();
  }

  /// A record of the right stream arrives.
  void right(const Env& env, const K& key, const VO& value) {
    run_ = env.run;
    channels_.note(*env.run, [&] { return key_text(key); });
    const std::int64_t late = engine_.right_counts().late;
    engine_.on_right(key, env.timestamp, value);
    if (engine_.right_counts().late == late) env.run->mark_contributed();
  }

  /// The operator's name.
  [[nodiscard]] std::string name() const override { return name_; }

  /// The topology watermark rose: close the windows it passes.
  void on_watermark(RunContext& run, Timestamp watermark) override {
    run_ = &run;
    engine_.on_watermark(watermark);
  }

  /// Held records, watermark and counts as JSON.
  [[nodiscard]] nlohmann::json snapshot() const override {
    const auto s = engine_.snapshot();
    nlohmann::json left = nlohmann::json::array();
    for (const auto& l : s.left) left.push_back({l.key, to_millis(l.time), l.value, l.seq, l.matched});
    nlohmann::json right = nlohmann::json::array();
    for (const auto& r : s.right) right.push_back({r.key, to_millis(r.time), r.value, r.seq, r.matched});
    return {{"left", left},
            {"right", right},
            {"watermark", to_millis(s.watermark)},
            {"next_seq", s.next_seq},
            {"left_counts", nlohmann::json(s.left_counts)},
            {"right_counts", nlohmann::json(s.right_counts)}};
  }

  /// Replaces the state with a snapshot().
  void restore(const nlohmann::json& j) override {
    typename Engine::State s;
    for (const auto& l : j.at("left"))
      s.left.push_back({l.at(0).get<K>(), from_millis(l.at(1).get<std::int64_t>()), l.at(2).get<V>(),
                        l.at(3).get<std::int64_t>(), l.at(4).get<bool>()});
    for (const auto& r : j.at("right"))
      s.right.push_back({r.at(0).get<K>(), from_millis(r.at(1).get<std::int64_t>()), r.at(2).get<VO>(),
                         r.at(3).get<std::int64_t>(), r.at(4).get<bool>()});
    s.watermark = from_millis(j.at("watermark").get<std::int64_t>());
    s.next_seq = j.at("next_seq").get<std::int64_t>();
    s.left_counts = j.at("left_counts").get<JoinSideCounts>();
    s.right_counts = j.at("right_counts").get<JoinSideCounts>();
    engine_.restore(s);
  }

  /// Records held in state (both streams).
  [[nodiscard]] std::size_t windows_held() const override { return engine_.held(); }

  /// The join's state and counts (for tests).
  [[nodiscard]] const Engine& engine() const { return engine_; }

 private:
  void on_drop(JoinFate fate, const K& key, Timestamp time, nlohmann::json value, std::string_view reason) {
    if (fate == JoinFate::Unmatched) {
      run_->count_join_unmatched();
      return;
    }
    const Origin& o = run_->origin();
    run_->send_late(LateOutputRecord{o.source, o.offset, time, engine_.watermark(), std::string(reason),
                                     name_, nlohmann::json(key), std::move(value)});
  }

  // Emits a row; in a scale-out run, on its key's channel (a row released by a watermark
  // belongs to the channel its key's records came from).
  void emit_row(const typename Engine::Row& r) {
    channels_.emitting(
        *run_, [&] { return key_text(*r.key); },
        [&] {
          emit_(Env{run_, r.time}, r);
        });
  }

  std::string name_;
  Emit emit_;
  RunContext* run_{nullptr};
  KeyChannels channels_;  // scale-out runs only
  Engine engine_;
};

}  // namespace streamlab::detail
