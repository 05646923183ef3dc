/// @file
/// The DSL's temporal stream-table join: the engine's TemporalJoin driven by the Runtime (stream
/// records, versioned-table updates, the topology watermark), checkpointed as JSON.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "streamlab/dsl/detail/graph.hpp"
#include "streamlab/dsl/detail/key_channels.hpp"
#include "streamlab/dsl/detail/key_text_less.hpp"
#include "streamlab/engine/temporal_join.hpp"

namespace streamlab::detail {

/// A temporal join of a stream of `V` with a versioned table of `VT`, keyed by `K`. The table's
/// watermark is the topology's (the table's changelog counts in its minimum, so it never runs
/// ahead of the table side). Rows go to `emit`; a late record goes to the late output; an inner
/// join's unmatched record is counted in Accounting::join_unmatched.
template <class K, class V, class VT>
class TemporalJoinOperator final : public Operator {
 public:
  using Engine = TemporalJoin<K, V, VT, KeyTextLess>;  ///< The join rules.
  /// Receives each row, with the runtime and the row's event time.
  using Emit = std::function<void(const Env&, const typename Engine::Row&)>;

  /// A join named `name` with `config`, emitting rows to `emit`.
  TemporalJoinOperator(std::string name, TemporalJoinConfig config, Emit emit)
      : name_(std::move(name)),
        emit_(std::move(emit)),
        engine_(
            config, [this](const typename Engine::Row& r) { emit_row(r); },
            [this](const typename Engine::LeftDrop& d) { on_drop(d); }, {}) {}

  /// A stream record arrives.
  void left(const Env& env, const K& key, const V& value) {
    run_ = env.run;
    channels_.note(*env.run, [&] { return key_text(key); });
    const std::int64_t late = engine_.left_counts().late;
    engine_.on_left(key, env.timestamp, value);
    if (engine_.left_counts().late == late) env.run->mark_contributed();
  }

  /// A table update (a version at its event time) arrives.
  void right(const Env& env, const K& key, const VT& value) {
    run_ = env.run;
    channels_.note(*env.run, [&] { return key_text(key); });
    const std::int64_t late = engine_.right_counts().late;
    engine_.on_right(key, env.timestamp, value);
    if (engine_.right_counts().late == late) {
      env.run->mark_contributed();
    } else {
      send_late(key, env.timestamp, nlohmann::json(value),
                "a version older than the table's history retention");
    }
  }

  /// The operator's name.
  [[nodiscard]] std::string name() const override { return name_; }

  /// The topology watermark rose: release what waits, free versions behind the horizon.
  void on_watermark(RunContext& run, Timestamp watermark) override {
    run_ = &run;
    engine_.on_table_watermark(watermark);
  }

  /// End of input: every version no record used is counted (nothing is left waiting).
  void on_finished(RunContext& run) override {
    run_ = &run;
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
  void on_drop(const typename Engine::LeftDrop& d) {
    if (d.fate == JoinFate::Late) {
      send_late(*d.key, d.time, nlohmann::json(*d.value), std::string(d.reason));
    } else {
      run_->count_join_unmatched();
    }
  }

  void send_late(const K& key, Timestamp time, nlohmann::json value, std::string reason) {
    const Origin& o = run_->origin();
    run_->send_late(LateOutputRecord{o.source, o.offset, time, engine_.table_watermark(), std::move(reason),
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
