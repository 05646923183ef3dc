/// @file
/// A map per key (Flink's MapState), such as counts per product for each user.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "streamlab/state/keyed_state_store.hpp"

namespace streamlab {

/// A handle on one map per key; it reads and writes the map of the key being processed.
/// @tparam UK the map's key type, @tparam UV its value type; both must convert to JSON.
template <class UK, class UV>
class MapState {
 public:
  /// An unbound handle; use the one StateRegistry::map() returns.
  MapState() = default;
  /// A handle on state `name` of `store`.
  MapState(KeyedStateStore* store, std::string name) : store_(store), name_(std::move(name)) {}

  /// The value at `k` in the current key's map, or std::nullopt.
  [[nodiscard]] std::optional<UV> get(const UK& k) const {
    const auto* slot = store_->find(name_);
    if (slot == nullptr) return std::nullopt;
    auto it = slot->find(entry_key(k));
    if (it == slot->end()) return std::nullopt;
    return it->at(1).template get<UV>();
  }

  /// Whether the current key's map holds `k`.
  [[nodiscard]] bool contains(const UK& k) const { return get(k).has_value(); }

  /// Sets `k` to `v` in the current key's map.
  void put(const UK& k, const UV& v) {
    store_->slot(name_)[entry_key(k)] = nlohmann::json::array({nlohmann::json(k), nlohmann::json(v)});
  }

  /// Removes `k` from the current key's map; an emptied map frees its slot.
  void remove(const UK& k) {
    if (store_->find(name_) == nullptr) return;
    auto& slot = store_->slot(name_);
    slot.erase(entry_key(k));
    if (slot.empty()) store_->erase(name_);
  }

  /// Every (key, value) of the current key's map, ordered by the key's JSON text.
  [[nodiscard]] std::vector<std::pair<UK, UV>> entries() const {
    std::vector<std::pair<UK, UV>> out;
    const auto* slot = store_->find(name_);
    if (slot == nullptr) return out;
    for (const auto& [text, kv] : slot->items()) {
      out.emplace_back(kv.at(0).template get<UK>(), kv.at(1).template get<UV>());
    }
    return out;
  }

  /// Forgets the whole map of the current key.
  void clear() { store_->erase(name_); }

 private:
  static std::string entry_key(const UK& k) { return nlohmann::json(k).dump(); }

  KeyedStateStore* store_{nullptr};
  std::string name_;
};

}  // namespace streamlab
