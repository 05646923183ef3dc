/// @file
/// A versioned table: each key's versions by event time, for temporal joins.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "streamlab/dsl/detail/graph.hpp"
#include "streamlab/dsl/fwd.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// A table that keeps its versions by event time (built by StreamsBuilder::table() with
/// Versioned{history}), the right side of a temporal join: `stream.join(table, joiner,
/// JoinGrace{d})` joins each record with the version valid at the record's event time.
/// Its changelog moves the watermark like a stream (the join waits for it).
/// @code
/// auto profiles = builder.table("profiles", Consumed{serdes::String(), serdes::Json<Profile>()},
///                               streamlab::Versioned{std::chrono::hours(1)});
/// auto enriched = clicks.leftJoin(profiles, enrich, streamlab::JoinGrace{std::chrono::minutes(5)});
/// @endcode
template <class K, class V>
class VersionedKTable {
 public:
  /// The key type.
  using key_type = K;
  /// The value type.
  using value_type = V;

  /// A table whose updates come out of `updates` (built by the DSL).
  VersionedKTable(std::shared_ptr<detail::Graph> graph, std::shared_ptr<detail::Port<K, V>> updates,
                  std::vector<std::string> topics, Duration history)
      : graph_(std::move(graph)),
        updates_(std::move(updates)),
        topics_(std::move(topics)),
        history_(history) {}

  /// The port each update (a version at its event time) leaves through (for the joins).
  [[nodiscard]] const std::shared_ptr<detail::Port<K, V>>& updates() const noexcept { return updates_; }
  /// The topics the table is read from (for co-partitioning checks).
  [[nodiscard]] const std::vector<std::string>& topics() const noexcept { return topics_; }
  /// How far behind the watermark versions are kept.
  [[nodiscard]] Duration history_retention() const noexcept { return history_; }

 private:
  std::shared_ptr<detail::Graph> graph_;
  std::shared_ptr<detail::Port<K, V>> updates_;
  std::vector<std::string> topics_;
  Duration history_;
};

}  // namespace streamlab
