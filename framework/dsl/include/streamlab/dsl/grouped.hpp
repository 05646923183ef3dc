/// @file
/// The serdes of a grouped stream, used when its records travel through a repartition topic.
#pragma once

#include <string>
#include <utility>

#include "streamlab/serde/serde.hpp"
#include "streamlab/serde/serdes.hpp"

namespace streamlab {

/// Serdes and an optional name for groupBy / groupByKey (Kafka Streams' Grouped).
///
/// The name fixes the repartition topic, `<application>-<name>-repartition`; without one the
/// runtime generates a name from the operator's position in the topology.
template <class K, class V>
struct Grouped {
  Serde<K> key_serde = serdes::Default<K>();    ///< Serde of the new key.
  Serde<V> value_serde = serdes::Default<V>();  ///< Serde of the value.
  std::string name;                             ///< Repartition topic name part, may be empty.

  /// Serdes and the default name.
  static Grouped with(Serde<K> k, Serde<V> v) { return Grouped{std::move(k), std::move(v), {}}; }
  /// The same serdes with a name for the repartition topic.
  Grouped withName(std::string n) const {
    Grouped g = *this;
    g.name = std::move(n);
    return g;
  }
};

}  // namespace streamlab
