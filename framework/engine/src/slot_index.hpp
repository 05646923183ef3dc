// The keys of one window and the slots of their aggregates: a flat open-addressing hash table
// from key handle to slot handle. Key handles are dense small integers, so a multiplicative hash
// spreads them well, and a flat table spares the node allocation per (key, window) that a
// node-based map costs on every new aggregate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "streamlab/engine/window_core.hpp"

namespace streamlab::engine_detail {

// KeyHandle -> SlotHandle with linear probing and backward-shift deletion (no tombstones); at
// most half full. Iteration order is unspecified: callers that emit sort by key first.
class SlotIndex {
 public:
  static constexpr SlotHandle kEmpty = std::numeric_limits<SlotHandle>::max();

  // The slot of `key`, or kEmpty.
  [[nodiscard]] SlotHandle find(KeyHandle key) const {
    if (size_ == 0) return kEmpty;
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      const KeyedSlot& c = cells_[i];
      if (c.slot == kEmpty) return kEmpty;
      if (c.key == key) return c.slot;
    }
  }

  // Adds `key` with `slot`; the key must be absent.
  void insert(KeyHandle key, SlotHandle slot) {
    if ((size_ + 1) * 2 > cells_.size()) grow();
    std::size_t i = home(key);
    while (cells_[i].slot != kEmpty) i = (i + 1) & mask_;
    cells_[i] = KeyedSlot{key, slot};
    ++size_;
  }

  // Removes `key`; false when absent.
  bool erase(KeyHandle key) {
    if (size_ == 0) return false;
    std::size_t i = home(key);
    for (;; i = (i + 1) & mask_) {
      if (cells_[i].slot == kEmpty) return false;
      if (cells_[i].key == key) break;
    }
    // Shift back the entries after the hole that would no longer be found past it.
    for (std::size_t j = (i + 1) & mask_; cells_[j].slot != kEmpty; j = (j + 1) & mask_) {
      const std::size_t h = home(cells_[j].key);
      const bool stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
      if (!stays) {
        cells_[i] = cells_[j];
        i = j;
      }
    }
    cells_[i].slot = kEmpty;
    --size_;
    return true;
  }

  // Calls `f(key, slot)` for every entry.
  template <class F>
  void for_each(F&& f) const {
    if (size_ == 0) return;
    for (const KeyedSlot& c : cells_) {
      if (c.slot != kEmpty) f(c.key, c.slot);
    }
  }

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }

  // Removes every entry and keeps the table for reuse.
  void clear() {
    if (size_ == 0) return;
    for (KeyedSlot& c : cells_) c.slot = kEmpty;
    size_ = 0;
  }

  // Makes room for `n` entries without growing.
  void reserve(std::size_t n) {
    std::size_t capacity = 8;
    while (capacity < n * 2) capacity *= 2;
    if (capacity > cells_.size()) rehash(capacity);
  }

 private:
  [[nodiscard]] std::size_t home(KeyHandle key) const {
    // Fibonacci hashing: the top bits of the product.
    return static_cast<std::size_t>((static_cast<std::uint64_t>(key) * 0x9E3779B97F4A7C15ULL) >> shift_);
  }

  void grow() { rehash(cells_.empty() ? 8 : cells_.size() * 2); }

  void rehash(std::size_t capacity) {
    std::vector<KeyedSlot> old(capacity, KeyedSlot{0, kEmpty});
    old.swap(cells_);
    mask_ = capacity - 1;
    shift_ = 64;
    for (std::size_t c = capacity; c > 1; c >>= 1) --shift_;
    for (const KeyedSlot& c : old) {
      if (c.slot == kEmpty) continue;
      std::size_t i = home(c.key);
      while (cells_[i].slot != kEmpty) i = (i + 1) & mask_;
      cells_[i] = c;
    }
  }

  std::vector<KeyedSlot> cells_;
  std::size_t size_{0};
  std::size_t mask_{0};
  unsigned shift_{63};
};

}  // namespace streamlab::engine_detail
