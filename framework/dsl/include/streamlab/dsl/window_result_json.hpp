/// @file
/// The JSON form of a window result: `{"key", "window_start", "window_end", "value", "pane",
/// "count"}` with ISO-8601 times, as result topics and files carry it.
#pragma once

#include <string>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "streamlab/engine/pane.hpp"
#include "streamlab/engine/window_result.hpp"
#include "streamlab/serde/serde.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

namespace detail {
/// Reads a pane name (`ON_TIME`, `LATE`, ...).
/// @throws std::invalid_argument for an unknown name.
Pane parse_pane(const std::string& text);
}  // namespace detail

/// The JSON document of a window result.
template <class K, class A>
nlohmann::json window_result_to_json(const WindowResult<K, A>& r) {
  return {{"key", r.key},
          {"window_start", format_timestamp(r.window.start)},
          {"window_end", format_timestamp(r.window.end)},
          {"value", r.value},
          {"pane", std::string{to_string(r.pane)}},
          {"count", r.count}};
}

/// Reads the JSON document of a window result.
template <class K, class A>
WindowResult<K, A> window_result_from_json(const nlohmann::json& j) {
  return WindowResult<K, A>{j.at("key").get<K>(),
                            Window{parse_timestamp(j.at("window_start").get<std::string>()),
                                   parse_timestamp(j.at("window_end").get<std::string>())},
                            j.at("value").get<A>(), detail::parse_pane(j.at("pane").get<std::string>()),
                            j.at("count").get<std::int64_t>()};
}

/// Whether `T` is a WindowResult.
template <class T>
struct is_window_result : std::false_type {};
/// A WindowResult is one.
template <class K, class A>
struct is_window_result<WindowResult<K, A>> : std::true_type {};

namespace serdes {
/// The serde of window results: their JSON document (see window_result_to_json()).
template <class K, class A>
Serde<WindowResult<K, A>> WindowResultJson() {
  return Serde<WindowResult<K, A>>{
      [](const WindowResult<K, A>& r) { return window_result_to_json(r).dump(); },
      [](std::string_view bytes) { return window_result_from_json<K, A>(nlohmann::json::parse(bytes)); }};
}
}  // namespace serdes

namespace detail {
/// The JSON of any value written to a file: window results in their documented form, other
/// types through their `to_json`.
template <class T>
nlohmann::json to_json_value(const T& v) {
  if constexpr (is_window_result<T>::value) {
    return window_result_to_json(v);
  } else {
    return nlohmann::json(v);
  }
}
}  // namespace detail

}  // namespace streamlab
