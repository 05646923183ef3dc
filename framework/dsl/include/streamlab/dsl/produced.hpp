/// @file
/// How a stream is written to a topic: its serdes.
#pragma once

#include <utility>

#include "streamlab/serde/serde.hpp"
#include "streamlab/serde/serdes.hpp"

namespace streamlab {

/// The serdes of a sink topic (Kafka Streams' Produced).
template <class K, class V>
struct Produced {
  Serde<K> key_serde = serdes::Default<K>();    ///< Serde of the key.
  Serde<V> value_serde = serdes::Default<V>();  ///< Serde of the value.

  /// Produced with the given serdes.
  static Produced with(Serde<K> k, Serde<V> v) { return Produced{std::move(k), std::move(v)}; }
};

}  // namespace streamlab
