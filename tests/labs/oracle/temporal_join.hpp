// The temporal-join oracle of lab 04 part B: the rules of docs/semantics.md ("Joins") applied
// directly to an arrival sequence of clicks and profile versions, by brute force: the topology
// watermark after every arrival (bounded out-of-orderness per topic, one partition each, combined
// by minimum, -infinity until both delivered), then for each click the arrival at which it is
// released, and the latest profile version at or before its time that had arrived by then. It
// shares no code with the framework.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace oracle {

/// One arrival: a click (label = page) or a profile version (label = tier).
struct TemporalInput {
  bool click;
  std::string user;
  std::int64_t t;  // event time, ms
  std::string label;
};

/// One enriched click: user, time, page, matched, tier ("" unmatched), profile time (0 unmatched).
using TemporalRow = std::tuple<std::string, std::int64_t, std::string, bool, std::string, std::int64_t>;

/// What the join produced.
struct TemporalOutput {
  std::vector<TemporalRow> rows;  // in release order
  std::int64_t unmatched{0};      // released clicks without a version (inner: dropped)
  std::int64_t late{0};           // clicks and versions older than the history horizon
};

/// The temporal join with bounded delay `delay`, `grace` and `history` (all ms).
inline TemporalOutput temporal_join(const std::vector<TemporalInput>& in, std::int64_t delay,
                                    std::int64_t grace, std::int64_t history, bool left_join) {
  constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::min();
  const std::size_t n = in.size();
  std::vector<std::int64_t> w(n);  // topology watermark after arrival i
  std::vector<std::int64_t> s(n);  // largest click time after arrival i
  std::int64_t max_click = kNone;
  std::int64_t max_profile = kNone;
  for (std::size_t i = 0; i < n; ++i) {
    (in[i].click ? max_click : max_profile) = std::max(in[i].click ? max_click : max_profile, in[i].t);
    w[i] = (max_click == kNone || max_profile == kNone) ? kNone
                                                        : std::min(max_click - delay, max_profile - delay);
    if (i > 0) w[i] = std::max(w[i], w[i - 1]);
    s[i] = max_click;
  }
  const auto before = [&](std::size_t i) { return i == 0 ? kNone : w[i - 1]; };
  std::vector<bool> late(n, false);
  for (std::size_t i = 0; i < n; ++i) late[i] = before(i) != kNone && in[i].t < before(i) - history;
  TemporalOutput out;
  std::vector<std::size_t> release(n, n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!in[i].click) continue;
    if (late[i]) {
      ++out.late;
      continue;
    }
    for (std::size_t j = i; j < n; ++j) {
      if (w[j] > in[i].t || in[i].t <= s[j] - grace) {
        release[i] = j;
        break;
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) out.late += (!in[i].click && late[i]) ? 1 : 0;
  for (std::size_t j = 0; j <= n; ++j) {
    std::vector<std::size_t> now;
    for (std::size_t i = 0; i < n; ++i)
      if (in[i].click && !late[i] && release[i] == j) now.push_back(i);
    std::sort(now.begin(), now.end(),
              [&](std::size_t a, std::size_t b) { return std::tie(in[a].t, a) < std::tie(in[b].t, b); });
    for (const std::size_t i : now) {
      std::optional<std::size_t> version;
      for (std::size_t k = 0; k < n && k <= j; ++k) {
        if (in[k].click || late[k] || in[k].user != in[i].user || in[k].t > in[i].t) continue;
        if (!version || in[k].t >= in[*version].t) version = k;
      }
      if (version) {
        out.rows.emplace_back(in[i].user, in[i].t, in[i].label, true, in[*version].label, in[*version].t);
      } else {
        ++out.unmatched;
        if (left_join) out.rows.emplace_back(in[i].user, in[i].t, in[i].label, false, "", 0);
      }
    }
  }
  return out;
}

}  // namespace oracle
