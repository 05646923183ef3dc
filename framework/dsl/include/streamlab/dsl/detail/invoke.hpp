/// @file
/// Calls a user function with (key, value) or with (value) alone, whichever it accepts, so a
/// lab can write `mapValues([](const Sale& s) { ... })` without an unused key parameter.
#pragma once

#include <string>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

namespace streamlab::detail {

/// `f(k, v)` when `f` takes two arguments, else `f(v)`.
template <class F, class K, class V>
decltype(auto) call_kv(F& f, const K& k, const V& v) {
  if constexpr (std::is_invocable_v<F&, const K&, const V&>) {
    return f(k, v);
  } else {
    return f(v);
  }
}

/// The type `call_kv(f, k, v)` returns, without references or const.
template <class F, class K, class V>
using call_kv_result_t =
    std::decay_t<decltype(call_kv(std::declval<F&>(), std::declval<const K&>(), std::declval<const V&>()))>;

/// A key rendered as JSON text: the form keyed state and tables index by.
template <class K>
std::string key_text(const K& key) {
  return nlohmann::json(key).dump();
}

}  // namespace streamlab::detail
