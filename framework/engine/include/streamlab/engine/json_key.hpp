/// @file
/// JSON values as window keys: a hash and a total order consistent with JSON equality.
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

namespace streamlab {

/// A key taken from a JSON field, kept as its JSON value (string, number, null, ...).
using JsonKey = nlohmann::json;

/// Hashes a JsonKey so that equal values (including `1` and `1.0`, which JSON equality treats
/// as equal) hash alike.
struct JsonKeyHash {
  /// The hash of `key`.
  std::size_t operator()(const JsonKey& key) const;
};

/// The total order used to sort panes by key: `null` first, then `false` < `true`, then numbers
/// (numerically, integers and doubles compared exactly enough to be consistent), then strings
/// (lexicographically by bytes), then arrays, then objects (both by their compact JSON text).
struct JsonKeyLess {
  /// Whether `a` sorts before `b`.
  bool operator()(const JsonKey& a, const JsonKey& b) const;
};

}  // namespace streamlab
