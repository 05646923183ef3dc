/// @file
/// A table: the latest value per key (Kafka Streams' KTable).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "streamlab/dsl/detail/graph.hpp"
#include "streamlab/dsl/detail/stream_info.hpp"
#include "streamlab/dsl/detail/table_store.hpp"
#include "streamlab/dsl/fwd.hpp"

namespace streamlab {

/// The latest value per key of a changelog topic or of an aggregation.
///
/// A table is the right side of a stream-table join, and toStream() turns its changes into a
/// stream (one record per update, Kafka Streams' "emit on change" without caching).
/// @code
/// auto profiles = builder.table("profiles", streamlab::Consumed{streamlab::serdes::String(),
///                                                                streamlab::serdes::Json<Profile>()});
/// auto enriched = clicks.join(profiles, [](const Click& c, const Profile& p) { return Enriched{c, p}; });
/// @endcode
template <class K, class V>
class KTable {
 public:
  /// The key type.
  using key_type = K;
  /// The value type.
  using value_type = V;

  /// A table over `store` whose updates come out of `changes` (built by the DSL).
  KTable(std::shared_ptr<detail::Graph> graph, std::shared_ptr<detail::TableStore<K, V>> store,
         std::shared_ptr<detail::Port<K, V>> changes, std::vector<std::string> topics)
      : graph_(std::move(graph)),
        store_(std::move(store)),
        changes_(std::move(changes)),
        topics_(std::move(topics)) {}

  /// The stream of the table's updates: each new value of a key, with the event time of the
  /// record that caused it.
  [[nodiscard]] KStream<K, V> toStream() const {
    return detail::StreamAccess<K, V>::make(graph_, changes_, detail::StreamInfo{false, topics_});
  }

  /// The rows (for joins and tests that inspect a table after a run).
  [[nodiscard]] const std::shared_ptr<detail::TableStore<K, V>>& store() const noexcept { return store_; }
  /// The topics the table is read from (for co-partitioning checks).
  [[nodiscard]] const std::vector<std::string>& topics() const noexcept { return topics_; }

 private:
  std::shared_ptr<detail::Graph> graph_;
  std::shared_ptr<detail::TableStore<K, V>> store_;
  std::shared_ptr<detail::Port<K, V>> changes_;
  std::vector<std::string> topics_;
};

}  // namespace streamlab

#include "streamlab/dsl/kstream.hpp"
