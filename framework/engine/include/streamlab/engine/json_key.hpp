/// @file
/// JSON values as window keys: one comparison, compare_json_keys(), from which key equality,
/// key order and the key hash all follow, so that two keys are one key for every data structure
/// or for none.
#pragma once

#include <compare>
#include <cstddef>

#include <nlohmann/json.hpp>

namespace streamlab {

/// A key taken from a JSON field, kept as its JSON value (string, number, null, ...).
using JsonKey = nlohmann::json;

/// The canonical total order of keys: `null` first, then `false` < `true`, then numbers by
/// their exact value whatever their representation (`1` equals `1.0`, but 2^53 and 2^53 + 1 are
/// different keys even though they round to the same double), then strings (by bytes), then
/// arrays, then objects (both by their compact JSON text).
[[nodiscard]] std::strong_ordering compare_json_keys(const JsonKey& a, const JsonKey& b);

/// Hashes a JsonKey consistently with compare_json_keys(): keys it calls equal hash alike.
struct JsonKeyHash {
  /// The hash of `key`.
  std::size_t operator()(const JsonKey& key) const;
};

/// Key equality: compare_json_keys() says equal (not nlohmann's ==, which rounds integers to
/// doubles).
struct JsonKeyEqual {
  /// Whether `a` and `b` are the same key.
  bool operator()(const JsonKey& a, const JsonKey& b) const;
};

/// The order used to sort panes by key: compare_json_keys() says less.
struct JsonKeyLess {
  /// Whether `a` sorts before `b`.
  bool operator()(const JsonKey& a, const JsonKey& b) const;
};

}  // namespace streamlab
