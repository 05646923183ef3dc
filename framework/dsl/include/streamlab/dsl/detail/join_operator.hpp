/// @file
/// What the DSL's two time-aware joins share: how an arriving record is fed to the engine and
/// counted, and where their rows, late records and unmatched records go.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "streamlab/dsl/detail/graph.hpp"
#include "streamlab/dsl/detail/key_channels.hpp"
#include "streamlab/dsl/detail/key_text_less.hpp"
#include "streamlab/engine/join_common.hpp"

namespace streamlab::detail {

/// The base of the DSL's temporal and windowed joins over keys `K`, emitting `Row`s (an
/// engine's JoinRow). It keeps the runtime the engine's callbacks report to and, in a scale-out
/// run, the channel each key's records came from, so a row released later by the watermark is
/// written on its key's channel.
template <class K, class Row>
class JoinOperator : public Operator {
 public:
  /// Receives each row, with the runtime and the row's event time.
  using Emit = std::function<void(const Env&, const Row&)>;

  /// The operator's name.
  [[nodiscard]] std::string name() const override { return name_; }

 protected:
  /// A join named `name` emitting its rows to `emit`.
  JoinOperator(std::string name, Emit emit) : name_(std::move(name)), emit_(std::move(emit)) {}

  /// Feeds a record of `key` arriving in `env` to the engine (`feed()`); it contributed unless
  /// the engine's late count for its side (`late()`) rose. Returns true when it was late.
  template <class Late, class Feed>
  bool arrive(const Env& env, const K& key, Late late, Feed feed) {
    run_ = env.run;
    channels_.note(*env.run, [&] { return key_text(key); });
    const std::int64_t before = late();
    feed();
    if (late() != before) return true;
    env.run->mark_contributed();
    return false;
  }

  /// The runtime that drives a watermark or end-of-input step.
  void driven_by(RunContext& run) { run_ = &run; }

  /// Emits a row; in a scale-out run on its key's channel.
  void emit_row(const Row& r) {
    channels_.emitting(
        *run_, [&] { return key_text(*r.key); },
        [&] {
          emit_(Env{run_, r.time}, r);
        });
  }

  /// Reports a record the join dropped: a late one to the late output (judged against
  /// `watermark`, with `reason`), an unmatched one to the accounting.
  void dropped(JoinFate fate, const K& key, Timestamp time, Timestamp watermark, nlohmann::json value,
               std::string_view reason) {
    if (fate == JoinFate::Unmatched) {
      run_->count_join_unmatched();
      return;
    }
    const Origin& o = run_->origin();
    run_->send_late(LateOutputRecord{o.source, o.offset, time, watermark, std::string(reason), name_,
                                     nlohmann::json(key), std::move(value)});
  }

 private:
  std::string name_;
  Emit emit_;
  RunContext* run_{nullptr};
  KeyChannels channels_;  // scale-out runs only
};

}  // namespace streamlab::detail
