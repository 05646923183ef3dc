/// @file
/// The DSL's temporal stream-table join: the engine's TemporalJoin driven by the Runtime (stream
/// records, versioned-table updates, the topology watermark), checkpointed as JSON.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "streamlab/dsl/detail/join_operator.hpp"
#include "streamlab/dsl/detail/key_text_less.hpp"
#include "streamlab/engine/temporal_join.hpp"

namespace streamlab::detail {

/// A temporal join of a stream of `V` with a versioned table of `VT`, keyed by `K`. The table's
/// watermark is the topology's (the table's changelog counts in its minimum, so it never runs
/// ahead of the table side). Rows go to `emit`; a late record goes to the late output; an inner
/// join's unmatched record is counted in Accounting::join_unmatched.
template <class K, class V, class VT>
class TemporalJoinOperator final : public JoinOperator<K, typename TemporalJoin<K, V, VT, KeyTextLess>::Row> {
 public:
  using Engine = TemporalJoin<K, V, VT, KeyTextLess>;  ///< The join rules.
  using Base = JoinOperator<K, typename Engine::Row>;  ///< What both time-aware joins share.

  /// A join named `name` with `config`, emitting rows to `emit`.
  TemporalJoinOperator(std::string name, TemporalJoinConfig config, typename Base::Emit emit)
      : Base(std::move(name), std::move(emit)),
        engine_(
            config, [this](const typename Engine::Row& r) { this->emit_row(r); },
            [this](const typename Engine::LeftDrop& d) {
              this->dropped(d.fate, *d.key, d.time, engine_.table_watermark(), nlohmann::json(*d.value),
                            d.reason);
            },
            {}) {}

  /// A stream record arrives.
  void left(const Env& env, const K& key, const V& value) {
    this->arrive(
        env, key, [&] { return engine_.left_counts().late; },
        [&] { engine_.on_left(key, env.timestamp, value); });
  }

  /// A table update (a version at its event time) arrives.
  void right(const Env& env, const K& key, const VT& value) {
    const bool late = this->arrive(
        env, key, [&] { return engine_.right_counts().late; },
        [&] { engine_.on_right(key, env.timestamp, value); });
    if (late) {
      this->dropped(JoinFate::Late, key, env.timestamp, engine_.table_watermark(), nlohmann::json(value),
                    "a version older than the table's history retention");
    }
  }

  /// The topology watermark rose: release what waits, free versions behind the horizon.
  void on_watermark(RunContext& run, Timestamp watermark) override {
    this->driven_by(run);
    engine_.on_table_watermark(watermark);
  }

  /// End of input: every version no record used is counted (nothing is left waiting).
  void on_finished(RunContext& run) override {
    this->driven_by(run);
    engine_.end_of_input();
  }

  /// Buffered records, versions, watermark, stream time and counts as JSON.
  [[nodiscard]] nlohmann::json snapshot() const override {
    const auto s = engine_.snapshot();
    nlohmann::json buffered = nlohmann::json::array();
    for (const auto& b : s.buffered) buffered.push_back({b.key, to_millis(b.time), b.value, b.seq});
    nlohmann::json versions = nlohmann::json::array();
    for (const auto& v : s.versions) versions.push_back({v.key, to_millis(v.time), v.value, v.seq, v.used});
    return {{"buffered", buffered},
            {"versions", versions},
            {"table_watermark", to_millis(s.table_watermark)},
            {"stream_time", to_millis(s.stream_time)},
            {"next_seq", s.next_seq},
            {"left", nlohmann::json(s.left)},
            {"right", nlohmann::json(s.right)}};
  }

  /// Replaces the state with a snapshot().
  void restore(const nlohmann::json& j) override {
    typename Engine::State s;
    for (const auto& b : j.at("buffered"))
      s.buffered.push_back({b.at(0).get<K>(), from_millis(b.at(1).get<std::int64_t>()), b.at(2).get<V>(),
                            b.at(3).get<std::int64_t>()});
    for (const auto& v : j.at("versions"))
      s.versions.push_back({v.at(0).get<K>(), from_millis(v.at(1).get<std::int64_t>()), v.at(2).get<VT>(),
                            v.at(3).get<std::int64_t>(), v.at(4).get<bool>()});
    s.table_watermark = from_millis(j.at("table_watermark").get<std::int64_t>());
    s.stream_time = from_millis(j.at("stream_time").get<std::int64_t>());
    s.next_seq = j.at("next_seq").get<std::int64_t>();
    s.left = j.at("left").get<JoinSideCounts>();
    s.right = j.at("right").get<JoinSideCounts>();
    engine_.restore(s);
  }

  /// Stream records waiting plus table versions kept: the state the watermark frees.
  [[nodiscard]] std::size_t windows_held() const override { return engine_.buffered() + engine_.versions(); }

  /// The join's state and counts (for tests).
  [[nodiscard]] const Engine& engine() const { return engine_; }

 private:
  Engine engine_;
};

}  // namespace streamlab::detail
