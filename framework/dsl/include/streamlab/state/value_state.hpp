/// @file
/// One value per key (Flink's ValueState), such as the last reading of a sensor.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "streamlab/state/keyed_state_store.hpp"

namespace streamlab {

/// A handle on one value per key; it reads and writes the slot of the key being processed.
///
/// Obtain it in KeyedProcessFunction::open() with `state.value<T>("name")` and keep it as a member.
/// @tparam T a type nlohmann_json can convert (numbers, strings, structs with
///           NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE), so the value can be checkpointed.
template <class T>
class ValueState {
 public:
  /// An unbound handle; use the one StateRegistry::value() returns.
  ValueState() = default;
  /// A handle on state `name` of `store`.
  ValueState(KeyedStateStore* store, std::string name) : store_(store), name_(std::move(name)) {}

  /// The value of the current key, or std::nullopt when none was stored.
  [[nodiscard]] std::optional<T> value() const {
    const auto* slot = store_->find(name_);
    if (slot == nullptr) return std::nullopt;
    return slot->template get<T>();
  }

  /// The value of the current key, or `fallback` when none was stored.
  [[nodiscard]] T value_or(T fallback) const {
    auto v = value();
    return v ? *std::move(v) : std::move(fallback);
  }

  /// Stores `v` for the current key.
  void update(const T& v) { store_->slot(name_) = v; }

  /// Forgets the value of the current key (frees its memory).
  void clear() { store_->erase(name_); }

 private:
  KeyedStateStore* store_{nullptr};
  std::string name_;
};

}  // namespace streamlab
