// The session windows each key holds (Flink's MergingWindowSet): which of them a new event's
// proto-window merges with, and the bookkeeping as sessions merge and expire.
#pragma once

#include <set>
#include <unordered_map>
#include <vector>

#include "streamlab/engine/window.hpp"
#include "streamlab/engine/window_core.hpp"

namespace streamlab::engine_detail {

// The session windows of every key that holds some, each key's in start order.
class SessionWindowSet {
 public:
  // Appends to `out` the sessions of `key` that `proto` overlaps or touches, in start order,
  // and returns the window covering `proto` and all of them (`proto` itself when none).
  Window find_merges(KeyHandle key, const Window& proto, std::vector<Window>& out) const;
  // Records that `key` holds session `window`.
  void add(KeyHandle key, const Window& window);
  // Forgets session `window` of `key` (nothing when it holds none such).
  void remove(KeyHandle key, const Window& window);
  // Replaces the sessions `merged_from` of `key` by the one session `merged`.
  void replace(KeyHandle key, const std::vector<Window>& merged_from, const Window& merged);
  // Forgets every session.
  void clear() { sessions_.clear(); }

 private:
  std::unordered_map<KeyHandle, std::set<Window>> sessions_;
};

}  // namespace streamlab::engine_detail
