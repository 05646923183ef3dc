/// @file
/// An in-memory sink for tests: every record a stream produced, with its event time.
#pragma once

#include <cstddef>
#include <map>
#include <vector>

#include "streamlab/time.hpp"

namespace streamlab {

/// Collects the records of a stream in memory, for tests and notebooks.
///
/// @code
/// streamlab::Collector<std::string, std::int64_t> counts;
/// words.groupByKey().count().toStream().collect(counts);
/// // ... run ...
/// EXPECT_EQ(counts.latest().at("cat"), 3);
/// @endcode
/// The collector must outlive the runtime that fills it. Under exactly-once delivery it only
/// receives committed output, so after a crash and restart it holds what a consumer would see.
template <class K, class V>
class Collector {
 public:
  /// One collected record.
  struct Entry {
    K key;                ///< The key.
    V value;              ///< The value.
    Timestamp timestamp;  ///< Its event time.
  };

  /// Appends a record (called by the runtime).
  void add(const K& key, const V& value, Timestamp t) { entries_.push_back(Entry{key, value, t}); }

  /// Every record in output order.
  [[nodiscard]] const std::vector<Entry>& entries() const noexcept { return entries_; }

  /// The values only, in output order.
  [[nodiscard]] std::vector<V> values() const {
    std::vector<V> out;
    out.reserve(entries_.size());
    for (const auto& e : entries_) out.push_back(e.value);
    return out;
  }

  /// The last value collected for each key (a table's final state).
  [[nodiscard]] std::map<K, V> latest() const {
    std::map<K, V> out;
    for (const auto& e : entries_) out.insert_or_assign(e.key, e.value);
    return out;
  }

  /// The number of records collected.
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

  /// Forgets every record.
  void clear() { entries_.clear(); }

 private:
  std::vector<Entry> entries_;
};

}  // namespace streamlab
