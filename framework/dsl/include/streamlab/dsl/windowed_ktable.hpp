/// @file
/// The result of a windowed aggregation: one value per key and window, emitted as panes.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "streamlab/dsl/detail/graph.hpp"
#include "streamlab/dsl/detail/stream_info.hpp"
#include "streamlab/dsl/fwd.hpp"
#include "streamlab/engine/window_result.hpp"

namespace streamlab {

/// The panes of a windowed aggregation (Kafka Streams' `KTable<Windowed<K>, A>`).
///
/// toStream() gives one WindowResult per pane: key, window, value, pane (ON_TIME, LATE,
/// UPDATE, EARLY, COMPLETE) and the count of events in the window.
template <class K, class A>
class WindowedKTable {
 public:
  /// One pane.
  using Result = WindowResult<K, A>;

  /// Panes coming out of `port` (built by the DSL).
  WindowedKTable(std::shared_ptr<detail::Graph> graph, std::shared_ptr<detail::Port<K, Result>> port,
                 std::vector<std::string> topics, std::function<std::size_t()> windows_held)
      : graph_(std::move(graph)),
        port_(std::move(port)),
        topics_(std::move(topics)),
        windows_held_(std::move(windows_held)) {}

  /// The stream of panes, keyed by the group key, each with the window's end - 1 ms as its time.
  [[nodiscard]] KStream<K, Result> toStream() const {
    return detail::StreamAccess<K, Result>::make(graph_, port_, detail::StreamInfo{false, topics_});
  }

  /// The number of (key, window) aggregates the operator holds right now.
  [[nodiscard]] std::size_t windows_held() const { return windows_held_(); }

 private:
  std::shared_ptr<detail::Graph> graph_;
  std::shared_ptr<detail::Port<K, Result>> port_;
  std::vector<std::string> topics_;
  std::function<std::size_t()> windows_held_;
};

}  // namespace streamlab
