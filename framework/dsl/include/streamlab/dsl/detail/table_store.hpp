/// @file
/// The rows of a table: the latest value per key, checkpointed as JSON.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "streamlab/dsl/detail/graph.hpp"
#include "streamlab/dsl/detail/invoke.hpp"

namespace streamlab::detail {

/// The latest value per key of a KTable (a changelog topic or an aggregation result).
template <class K, class V>
class TableStore final : public Operator {
 public:
  /// An empty table named `name`.
  explicit TableStore(std::string name) : name_(std::move(name)) {}

  /// The operator's name.
  [[nodiscard]] std::string name() const override { return name_; }
  /// The value of `key`, or nullptr.
  [[nodiscard]] const V* get(const K& key) const {
    auto it = rows_.find(key_text(key));
    return it == rows_.end() ? nullptr : &it->second.second;
  }
  /// Sets the value of `key`.
  void put(const K& key, const V& value) {
    rows_.insert_or_assign(key_text(key), std::pair<K, V>{key, value});
  }
  /// Deletes `key` (a tombstone).
  void erase(const K& key) { rows_.erase(key_text(key)); }
  /// The number of keys.
  [[nodiscard]] std::size_t size() const noexcept { return rows_.size(); }
  /// Every (key, value), ordered by the key's JSON text.
  [[nodiscard]] std::map<std::string, std::pair<K, V>> const& rows() const noexcept { return rows_; }

  /// The rows as a JSON array of [key, value] pairs.
  [[nodiscard]] nlohmann::json snapshot() const override {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [text, kv] : rows_) out.push_back(nlohmann::json::array({kv.first, kv.second}));
    return out;
  }
  /// Replaces the rows with a snapshot().
  void restore(const nlohmann::json& state) override {
    rows_.clear();
    for (const auto& kv : state) put(kv.at(0).get<K>(), kv.at(1).get<V>());
  }

 private:
  std::string name_;
  std::map<std::string, std::pair<K, V>> rows_;
};

}  // namespace streamlab::detail
