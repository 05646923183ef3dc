// Randomized check: many seeded disordered streams, run through the WindowOperator and through an
// independent oracle, a plain batch computation that applies the rules of docs/semantics.md
// directly (walk the arrivals in order, track the watermark, assign windows by brute force,
// decide each window's fate). When nothing is late, final results must equal a plain group-by
// over the whole input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "operator_harness.hpp"
#include "streamlab/sim/random.hpp"

namespace streamlab::test {
namespace {

struct Event {
  std::string key;
  std::int64_t t;
  std::int64_t v;
};

enum class Kind { Tumbling, Hopping, Session };

struct Params {
  Kind kind;
  std::int64_t size;      // window size, or the session gap
  std::int64_t advance;   // hopping advance (== size for tumbling)
  std::int64_t delay;     // bounded out-of-orderness D
  std::int64_t lateness;  // allowed lateness L
  EmitMode emit;
};

struct OracleRun {
  std::vector<ExpectedPane> panes;
  std::vector<ExpectedLate> late;
  std::int64_t late_accepted{0};
};

// Far below any generated time: plays the role of the watermark's -infinity.
constexpr std::int64_t kNoWatermark = -1'000'000'000'000LL;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

struct OracleWindow {
  std::string key;
  std::int64_t start;
  std::int64_t end;
  std::int64_t sum{0};
  std::int64_t count{0};
  bool live{true};
};

bool fire_order(const OracleWindow* a, const OracleWindow* b) {
  return std::tie(a->end, a->start, a->key) < std::tie(b->end, b->start, b->key);
}

OracleRun oracle(const std::vector<Event>& arrivals, const Params& p) {
  OracleRun run;
  std::vector<OracleWindow> windows;
  windows.reserve(arrivals.size() * 8);
  std::int64_t watermark = kNoWatermark;
  std::int64_t max_seen = kNoWatermark;
  const auto emit_sorted = [&run](std::vector<OracleWindow*> list, Pane pane) {
    std::sort(list.begin(), list.end(), fire_order);
    list.erase(std::unique(list.begin(), list.end()), list.end());
    for (const OracleWindow* w : list)
      run.panes.push_back({w->key, w->start, w->end, w->sum, w->count, pane});
  };
  for (const Event& e : arrivals) {
    std::vector<std::size_t> changed;  // indices: pointers move when the vector grows
    std::vector<bool> changed_late;
    bool contributed = false;
    bool late = false;
    if (p.kind != Kind::Session) {
      for (std::int64_t k = floor_div(e.t - p.size, p.advance); k <= floor_div(e.t, p.advance); ++k) {
        const std::int64_t start = k * p.advance;
        const std::int64_t end = start + p.size;
        if (!(start <= e.t && e.t < end)) continue;
        if (end + p.lateness <= watermark) continue;  // expired: dropped from this window
        const bool window_late = end <= watermark;
        std::size_t index = windows.size();
        for (std::size_t i = 0; i < windows.size(); ++i) {
          if (windows[i].live && windows[i].key == e.key && windows[i].start == start) index = i;
        }
        if (index == windows.size()) windows.push_back({e.key, start, end});
        windows[index].sum += e.v;
        windows[index].count += 1;
        contributed = true;
        late = late || window_late;
        changed.push_back(index);
        changed_late.push_back(window_late);
      }
    } else {
      std::int64_t start = e.t;
      std::int64_t end = e.t + p.size;
      std::int64_t sum = e.v;
      std::int64_t count = 1;
      bool merged_any = false;
      // Repeat until stable: a merge can widen the window to reach further sessions.
      for (bool again = true; again;) {
        again = false;
        for (OracleWindow& w : windows) {
          if (w.live && w.key == e.key && w.start <= end && start <= w.end) {
            start = std::min(start, w.start);
            end = std::max(end, w.end);
            sum += w.sum;
            count += w.count;
            w.live = false;
            merged_any = true;
            again = true;
          }
        }
      }
      if (merged_any || end + p.lateness > watermark) {
        windows.push_back({e.key, start, end, sum, count, true});
        contributed = true;
        late = end <= watermark;
        changed.push_back(windows.size() - 1);
        changed_late.push_back(late);
      }
    }
    if (!contributed) {
      run.late.push_back({e.key, e.t, watermark});
    } else if (late) {
      ++run.late_accepted;
    }
    std::vector<OracleWindow*> record_panes;
    for (std::size_t i = 0; i < changed.size(); ++i) {
      if (p.emit == EmitMode::Update || changed_late[i]) record_panes.push_back(&windows[changed[i]]);
    }
    emit_sorted(record_panes, p.emit == EmitMode::Update ? Pane::Update : Pane::Late);
    max_seen = std::max(max_seen, e.t);
    const std::int64_t next = std::max(watermark, max_seen - p.delay);
    if (p.emit == EmitMode::Final) {
      std::vector<OracleWindow*> fired;
      for (OracleWindow& w : windows) {
        if (w.live && watermark < w.end && w.end <= next) fired.push_back(&w);
      }
      emit_sorted(fired, Pane::OnTime);
    }
    watermark = next;
    for (OracleWindow& w : windows) {
      if (w.live && w.end + p.lateness <= watermark) w.live = false;
    }
  }
  if (p.emit == EmitMode::Final) {
    std::vector<OracleWindow*> fired;
    for (OracleWindow& w : windows) {
      if (w.live && w.end > watermark) fired.push_back(&w);
    }
    emit_sorted(fired, Pane::OnTime);
  }
  return run;
}

WindowSpec spec_of(const Params& p) {
  switch (p.kind) {
    case Kind::Tumbling: return WindowSpec::tumbling(ms(p.size));
    case Kind::Hopping: return WindowSpec::hopping(ms(p.size), ms(p.advance));
    case Kind::Session: return WindowSpec::session(ms(p.size));
  }
  return WindowSpec::tumbling(ms(p.size));
}

// A disordered stream: timestamps rise by `step` on average, each jittered by up to `jitter`,
// and a few stragglers arrive much later than their time.
std::vector<Event> disordered_stream(std::uint64_t seed, int n, std::int64_t jitter) {
  sim::SplitMix64 rng(seed);
  const std::vector<std::string> keys{"a", "b", "c"};
  std::vector<Event> events;
  for (int i = 0; i < n; ++i) {
    std::int64_t t = i * 4 + sim::uniform_int(rng, -jitter, jitter);
    if (sim::bernoulli(rng, 0.08)) t -= sim::uniform_int(rng, 10, 120);
    events.push_back({keys[sim::uniform_below(rng, keys.size())], t, sim::uniform_int(rng, 1, 9)});
  }
  return events;
}

std::vector<Params> parameter_grid() {
  std::vector<Params> grid;
  for (EmitMode emit : {EmitMode::Final, EmitMode::Update}) {
    for (std::int64_t lateness : {0, 15, 60}) {
      for (std::int64_t delay : {0, 7}) {
        grid.push_back({Kind::Tumbling, 20, 20, delay, lateness, emit});
        grid.push_back({Kind::Hopping, 20, 5, delay, lateness, emit});
        grid.push_back({Kind::Hopping, 20, 8, delay, lateness, emit});
        grid.push_back({Kind::Session, 7, 7, delay, lateness, emit});
      }
    }
  }
  return grid;
}

std::string describe(const Params& p, std::uint64_t seed) {
  const char* kinds[] = {"tumbling", "hopping", "session"};
  return std::string(kinds[static_cast<int>(p.kind)]) + " size=" + std::to_string(p.size) +
         " advance=" + std::to_string(p.advance) + " D=" + std::to_string(p.delay) +
         " L=" + std::to_string(p.lateness) + " emit=" + std::string(to_string(p.emit)) +
         " seed=" + std::to_string(seed);
}

TEST(WindowOperatorOracle, RandomDisorderedStreamsMatchTheBatchOracle) {
  int compared = 0;
  std::int64_t late_seen = 0;
  std::int64_t dropped_seen = 0;
  for (const Params& p : parameter_grid()) {
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
      const auto events = disordered_stream(seed * 7919 + static_cast<std::uint64_t>(p.size), 80, 6);
      Harness h(config(spec_of(p), p.delay, p.lateness, p.emit));
      for (const Event& e : events) h.rec(e.key, e.t, e.v);
      h.end();
      const OracleRun expected = oracle(events, p);
      ASSERT_EQ(h.panes, expected.panes) << describe(p, seed);
      ASSERT_EQ(h.late, expected.late) << describe(p, seed);
      ASSERT_EQ(h.op().counters().late_accepted, expected.late_accepted) << describe(p, seed);
      ASSERT_EQ(h.op().windows_in_state(), 0u);
      h.expect_accounting();
      late_seen += expected.late_accepted;
      dropped_seen += static_cast<std::int64_t>(expected.late.size());
      ++compared;
    }
  }
  EXPECT_EQ(compared, 48 * 40);
  // The streams must exercise lateness, or the comparison proves little.
  EXPECT_GT(late_seen, 100);
  EXPECT_GT(dropped_seen, 100);
}

// The micro-batch oracle: arrivals carry a processing time; batches are the intervals
// [kP, (k+1)P). Within a batch lateness is judged against the watermark at the batch start; at
// batch end the watermark advances once and the batch's panes come out in firing order.
struct Arrival {
  Event event;
  std::int64_t clock;
};

OracleRun micro_batch_oracle(const std::vector<Arrival>& arrivals, const Params& p, std::int64_t interval) {
  OracleRun run;
  std::vector<OracleWindow> windows;
  windows.reserve(arrivals.size() * 8);
  std::vector<std::size_t> changed;  // windows changed in the current batch
  std::int64_t watermark = kNoWatermark;
  std::int64_t max_seen = kNoWatermark;
  std::int64_t batch = 0;
  const auto end_batch = [&](std::int64_t next) {
    const std::int64_t w_old = watermark;
    watermark = std::max(watermark, next);
    std::vector<OracleWindow*> panes;
    std::vector<Pane> kinds;
    for (OracleWindow& w : windows) {
      if (!w.live) continue;
      const bool was_changed = std::find(changed.begin(), changed.end(),
                                         static_cast<std::size_t>(&w - windows.data())) != changed.end();
      if (p.emit == EmitMode::Complete) {
        panes.push_back(&w);
      } else if (p.emit == EmitMode::Update) {
        if (was_changed) panes.push_back(&w);
      } else if ((was_changed && w.end <= w_old) || (w_old < w.end && w.end <= watermark)) {
        panes.push_back(&w);
      }
    }
    std::sort(panes.begin(), panes.end(), fire_order);
    for (const OracleWindow* w : panes) {
      const Pane pane = p.emit == EmitMode::Complete ? Pane::Complete
                        : p.emit == EmitMode::Update ? Pane::Update
                        : w->end <= w_old            ? Pane::Late
                                                     : Pane::OnTime;
      run.panes.push_back({w->key, w->start, w->end, w->sum, w->count, pane});
    }
    changed.clear();
    for (OracleWindow& w : windows) {
      if (w.live && w.end + p.lateness <= watermark) w.live = false;
    }
  };
  for (const Arrival& a : arrivals) {
    if (floor_div(a.clock, interval) != batch) {
      end_batch(max_seen - p.delay);
      batch = floor_div(a.clock, interval);
    }
    const Event& e = a.event;
    bool contributed = false;
    bool late = false;
    if (p.kind != Kind::Session) {
      for (std::int64_t start = floor_div(e.t, p.advance) * p.advance; start > e.t - p.size;
           start -= p.advance) {
        const std::int64_t end = start + p.size;
        if (end + p.lateness <= watermark) continue;
        std::size_t index = windows.size();
        for (std::size_t i = 0; i < windows.size(); ++i) {
          if (windows[i].live && windows[i].key == e.key && windows[i].start == start) index = i;
        }
        if (index == windows.size()) windows.push_back({e.key, start, end});
        windows[index].sum += e.v;
        windows[index].count += 1;
        contributed = true;
        late = late || end <= watermark;
        changed.push_back(index);
      }
    } else {
      OracleWindow merged{e.key, e.t, e.t + p.size, e.v, 1, true};
      bool merged_any = false;
      for (bool again = true; again;) {
        again = false;
        for (OracleWindow& w : windows) {
          if (w.live && w.key == e.key && w.start <= merged.end && merged.start <= w.end) {
            merged.start = std::min(merged.start, w.start);
            merged.end = std::max(merged.end, w.end);
            merged.sum += w.sum;
            merged.count += w.count;
            w.live = false;
            merged_any = true;
            again = true;
          }
        }
      }
      if (merged_any || merged.end + p.lateness > watermark) {
        windows.push_back(merged);
        contributed = true;
        late = merged.end <= watermark;
        changed.push_back(windows.size() - 1);
      }
    }
    if (!contributed) {
      run.late.push_back({e.key, e.t, watermark});
    } else if (late) {
      ++run.late_accepted;
    }
    max_seen = std::max(max_seen, e.t);
  }
  end_batch(std::numeric_limits<std::int64_t>::max() / 2);
  return run;
}

TEST(WindowOperatorOracle, MicroBatchStreamsMatchTheBatchOracle) {
  int compared = 0;
  for (EmitMode emit : {EmitMode::Final, EmitMode::Update, EmitMode::Complete}) {
    for (Kind kind : {Kind::Tumbling, Kind::Hopping, Kind::Session}) {
      for (std::int64_t lateness : {0, 25}) {
        const Params p{kind, kind == Kind::Session ? 7 : 20, kind == Kind::Hopping ? 5 : 20, 5, lateness,
                       emit};
        for (std::uint64_t seed = 1; seed <= 30; ++seed) {
          const auto events = disordered_stream(seed * 104729, 60, 6);
          sim::SplitMix64 rng(seed);
          std::vector<Arrival> arrivals;
          std::int64_t clock = 0;
          for (const Event& e : events) {
            clock += sim::uniform_int(rng, 0, 6);
            arrivals.push_back({e, clock});
          }
          WindowOperatorConfig c = config(spec_of(p), p.delay, p.lateness, p.emit);
          c.trigger = Trigger::micro_batch(ms(20));
          Harness h(c);
          for (const Arrival& a : arrivals) {
            h.advance_to(a.clock);
            h.rec(a.event.key, a.event.t, a.event.v);
          }
          h.end();
          const OracleRun expected = micro_batch_oracle(arrivals, p, 20);
          ASSERT_EQ(h.panes, expected.panes) << describe(p, seed);
          ASSERT_EQ(h.late, expected.late) << describe(p, seed);
          ASSERT_EQ(h.op().counters().late_accepted, expected.late_accepted) << describe(p, seed);
          ASSERT_EQ(h.op().windows_in_state(), 0u);
          h.expect_accounting();
          ++compared;
        }
      }
    }
  }
  EXPECT_EQ(compared, 3 * 3 * 2 * 30);
}

// Group-by over the whole input: every (key, window) with the sum and count of its events.
std::map<std::tuple<std::string, std::int64_t, std::int64_t>, std::pair<std::int64_t, std::int64_t>> group_by(
    const std::vector<Event>& events, const Params& p) {
  std::map<std::tuple<std::string, std::int64_t, std::int64_t>, std::pair<std::int64_t, std::int64_t>> out;
  if (p.kind == Kind::Session) {
    std::map<std::string, std::vector<Event>> by_key;
    for (const Event& e : events) by_key[e.key].push_back(e);
    for (auto& [key, list] : by_key) {
      std::sort(list.begin(), list.end(), [](const Event& a, const Event& b) { return a.t < b.t; });
      std::size_t first = 0;
      for (std::size_t i = 1; i <= list.size(); ++i) {
        // Consecutive events at most one gap apart share a session (touching windows merge).
        if (i == list.size() || list[i].t - list[i - 1].t > p.size) {
          std::int64_t sum = 0;
          for (std::size_t j = first; j < i; ++j) sum += list[j].v;
          out[{key, list[first].t, list[i - 1].t + p.size}] = {sum, static_cast<std::int64_t>(i - first)};
          first = i;
        }
      }
    }
    return out;
  }
  for (const Event& e : events) {
    for (std::int64_t start = floor_div(e.t, p.advance) * p.advance; start > e.t - p.size;
         start -= p.advance) {
      auto& cell = out[{e.key, start, start + p.size}];
      cell.first += e.v;
      cell.second += 1;
    }
  }
  return out;
}

TEST(WindowOperatorOracle, WhenNothingIsLateFinalResultsEqualAPlainGroupBy) {
  for (Kind kind : {Kind::Tumbling, Kind::Hopping, Kind::Session}) {
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
      sim::SplitMix64 rng(seed);
      // Disorder bounded by 2*jitter, and a delay at least that large: nothing is ever late.
      std::vector<Event> events;
      const std::vector<std::string> keys{"x", "y"};
      for (int i = 0; i < 120; ++i) {
        events.push_back({keys[sim::uniform_below(rng, 2)], i * 3 + sim::uniform_int(rng, -10, 10),
                          sim::uniform_int(rng, -5, 20)});
      }
      const Params p{kind,           kind == Kind::Session ? 6 : 25, kind == Kind::Hopping ? 10 : 25, 20, 0,
                     EmitMode::Final};
      Harness h(config(spec_of(p), p.delay, p.lateness, p.emit));
      for (const Event& e : events) h.rec(e.key, e.t, e.v);
      h.end();
      EXPECT_EQ(h.op().counters().late_accepted, 0);
      EXPECT_EQ(h.op().counters().dropped_late, 0);
      auto expected = group_by(events, p);
      decltype(expected) actual;
      for (const auto& pane : h.panes) {
        EXPECT_EQ(pane.pane, Pane::OnTime);
        const auto [it, inserted] =
            actual.insert({{pane.key, pane.start, pane.end}, {pane.value, pane.count}});
        EXPECT_TRUE(inserted) << "window emitted twice";
      }
      EXPECT_EQ(actual, expected) << describe(p, seed);
      h.expect_accounting();
    }
  }
}

}  // namespace
}  // namespace streamlab::test
