/// @file
/// Which repartition partition each key of a stateful operator arrives on, in a scale-out run.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "streamlab/dsl/detail/graph.hpp"

namespace streamlab::detail {

/// Remembers, for each key of a stateful operator, the repartition partition (the channel) its
/// records are read back from in a scale-out run, and names it as the output channel while the
/// operator emits for that key from a watermark or a timer. A restarted instance rebuilds its
/// state by reading its channels again and must not write again what the channel's previous
/// owner already delivered; the runtime asks its source per channel (Source::suppress_output).
/// Outside scale-out runs it does nothing and holds nothing.
class KeyChannels {
 public:
  /// The record being processed for `key` (its text) came from the runtime's input channel.
  void note(RunContext& run, const std::string& key) {
    if (const TopicPartition* channel = run.input_channel()) channels_.insert_or_assign(key, *channel);
  }

  /// Whether keys are tracked at all (a scale-out run): callers skip making key texts otherwise.
  [[nodiscard]] static bool tracking(const RunContext& run) { return run.repartition_through_log(); }

  /// Runs `emit()` with `key`'s channel as the runtime's output channel.
  template <class F>
  void emitting(RunContext& run, const std::string& key, F&& emit) const {
    const auto it = channels_.find(key);
    run.set_output_channel(it == channels_.end() ? nullptr : &it->second);
    std::forward<F>(emit)();
    run.set_output_channel(nullptr);
  }

 private:
  std::map<std::string, TopicPartition> channels_;
};

}  // namespace streamlab::detail
