/// @file
/// A serde turns a typed key or value into the bytes a log stores, and back.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json_fwd.hpp>

#include "streamlab/serde/json_scratch.hpp"

namespace streamlab {

/// Bytes that could not be turned into a value; the runtime sends such a record to the dead letters.
class SerdeError : public std::runtime_error {
 public:
  /// Builds the error from the reason, such as "invalid JSON at byte 3".
  explicit SerdeError(const std::string& reason) : std::runtime_error(reason) {}
};

/// Serializer and deserializer of one type `T` (Kafka's Serde).
///
/// A serde is a small value: copy it freely. Build one with the factories in serdes.hpp, or from
/// two functions of your own:
/// @code
/// streamlab::Serde<int> digit{[](const int& d) { return std::to_string(d); },
///                             [](std::string_view s) { return std::stoi(std::string{s}); }};
/// @endcode
template <class T>
class Serde {
 public:
  /// The type this serde reads and writes.
  using value_type = T;
  /// Turns a value into bytes.
  using Serializer = std::function<std::string(const T&)>;
  /// Turns bytes into a value; throws (preferably SerdeError) when the bytes are malformed.
  using Deserializer = std::function<T(std::string_view)>;
  /// Turns bytes that are a JSON document into a value, parsing them with a reused parser and
  /// handing the parsed document to `seen` (when not null) before building the value, so that a
  /// source can read the event-time field from the same parse; throws like a Deserializer.
  using DocumentDeserializer = std::function<T(std::string_view, serdes::JsonScratch&, nlohmann::json* seen)>;

  /// Builds a serde from its two halves.
  Serde(Serializer serialize, Deserializer deserialize)
      : serialize_(std::move(serialize)), deserialize_(std::move(deserialize)) {}

  /// Builds a serde whose bytes are JSON documents (serdes::Json): `deserialize_document` is what
  /// a Runtime decodes with, `deserialize` what a caller without a JsonScratch gets.
  Serde(Serializer serialize, Deserializer deserialize, DocumentDeserializer deserialize_document)
      : serialize_(std::move(serialize)),
        deserialize_(std::move(deserialize)),
        deserialize_document_(std::move(deserialize_document)) {}

  /// The bytes of `value`.
  [[nodiscard]] std::string serialize(const T& value) const { return serialize_(value); }

  /// The value in `bytes`.
  /// @throws SerdeError when the bytes are not a valid encoding of a `T`.
  [[nodiscard]] T deserialize(std::string_view bytes) const {
    try {
      return deserialize_(bytes);
    } catch (const SerdeError&) {
      throw;
    } catch (const std::exception& e) {
      throw SerdeError(e.what());
    }
  }

  /// Whether the bytes are JSON documents that deserialize(bytes, scratch, seen) parses once.
  [[nodiscard]] bool reads_json_documents() const noexcept {
    return static_cast<bool>(deserialize_document_);
  }

  /// The value in `bytes`, as deserialize(bytes) gives it, parsed with the parser in `scratch`
  /// when the bytes are JSON documents. When they are and `seen` is not null, `*seen` is the
  /// parsed document even if building the value fails afterwards (it stays untouched when the
  /// bytes are not JSON, or when this serde does not read JSON documents).
  /// @throws SerdeError when the bytes are not a valid encoding of a `T`.
  [[nodiscard]] T deserialize(std::string_view bytes, serdes::JsonScratch& scratch,
                              nlohmann::json* seen = nullptr) const {
    if (!deserialize_document_) return deserialize(bytes);
    try {
      return deserialize_document_(bytes, scratch, seen);
    } catch (const SerdeError&) {
      throw;
    } catch (const std::exception& e) {
      throw SerdeError(e.what());
    }
  }

 private:
  Serializer serialize_;
  Deserializer deserialize_;
  DocumentDeserializer deserialize_document_;
};

}  // namespace streamlab
