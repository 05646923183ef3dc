/// @file
/// The DSL's windowed stream-stream join: the engine's IntervalJoin driven by the Runtime (the
/// records of both streams and the topology watermark), checkpointed as JSON.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "streamlab/dsl/detail/join_operator.hpp"
#include "streamlab/dsl/detail/key_text_less.hpp"
#include "streamlab/engine/interval_join.hpp"

namespace streamlab::detail {

/// A windowed join of a stream of `V` with a stream of `VO`, keyed by `K`. The join watermark
/// is the topology's (the minimum over both streams' partitions). Rows go to `emit`; a late
/// record goes to the late output; an unmatched record a join does not emit is counted in
/// Accounting::join_unmatched.
template <class K, class V, class VO>
class IntervalJoinOperator final : public JoinOperator<K, typename IntervalJoin<K, V, VO, KeyTextLess>::Row> {
 public:
  using Engine = IntervalJoin<K, V, VO, KeyTextLess>;  ///< The join rules.
  using Base = JoinOperator<K, typename Engine::Row>;  ///< What both time-aware joins share.

  /// A join named `name` with `config`, emitting rows to `emit`.
  IntervalJoinOperator(std::string name, IntervalJoinConfig config, typename Base::Emit emit)
      : Base(std::move(name), std::move(emit)),
        engine_(
            config, [this](const typename Engine::Row& r) { this->emit_row(r); },
            [this](const typename Engine::LeftDrop& d) { drop(d); },
            [this](const typename Engine::RightDrop& d) { drop(d); }) {}

  /// A record of the left stream arrives.
  void left(const Env& env, const K& key, const V& value) {
    this->arrive(
        env, key, [&] { return engine_.left_counts().late; },
        [&] { engine_.on_left(key, env.timestamp, value); });
  }

  /// A record of the right stream arrives.
  void right(const Env& env, const K& key, const VO& value) {
    this->arrive(
        env, key, [&] { return engine_.right_counts().late; },
        [&] { engine_.on_right(key, env.timestamp, value); });
  }

  /// The topology watermark rose: close the windows it passes.
  void on_watermark(RunContext& run, Timestamp watermark) override {
    this->driven_by(run);
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
  template <class Drop>
  void drop(const Drop& d) {
    this->dropped(d.fate, *d.key, d.time, engine_.watermark(), nlohmann::json(*d.value), d.reason);
  }

  Engine engine_;
};

}  // namespace streamlab::detail
