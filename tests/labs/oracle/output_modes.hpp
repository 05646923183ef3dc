// The output-mode oracle for lab 06: the emission rules of docs/semantics.md (output modes,
// continuous and micro-batch triggers, event- and processing-time windows) applied directly to an
// arrival sequence with plain maps, for tumbling windows without allowed lateness. It shares no
// code with the framework; windows.hpp is its sibling for final mode with allowed lateness.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "oracle/windows.hpp"

namespace oracle {

/// One sale reaching the window operator, in arrival order.
struct ModeInput {
  std::string key;
  std::int64_t t;          // event time, ms
  std::int64_t arrival;    // processing time, ms (non-decreasing)
  std::int32_t partition;  // source partition (for the watermark)
  std::int64_t cents;      // the amount in cents
};

/// The settings that decide what is emitted.
struct ModeRules {
  std::int64_t size;        // tumbling window size, ms
  std::int64_t delay;       // bounded out-of-orderness D, ms
  std::string mode;         // "final", "update" or "complete"
  std::int64_t batch;       // micro-batch interval P, ms; 0 for the continuous trigger
  bool processing;          // windows on the arrival's processing time
  std::int32_t partitions;  // source partitions feeding the event-time watermark
};

/// Revenue of a window in cents (the pane's value); `count` of the pane holds the sales.
using ModePane = PaneOut<std::int64_t>;

/// The panes in emission order and the indices of the inputs sent to the late output.
struct ModeRun {
  std::vector<ModePane> panes;
  std::vector<std::size_t> late;
};

inline ModeRun run_output_modes(const std::vector<ModeInput>& inputs, const ModeRules& r) {
  struct State {
    std::int64_t cents{0};
    std::int64_t count{0};
    bool changed{false};  // in the current micro-batch
  };
  // Windows kept, in firing order: (end, start, key).
  std::map<std::tuple<std::int64_t, std::int64_t, std::string>, State> kept;
  std::vector<std::int64_t> max_seen(static_cast<std::size_t>(r.partitions), kMinW);
  std::int64_t w = kMinW;  // the watermark lateness is judged against
  std::int64_t clock = 0;  // the processing clock starts at the epoch
  ModeRun out;

  const auto pane = [&](const auto& entry, const char* kind) {
    const auto& [k, s] = entry;
    const auto& [end, start, key] = k;
    out.panes.push_back({key, start, end, s.cents, kind, s.count});
  };
  const auto table = [&] {
    for (const auto& e : kept) pane(e, "COMPLETE");
  };
  // Moves the watermark to `to`: final mode reports every window it completes (ON_TIME), every
  // mode then forgets them (no allowed lateness). `with_table`: complete mode's table in between.
  const auto advance = [&](std::int64_t to, bool with_table) {
    w = std::max(w, to);
    if (r.mode == "final")
      for (const auto& e : kept)
        if (std::get<0>(e.first) <= w) pane(e, "ON_TIME");
    if (r.mode == "complete" && with_table) table();
    std::erase_if(kept, [&](const auto& e) { return std::get<0>(e.first) <= w; });
  };
  const auto event_watermark = [&] {
    const std::int64_t lowest = *std::min_element(max_seen.begin(), max_seen.end());
    return lowest == kMinW ? kMinW : lowest - r.delay;
  };
  // Micro-batch end: one watermark step, then the batch's panes, then forgetting.
  const auto end_batch = [&](std::int64_t to) {
    if (r.mode == "update")
      for (auto& e : kept)
        if (e.second.changed) pane(e, "UPDATE");
    for (auto& e : kept) e.second.changed = false;
    advance(to, true);
  };

  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const ModeInput& in = inputs[i];
    // The clock moves to the arrival first: batch ends, processing-time windows closing.
    if (in.arrival > clock) {
      const std::int64_t old = clock;
      clock = in.arrival;
      if (r.batch > 0) {
        if (floor_div(old, r.batch) != floor_div(clock, r.batch))
          end_batch(r.processing ? clock : event_watermark());
      } else if (r.processing) {
        advance(clock, false);
      }
    }
    const std::int64_t t = r.processing ? clock : in.t;
    const std::int64_t start = floor_div(t, r.size) * r.size;
    if (start + r.size <= w) {
      out.late.push_back(i);  // its window was complete and, without allowed lateness, forgotten
    } else {
      State& s = kept[{start + r.size, start, in.key}];
      s.cents += in.cents;
      ++s.count;
      s.changed = true;
      if (r.batch == 0 && r.mode == "update") pane(*kept.find({start + r.size, start, in.key}), "UPDATE");
    }
    if (!r.processing) {
      auto& m = max_seen[static_cast<std::size_t>(in.partition)];
      m = std::max(m, in.t);
    }
    if (r.batch == 0) advance(r.processing ? clock : event_watermark(), true);
  }
  // End of input: the watermark jumps to +infinity in one step.
  if (r.batch > 0) {
    end_batch(kMaxW);
  } else {
    advance(kMaxW, true);
  }
  return out;
}

}  // namespace oracle
