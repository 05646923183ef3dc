/// @file
/// Ready-made serdes: UTF-8 strings, 64-bit integers, doubles and JSON-mapped structs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "streamlab/dsl/window_result_json.hpp"
#include "streamlab/serde/json_document.hpp"
#include "streamlab/serde/serde.hpp"

namespace streamlab::serdes {

/// Plain text, the bytes as they are; bytes that are not UTF-8 fail with a SerdeError naming the
/// first bad byte, because strings end up in JSON results and JSON holds only UTF-8.
Serde<std::string> String();

/// A decimal integer in text (`42`, `-7`), the way a JSONL file or the console producer writes it.
Serde<std::int64_t> Int64();

/// A decimal floating-point number in text (`3.5`, `1e3`).
Serde<double> Double();

/// A JSON document mapped to `T` through nlohmann_json's `to_json` / `from_json`.
///
/// For a struct, one line next to its definition is enough:
/// @code
/// struct Sale { std::string store; std::string category; double amount; std::int64_t ts; };
/// NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Sale, store, category, amount, ts)
/// auto sale_serde = streamlab::serdes::Json<Sale>();
/// @endcode
/// A document that is not valid JSON, or lacks a field, fails with a SerdeError naming it.
template <class T>
Serde<T> Json() {
  auto read = [](std::string_view bytes, JsonScratch& scratch, nlohmann::json* seen) {
    nlohmann::json own;
    nlohmann::json& doc = seen != nullptr ? *seen : own;  // parsed in place: never copied
    try {
      doc = detail::parse_json_document(bytes, scratch);
    } catch (const nlohmann::json::parse_error& e) {
      throw SerdeError(std::string{"invalid JSON: "} + e.what());
    }
    try {
      return doc.get<T>();
    } catch (const nlohmann::json::exception& e) {
      throw SerdeError(std::string{"JSON does not match the expected type: "} + e.what());
    }
  };
  return Serde<T>{[](const T& value) { return nlohmann::json(value).dump(); },
                  [read](std::string_view bytes) {
                    JsonScratch scratch;  // a caller decoding many messages passes its own
                    return read(bytes, scratch, nullptr);
                  },
                  read};
}

/// The serde a type gets when none is given: String for std::string, Int64 for integers,
/// Double for floating point, WindowResultJson for window results, Json<T> for everything else.
template <class T>
Serde<T> Default() {
  if constexpr (std::is_same_v<T, std::string>) {
    return String();
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    return Int64();
  } else if constexpr (std::is_same_v<T, double>) {
    return Double();
  } else if constexpr (is_window_result<T>::value) {
    return WindowResultJson<decltype(T::key), decltype(T::value)>();
  } else {
    return Json<T>();
  }
}

}  // namespace streamlab::serdes
