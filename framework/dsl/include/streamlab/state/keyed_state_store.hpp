/// @file
/// The per-key state of one operator: named slots of JSON, scoped to the key being processed.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace streamlab {

/// Holds every named state of one keyed operator, for every key, as JSON documents.
///
/// The runtime sets the current key before it calls user code, so ValueState, MapState and
/// ListState handles read and write the slot of that key only (Flink's keyed state). JSON is the
/// storage form so that a checkpoint can copy the whole store without knowing the user's types;
/// a state type therefore needs nlohmann_json's `to_json` / `from_json`.
class KeyedStateStore {
 public:
  /// Makes `key` (a key rendered as JSON text) the key that state handles read and write.
  void set_current_key(std::string key) { current_key_ = std::move(key); }

  /// The key that state handles currently read and write, as JSON text.
  [[nodiscard]] const std::string& current_key() const noexcept { return current_key_; }

  /// The slot of state `name` for the current key, or nullptr when it holds nothing.
  [[nodiscard]] const nlohmann::json* find(const std::string& name) const {
    auto by_name = slots_.find(name);
    if (by_name == slots_.end()) return nullptr;
    auto by_key = by_name->second.find(current_key_);
    return by_key == by_name->second.end() ? nullptr : &by_key->second;
  }

  /// The slot of state `name` for the current key, created as JSON null when absent.
  nlohmann::json& slot(const std::string& name) { return slots_[name][current_key_]; }

  /// Removes the slot of state `name` for the current key.
  void erase(const std::string& name) {
    auto by_name = slots_.find(name);
    if (by_name == slots_.end()) return;
    by_name->second.erase(current_key_);
    if (by_name->second.empty()) slots_.erase(by_name);
  }

  /// The number of (state, key) slots held: what a memory test watches.
  [[nodiscard]] std::size_t size() const {
    std::size_t n = 0;
    for (const auto& [name, by_key] : slots_) n += by_key.size();
    return n;
  }

  /// The whole store as one JSON document, for a checkpoint.
  [[nodiscard]] nlohmann::json snapshot() const { return nlohmann::json(slots_); }

  /// Replaces the store with a snapshot() taken earlier.
  void restore(const nlohmann::json& snapshot) {
    slots_ = snapshot.get<std::map<std::string, std::map<std::string, nlohmann::json>>>();
  }

 private:
  std::map<std::string, std::map<std::string, nlohmann::json>> slots_;
  std::string current_key_;
};

}  // namespace streamlab
