/// @file
/// A key and a value together: what map and flatMap return.
#pragma once

#include <utility>

namespace streamlab {

/// A record's key and value, as Kafka Streams' KeyValue.
template <class K, class V>
struct KeyValue {
  K key;    ///< The key.
  V value;  ///< The value.
  /// Field-by-field equality.
  friend bool operator==(const KeyValue&, const KeyValue&) = default;
};

/// Deduces a KeyValue from its two parts: `return streamlab::pair(word, 1);`.
template <class K, class V>
KeyValue<K, V> pair(K key, V value) {
  return KeyValue<K, V>{std::move(key), std::move(value)};
}

}  // namespace streamlab
