#include "session_window_set.hpp"

namespace streamlab::engine_detail {

Window SessionWindowSet::find_merges(KeyHandle key, const Window& proto, std::vector<Window>& out) const {
  Window merged = proto;
  const auto it = sessions_.find(key);
  if (it == sessions_.end()) return merged;
  // Sessions are ordered by start: none after one starting beyond the proto-window's end touches it.
  for (const Window& w : it->second) {
    if (w.start > proto.end) break;
    if (windows_merge(w, proto)) {
      out.push_back(w);
      merged = merged_window(merged, w);
    }
  }
  return merged;
}

void SessionWindowSet::add(KeyHandle key, const Window& window) { sessions_[key].insert(window); }

void SessionWindowSet::remove(KeyHandle key, const Window& window) {
  const auto it = sessions_.find(key);
  if (it == sessions_.end()) return;
  it->second.erase(window);
  if (it->second.empty()) sessions_.erase(it);
}

void SessionWindowSet::replace(KeyHandle key, const std::vector<Window>& merged_from, const Window& merged) {
  auto& sessions = sessions_[key];
  for (const Window& w : merged_from) sessions.erase(w);
  sessions.insert(merged);
}

}  // namespace streamlab::engine_detail
