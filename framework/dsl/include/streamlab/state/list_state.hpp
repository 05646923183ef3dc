/// @file
/// A list of values per key (Flink's ListState), such as the events of an open session.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "streamlab/state/keyed_state_store.hpp"

namespace streamlab {

/// A handle on one list per key; it reads and writes the list of the key being processed.
/// @tparam T a type nlohmann_json can convert, so the list can be checkpointed.
template <class T>
class ListState {
 public:
  /// An unbound handle; use the one StateRegistry::list() returns.
  ListState() = default;
  /// A handle on state `name` of `store`.
  ListState(KeyedStateStore* store, std::string name) : store_(store), name_(std::move(name)) {}

  /// The list of the current key, in insertion order (empty when none was stored).
  [[nodiscard]] std::vector<T> get() const {
    const auto* slot = store_->find(name_);
    if (slot == nullptr) return {};
    return slot->template get<std::vector<T>>();
  }

  /// Appends `v` to the list of the current key.
  void add(const T& v) {
    auto& slot = store_->slot(name_);
    if (!slot.is_array()) slot = nlohmann::json::array();
    slot.push_back(v);
  }

  /// Replaces the list of the current key; an empty list clears it.
  void update(const std::vector<T>& values) {
    if (values.empty()) {
      clear();
    } else {
      store_->slot(name_) = values;
    }
  }

  /// Forgets the list of the current key.
  void clear() { store_->erase(name_); }

 private:
  KeyedStateStore* store_{nullptr};
  std::string name_;
};

}  // namespace streamlab
