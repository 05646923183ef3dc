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
  /// The record being processed for a key came from the runtime's input channel. `key_text()`
  /// makes the key's text; it is called only in a scale-out run, so other runs never pay for it.
  template <class KeyText>
  void note(RunContext& run, KeyText&& key_text) {
    if (!tracking(run)) return;
    if (const TopicPartition* channel = run.input_channel())
      channels_.insert_or_assign(std::string(std::forward<KeyText>(key_text)()), *channel);
  }

  /// Runs `emit()`; in a scale-out run with the channel of the key `key_text()` names as the
  /// runtime's output channel (`key_text` is called only then).
  template <class KeyText, class F>
  void emitting(RunContext& run, KeyText&& key_text, F&& emit) const {
    if (!tracking(run)) {
      std::forward<F>(emit)();
      return;
    }
    const auto it = channels_.find(std::forward<KeyText>(key_text)());
    run.set_output_channel(it == channels_.end() ? nullptr : &it->second);
    std::forward<F>(emit)();
    run.set_output_channel(nullptr);
  }

 private:
  // Keys are tracked in scale-out runs only.
  [[nodiscard]] static bool tracking(const RunContext& run) {
    return run.repartition_path() == RepartitionPath::ThroughTopic;
  }

  std::map<std::string, TopicPartition> channels_;
};

}  // namespace streamlab::detail
