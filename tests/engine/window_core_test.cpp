// The untyped WindowCore on its own, driven through a recording host: which slots it asks to be
// created, folded, merged and emitted, in which order, and when it frees slots and key handles.
// Times are milliseconds; the host sums values per slot.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "streamlab/engine/window_core.hpp"

namespace streamlab {
namespace {

Duration ms(std::int64_t n) { return Duration{n}; }
Timestamp at(std::int64_t n) { return from_millis(n); }

// One pane as the host saw it: key name, window, sum, count, pane.
struct SeenPane {
  std::string key;
  std::int64_t start;
  std::int64_t end;
  std::int64_t sum;
  std::int64_t count;
  Pane pane;
  friend bool operator==(const SeenPane&, const SeenPane&) = default;
};

std::ostream& operator<<(std::ostream& os, const SeenPane& p) {
  return os << "{" << p.key << " [" << p.start << "," << p.end << ") sum=" << p.sum << " count=" << p.count
            << " " << to_string(p.pane) << "}";
}

// A host with string keys and integer sums that records every request of the core.
class RecordingHost final : public WindowCoreHost {
 public:
  explicit RecordingHost(WindowCore& core) : core_(core) {}

  // The handle of `key`, asked of the core the first time.
  KeyHandle handle(const std::string& key) {
    const auto it = handles_.find(key);
    if (it != handles_.end()) return it->second;
    const KeyHandle h = core_.add_key();
    handles_[key] = h;
    if (h >= names_.size()) names_.resize(h + 1);
    names_[h] = key;
    return h;
  }

  RecordFate rec(const std::string& key, std::int64_t t, std::int64_t value = 1) {
    value_ = value;
    return core_.process(*this, handle(key), at(t), 0);
  }

  void sort_by_key(std::span<KeyedSlot> slots) const override {
    std::sort(slots.begin(), slots.end(),
              [this](KeyedSlot a, KeyedSlot b) { return names_[a.key] < names_[b.key]; });
  }
  void init_slot(SlotHandle slot) override {
    inits.push_back(slot);
    if (slot >= sums_.size()) sums_.resize(slot + 1);
    sums_[slot] = 0;
  }
  void add_record(SlotHandle slot) override { sums_[slot] += value_; }
  void merge_slots(SlotHandle into, SlotHandle from) override {
    merges.emplace_back(into, from);
    sums_[into] += sums_[from];
  }
  void emit_pane(const Window& window, KeyedSlot slot, Pane pane, std::int64_t count) override {
    panes.push_back(SeenPane{names_[slot.key], to_millis(window.start), to_millis(window.end),
                             sums_[slot.slot], count, pane});
  }
  void late_record(Timestamp t, Timestamp watermark, const Window& latest) override {
    late.push_back({to_millis(t), to_millis(watermark), to_millis(latest.end)});
  }
  void release_keys(std::span<const KeyHandle> keys) override {
    for (const KeyHandle h : keys) {
      handles_.erase(names_[h]);
      released.push_back(h);
    }
  }

  std::vector<SlotHandle> inits;
  std::vector<std::pair<SlotHandle, SlotHandle>> merges;
  std::vector<SeenPane> panes;
  std::vector<std::vector<std::int64_t>> late;  // {t, watermark, end of the latest window}
  std::vector<KeyHandle> released;

 private:
  WindowCore& core_;
  std::map<std::string, KeyHandle> handles_;
  std::vector<std::string> names_;
  std::vector<std::int64_t> sums_;
  std::int64_t value_{0};
};

WindowOperatorConfig config(WindowSpec window, std::int64_t lateness_ms = 0,
                            EmitMode emit = EmitMode::Final) {
  WindowOperatorConfig c;
  c.window = window;
  c.watermark = WatermarkStrategy::bounded(Duration{0});
  c.allowed_lateness = ms(lateness_ms);
  c.emit = emit;
  return c;
}

using Panes = std::vector<SeenPane>;

TEST(WindowCore, PanesOfOneWindowComeOutInKeyOrderNotHandleOrder) {
  WindowCore core(config(WindowSpec::tumbling(ms(10))));
  RecordingHost host(core);
  EXPECT_EQ(host.handle("b"), 0u);  // "b" gets the smaller handle but sorts after "a"
  EXPECT_EQ(host.handle("a"), 1u);
  host.rec("b", 1, 5);
  host.rec("a", 2, 7);
  host.rec("b", 3, 1);
  EXPECT_TRUE(host.panes.empty());
  host.rec("a", 10);  // W = 10 closes [0,10)
  EXPECT_EQ(host.panes, (Panes{{"a", 0, 10, 7, 1, Pane::OnTime}, {"b", 0, 10, 6, 2, Pane::OnTime}}));
  EXPECT_EQ(host.inits, (std::vector<SlotHandle>{0, 1, 2}));  // one slot per (key, window)
  EXPECT_EQ(core.counters().records_in, 4);
  EXPECT_EQ(core.counters().panes_out, 2);
}

TEST(WindowCore, StateIsFreedWhenTheWatermarkPassesEndPlusAllowedLateness) {
  WindowCore core(config(WindowSpec::tumbling(ms(10)), 5));
  RecordingHost host(core);
  host.rec("a", 1);
  core.on_watermark(host, at(10));  // fires [0,10); kept until W >= 15
  EXPECT_EQ(host.panes, (Panes{{"a", 0, 10, 1, 1, Pane::OnTime}}));
  EXPECT_EQ(core.windows_in_state(), 1u);
  EXPECT_EQ(host.rec("a", 2), RecordFate::AcceptedLate);
  EXPECT_EQ(host.panes.back(), (SeenPane{"a", 0, 10, 2, 2, Pane::Late}));
  core.on_watermark(host, at(14));
  EXPECT_EQ(core.windows_in_state(), 1u);
  core.on_watermark(host, at(15));
  EXPECT_EQ(core.windows_in_state(), 0u);
  EXPECT_EQ(host.rec("a", 3), RecordFate::Dropped);
  EXPECT_EQ(host.late, (std::vector<std::vector<std::int64_t>>{{3, 15, 10}}));
  EXPECT_EQ(core.counters().dropped_late, 1);
}

TEST(WindowCore, FreedSlotHandlesAreReused) {
  WindowCore core(config(WindowSpec::tumbling(ms(10))));
  RecordingHost host(core);
  host.rec("a", 1);
  host.rec("b", 2);
  host.rec("a", 10);  // frees [0,10): slots 0 and 1 become free; [10,20) takes one of them
  host.rec("b", 11);
  EXPECT_EQ(host.inits.size(), 4u);
  EXPECT_EQ(host.inits[2], 2u);  // [10,20) is created before the watermark frees [0,10)
  EXPECT_LT(host.inits[3], 2u);  // a slot of [0,10) again
  core.end_of_input(host);
  EXPECT_EQ(host.panes, (Panes{{"a", 0, 10, 1, 1, Pane::OnTime},
                               {"b", 0, 10, 1, 1, Pane::OnTime},
                               {"a", 10, 20, 1, 1, Pane::OnTime},
                               {"b", 10, 20, 1, 1, Pane::OnTime}}));
  EXPECT_EQ(core.windows_in_state(), 0u);
}

TEST(WindowCore, BridgingEventMergesTwoSessionsIntoANewSlot) {
  WindowOperatorConfig c = config(WindowSpec::session(ms(5)));
  c.watermark = WatermarkStrategy::manual();
  WindowCore core(c);
  RecordingHost host(core);
  host.rec("a", 0, 1);   // [0,5) in slot 0
  host.rec("a", 10, 2);  // [10,15) in slot 1
  EXPECT_EQ(core.windows_in_state(), 2u);
  host.rec("a", 5, 4);  // [5,10) touches both: one session [0,15)
  EXPECT_EQ(core.windows_in_state(), 1u);
  ASSERT_EQ(host.inits.size(), 3u);
  EXPECT_EQ(host.inits[2], 2u);  // the merged aggregate gets a fresh slot ...
  EXPECT_EQ(host.merges,
            (std::vector<std::pair<SlotHandle, SlotHandle>>{{2, 0}, {2, 1}}));  // ... in start order
  host.rec("a", 16, 8);  // [16,21) does not touch [0,15): a second session again
  EXPECT_EQ(core.windows_in_state(), 2u);
  core.end_of_input(host);
  EXPECT_EQ(host.panes, (Panes{{"a", 0, 15, 7, 3, Pane::OnTime}, {"a", 16, 21, 8, 1, Pane::OnTime}}));
}

TEST(WindowCore, SessionsOfDifferentKeysNeverMerge) {
  WindowOperatorConfig c = config(WindowSpec::session(ms(5)));
  c.watermark = WatermarkStrategy::manual();
  WindowCore core(c);
  RecordingHost host(core);
  host.rec("a", 0);
  host.rec("b", 3);
  EXPECT_TRUE(host.merges.empty());
  EXPECT_EQ(core.windows_in_state(), 2u);
  core.end_of_input(host);
  EXPECT_EQ(host.panes, (Panes{{"a", 0, 5, 1, 1, Pane::OnTime}, {"b", 3, 8, 1, 1, Pane::OnTime}}));
}

TEST(WindowCore, MicroBatchPanesComeOutInWindowEndStartKeyOrder) {
  WindowOperatorConfig c = config(WindowSpec::hopping(ms(20), ms(10)), 0, EmitMode::Update);
  c.trigger = Trigger::micro_batch(ms(100));
  WindowCore core(c);
  RecordingHost host(core);
  host.rec("b", 15);  // [0,20) and [10,30)
  host.rec("a", 25);  // [10,30) and [20,40)
  host.rec("c", 5);   // [-10,10) and [0,20)
  EXPECT_TRUE(host.panes.empty());
  core.advance_processing_time(host, at(100));  // the batch ends
  EXPECT_EQ(host.panes, (Panes{{"c", -10, 10, 1, 1, Pane::Update},
                               {"b", 0, 20, 1, 1, Pane::Update},
                               {"c", 0, 20, 1, 1, Pane::Update},
                               {"a", 10, 30, 1, 1, Pane::Update},
                               {"b", 10, 30, 1, 1, Pane::Update},
                               {"a", 20, 40, 1, 1, Pane::Update}}));
}

TEST(WindowCore, KeysWithoutStateAreReleasedInBulkAndTheirHandlesReused) {
  WindowCore core(config(WindowSpec::tumbling(ms(10))));
  RecordingHost host(core);
  constexpr int kKeys = 3000;
  for (int i = 0; i < kKeys; ++i) host.rec("k" + std::to_string(i), 1);
  EXPECT_TRUE(host.released.empty());  // every key holds state
  core.on_watermark(host, at(10));     // frees [0,10): every key is idle
  EXPECT_EQ(host.panes.size(), static_cast<std::size_t>(kKeys));
  EXPECT_EQ(host.released.size(), static_cast<std::size_t>(kKeys));
  const KeyHandle again = host.handle("new");
  EXPECT_LT(again, static_cast<KeyHandle>(kKeys));  // a released handle, not a new one
}

TEST(WindowCore, AFewIdleKeysKeepTheirHandles) {
  WindowCore core(config(WindowSpec::tumbling(ms(10))));
  RecordingHost host(core);
  const KeyHandle a = host.handle("a");
  host.rec("a", 1);
  host.rec("a", 10);
  host.rec("a", 20);
  EXPECT_TRUE(host.released.empty());
  EXPECT_EQ(host.handle("a"), a);
}

TEST(WindowCore, SnapshotListsSlotsInFiringOrderAndRestoreContinuesTheRun) {
  WindowCore core(config(WindowSpec::tumbling(ms(10)), 100));
  RecordingHost host(core);
  host.rec("b", 12);
  host.rec("a", 3);
  host.rec("a", 14);
  const std::vector<WindowSlotState> slots = core.snapshot(host);
  ASSERT_EQ(slots.size(), 3u);
  EXPECT_EQ(to_millis(slots[0].window.start), 0);
  EXPECT_EQ(to_millis(slots[1].window.start), 10);
  EXPECT_EQ(slots[1].handles.key, host.handle("a"));
  EXPECT_EQ(slots[2].handles.key, host.handle("b"));
  EXPECT_EQ(slots[2].count, 1);
  EXPECT_EQ(core.windows_in_state(), 3u);

  WindowCore copy(core);  // a copy is independent of the original
  RecordingHost copy_host(copy);
  copy.clear();
  EXPECT_EQ(copy.windows_in_state(), 0u);
  EXPECT_EQ(core.windows_in_state(), 3u);
  const KeyHandle h = copy.add_key();
  EXPECT_EQ(copy.restore_slot(h, slots[0]), 0u);  // after clear() slots are numbered from 0
  copy.restore_progress(core.progress());
  EXPECT_EQ(copy.windows_in_state(), 1u);
  EXPECT_EQ(copy.watermark(), core.watermark());
  EXPECT_EQ(copy.counters(), core.counters());
}

TEST(WindowCore, InvalidConfigurationsAreRejected) {
  WindowOperatorConfig c;
  c.partitions = 0;
  EXPECT_THROW(WindowCore{c}, std::invalid_argument);
  c = WindowOperatorConfig{};
  c.allowed_lateness = ms(-1);
  EXPECT_THROW(WindowCore{c}, std::invalid_argument);
  c = WindowOperatorConfig{};
  c.trigger = Trigger::micro_batch(ms(0));
  EXPECT_THROW(WindowCore{c}, std::invalid_argument);
}

TEST(WindowCore, ProcessAfterEndOfInputIsALogicError) {
  WindowCore core(config(WindowSpec::tumbling(ms(10))));
  RecordingHost host(core);
  core.end_of_input(host);
  EXPECT_THROW(host.rec("a", 1), std::logic_error);
}

}  // namespace
}  // namespace streamlab
