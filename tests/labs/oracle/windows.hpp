// The event-time window oracle: the rules of docs/semantics (Flink's model) applied directly to
// an arrival sequence, one event after the other, with plain maps. Tumbling and hopping windows,
// bounded out-of-orderness per partition combined by minimum, final emission with LATE panes
// within allowed lateness, and the late output. It shares no code with the framework.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "oracle/iso_time.hpp"

namespace oracle {

/// One element reaching the window operator, in arrival order.
template <class V>
struct WindowInput {
  std::string key;
  std::int64_t t;          // event time, ms
  std::int32_t partition;  // source partition (for the watermark)
  V value;
};

/// One emitted pane.
template <class A>
struct PaneOut {
  std::string key;
  std::int64_t start;
  std::int64_t end;
  A value;
  std::string pane;  // ON_TIME or LATE
  std::int64_t count;
  friend bool operator==(const PaneOut&, const PaneOut&) = default;
};

/// Prints a pane in failure messages (GoogleTest finds it by argument-dependent lookup).
template <class A>
void PrintTo(const PaneOut<A>& p, std::ostream* os) {
  *os << "{key: " << p.key << ", window: [" << iso(p.start) << ", " << iso(p.end) << "), value: " << p.value
      << ", pane: " << p.pane << ", count: " << p.count << "}";
}

/// Window and watermark parameters.
struct WindowRules {
  std::int64_t size;
  std::int64_t advance;     // == size for tumbling
  std::int64_t delay;       // bounded out-of-orderness D
  std::int64_t lateness;    // allowed lateness L
  std::int32_t partitions;  // source partitions feeding the watermark
};

/// The result of a run: panes in emission order, and the indices of inputs sent to the late output.
template <class A>
struct WindowRun {
  std::vector<PaneOut<A>> panes;
  std::vector<std::size_t> late;
};

constexpr std::int64_t kMinW = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMaxW = std::numeric_limits<std::int64_t>::max();

inline std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

template <class V, class A>
WindowRun<A> run_windows(const std::vector<WindowInput<V>>& inputs, const WindowRules& r,
                         std::function<A()> init, std::function<void(A&, const V&)> add) {
  struct State {
    A value;
    std::int64_t count{0};
    bool fired{false};
  };
  std::map<std::tuple<std::int64_t, std::string, std::int64_t>, State> windows;  // (end, key, start)
  std::vector<std::int64_t> max_seen(static_cast<std::size_t>(r.partitions), kMinW);
  std::int64_t w = kMinW;
  WindowRun<A> out;

  const auto fire_and_free = [&](std::int64_t watermark) {
    for (auto it = windows.begin(); it != windows.end();) {
      auto& [k, s] = *it;
      const auto [end, key, start] = k;
      if (end <= watermark && !s.fired) {
        s.fired = true;
        out.panes.push_back({key, start, end, s.value, "ON_TIME", s.count});
      }
      const bool expired = watermark == kMaxW || (watermark != kMinW && end + r.lateness <= watermark);
      it = (s.fired && expired) ? windows.erase(it) : std::next(it);
    }
  };

  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const auto& in = inputs[i];
    bool any = false;
    // Every window [k*A, k*A + S) that contains t.
    for (std::int64_t start = floor_div(in.t, r.advance) * r.advance; start > in.t - r.size;
         start -= r.advance) {
      const std::int64_t end = start + r.size;
      const bool complete = w != kMinW && end <= w;
      if (complete && w - end >= r.lateness) continue;  // freed: dropped from this window
      auto [it, fresh] = windows.try_emplace({end, in.key, start}, State{init(), 0, false});
      add(it->second.value, in.value);
      ++it->second.count;
      any = true;
      if (complete) {
        it->second.fired = true;
        out.panes.push_back({in.key, start, end, it->second.value, "LATE", it->second.count});
      }
    }
    if (!any) out.late.push_back(i);
    auto& m = max_seen[static_cast<std::size_t>(in.partition)];
    m = std::max(m, in.t);
    const std::int64_t lowest = *std::min_element(max_seen.begin(), max_seen.end());
    if (lowest != kMinW) w = std::max(w, lowest - r.delay);
    fire_and_free(w);
  }
  fire_and_free(kMaxW);
  return out;
}

/// Panes sorted by (key, start, pane, count) so that two runs compare independently of the order
/// in which different windows were emitted.
template <class A>
std::vector<PaneOut<A>> sorted(std::vector<PaneOut<A>> panes) {
  std::sort(panes.begin(), panes.end(), [](const auto& a, const auto& b) {
    return std::tie(a.key, a.start, a.pane, a.count) < std::tie(b.key, b.start, b.pane, b.count);
  });
  return panes;
}

}  // namespace oracle
