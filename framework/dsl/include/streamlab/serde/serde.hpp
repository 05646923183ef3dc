/// @file
/// A serde turns a typed key or value into the bytes a log stores, and back.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

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

  /// Builds a serde from its two halves.
  Serde(Serializer serialize, Deserializer deserialize)
      : serialize_(std::move(serialize)), deserialize_(std::move(deserialize)) {}

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

 private:
  Serializer serialize_;
  Deserializer deserialize_;
};

}  // namespace streamlab
