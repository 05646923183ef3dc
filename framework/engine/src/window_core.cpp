#include "streamlab/engine/window_core.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>

#include "session_window_set.hpp"
#include "slot_index.hpp"

namespace streamlab {
namespace {

// Handles of keys without state are given back to the typed layer in bulk, once there are more
// of them than of keys with state (and at least this many): a key that comes back every window
// keeps its handle, and a stream of ever new keys does not grow the key table without bound.
constexpr std::size_t kIdleKeysKept = 1024;

}  // namespace

// Everything a WindowCore holds. State is window-major: firing and freeing work on whole windows,
// as the watermark passes window ends; each window maps its keys to the slots of their aggregates.
struct WindowCore::State {
  // Windows by end, then start: the firing order; transparent so ranges can be found by end alone.
  struct EndOrder {
    using is_transparent = void;
    bool operator()(const Window& a, const Window& b) const {
      return a.end != b.end ? a.end < b.end : a.start < b.start;
    }
    bool operator()(const Window& a, Timestamp end) const { return a.end < end; }
    bool operator()(Timestamp end, const Window& b) const { return end < b.end; }
  };

  // The bookkeeping of one (key, window) aggregate; its accumulator lives in the typed layer.
  struct Slot {
    Window window{};
    KeyHandle key{0};
    std::int64_t count{0};
    bool changed_since_pane{false};
    bool in_batch{false};  // changed in the current micro-batch
    bool live{false};      // false once freed, until the handle is reused
  };
  // What the core knows of one key handle.
  struct KeyInfo {
    std::uint32_t slots{0};         // aggregates held
    SlotHandle last_slot{kNoSlot};  // the slot its last record went to: in-order streams hit it again
    bool assigned{false};           // handed out and not released
  };
  using Bucket = engine_detail::SlotIndex;
  using WindowMap = std::map<Window, Bucket, EndOrder>;

  explicit State(WindowOperatorConfig c)
      : config(std::move(c)), tracker(config.watermark, config.partitions) {
    if (config.partitions == 0) throw std::invalid_argument("a window operator needs a partition");
    if (config.trigger.kind == Trigger::Kind::MicroBatch && config.trigger.interval <= Duration{0})
      throw std::invalid_argument("the micro-batch interval must be positive");
    if (config.early_every && *config.early_every <= Duration{0})
      throw std::invalid_argument("the early firing interval must be positive");
    if (config.allowed_lateness < Duration{0})
      throw std::invalid_argument("allowed lateness must not be negative");
    on_time_fast_path = config.window.kind() == WindowKind::Tumbling &&
                        config.trigger.kind == Trigger::Kind::Continuous &&
                        config.time_domain == TimeDomain::Event && config.emit == EmitMode::Final;
    fast_path_open = on_time_fast_path;
  }

  // ---- records ----

  // The slot of an on-time record of a tumbling window in final mode, traced by nobody (kNoSlot
  // for any other record). Such a record joins one window and emits nothing itself, so only the
  // state update and the watermark advance (finish_on_time()) remain: the same effect as
  // process(), at a fraction of its cost.
  SlotHandle on_time_slot(WindowCoreHost& host, KeyHandle key, Timestamp event_time) {
    if (!fast_path_open || watermark >= tumble_of(event_time).end) return kNoSlot;
    ++counters.records_in;
    const SlotHandle s = slot_of(host, key, last_tumble);
    Slot& slot = slots[s];
    ++slot.count;
    slot.changed_since_pane = true;
    return s;
  }

  void finish_on_time(WindowCoreHost& host, Timestamp event_time, PartitionId partition) {
    ++counters.contributed;
    const Timestamp candidate = tracker.on_event(partition, event_time, clock);
    // advance_to() acts only when the watermark reaches a window end or an expiry.
    const Timestamp next = candidate > watermark ? candidate : watermark;
    if (next >= next_end || next >= free_at) [[unlikely]] {
      advance_to(host, candidate, false);
    } else {
      watermark = next;
    }
  }

  // Any record: the per-record order of work of docs/semantics.md.
  RecordFate process(WindowCoreHost& host, KeyHandle key, Timestamp event_time, PartitionId partition) {
    if (ended) throw std::logic_error("WindowOperator::process() after end_of_input()");
    ++counters.records_in;
    const bool processing = config.time_domain == TimeDomain::Processing;
    const Timestamp t = processing ? clock : event_time;
    const Timestamp w0 = watermark;
    const bool continuous = config.trigger.kind == Trigger::Kind::Continuous;
    touched.clear();
    if (trace_sink) trace = RecordTrace{counters.records_in, t, clock, w0, {}, RecordFate::OnTime, partition};
    bool added = false;
    bool late = false;
    Window latest_dropped{kMinTimestamp, kMinTimestamp};

    if (config.window.is_merging()) {
      const Window proto{t, saturating_add(t, config.window.gap())};
      merge_scratch.clear();
      const Window merged = sessions.find_merges(key, proto, merge_scratch);
      if (merge_scratch.empty() && expired(merged.end, w0)) {
        latest_dropped = merged;
        if (trace_sink) trace.windows.push_back({merged, WindowFate::Dropped});
      } else {
        const bool is_late = merged.end <= w0;
        if (!merge_scratch.empty()) merge_sessions(host, key, merged);
        add_to(host, key, merged, is_late, continuous);
        added = true;
        late = late || is_late;
        if (trace_sink)
          trace.windows.push_back({merged, is_late ? WindowFate::AcceptedLate : WindowFate::OnTime});
      }
    } else {
      const auto visit = [&](const Window& w) {
        if (expired(w.end, w0)) {
          if (latest_dropped.end < w.end) latest_dropped = w;
          if (trace_sink) trace.windows.push_back({w, WindowFate::Dropped});
          return;
        }
        const bool is_late = w.end <= w0;
        add_to(host, key, w, is_late, continuous);
        added = true;
        late = late || is_late;
        if (trace_sink) trace.windows.push_back({w, is_late ? WindowFate::AcceptedLate : WindowFate::OnTime});
      };
      if (config.window.kind() == WindowKind::Tumbling) {
        visit(tumble_of(t));
      } else {
        windows_scratch.clear();
        config.window.assign(t, windows_scratch);
        for (const Window& w : windows_scratch) visit(w);
      }
    }

    RecordFate fate = RecordFate::OnTime;
    if (!added) {
      fate = RecordFate::Dropped;
      ++counters.dropped_late;
    } else {
      ++counters.contributed;
      if (late) {
        fate = RecordFate::AcceptedLate;
        ++counters.late_accepted;
      }
    }
    if (trace_sink) {
      trace.fate = fate;
      trace_sink(trace);
    }
    if (fate == RecordFate::Dropped) host.late_record(t, w0, latest_dropped);
    // Panes caused by the record itself come out before those its watermark advance fires.
    const Pane pane = config.emit == EmitMode::Update ? Pane::Update : Pane::Late;
    for (const SlotHandle s : touched) {
      const Window window = slots[s].window;
      emit(host, window, KeyedSlot{slots[s].key, s}, pane);
    }
    if (!processing) tracker.on_event(partition, t, clock);
    if (continuous) advance_to(host, candidate_watermark(), config.emit == EmitMode::Complete);
    release_idle_keys(host);
    return fate;
  }

  void on_watermark(WindowCoreHost& host, Timestamp mark) {
    if (ended || config.time_domain == TimeDomain::Processing) return;
    tracker.on_mark(mark);
    if (config.trigger.kind == Trigger::Kind::Continuous) advance_to(host, candidate_watermark(), false);
  }

  void advance_processing_time(WindowCoreHost& host, Timestamp now) {
    if (ended || now <= clock) return;
    const Timestamp old = clock;
    clock = now;
    tracker.on_processing_time(now);
    if (config.trigger.kind == Trigger::Kind::MicroBatch) {
      if (floor_to(old, config.trigger.interval) != floor_to(now, config.trigger.interval))
        end_batch(host, candidate_watermark());
    } else {
      advance_to(host, candidate_watermark(), false);
    }
    if (config.early_every && floor_to(old, *config.early_every) != floor_to(now, *config.early_every))
      fire_early(host);
  }

  void end_of_input(WindowCoreHost& host) {
    if (ended) return;
    tracker.on_end_of_input();
    if (config.trigger.kind == Trigger::Kind::MicroBatch) {
      end_batch(host, kMaxTimestamp);
    } else {
      advance_to(host, kMaxTimestamp, config.emit == EmitMode::Complete);
    }
    ended = true;
    fast_path_open = false;
  }

  // ---- keys and slots ----

  KeyHandle add_key() {
    KeyHandle h = 0;
    if (!free_keys.empty()) {
      h = free_keys.back();
      free_keys.pop_back();
    } else {
      h = static_cast<KeyHandle>(keys.size());
      keys.emplace_back();
    }
    keys[h] = KeyInfo{0, kNoSlot, true};
    ++assigned_keys;
    ++idle_keys;
    return h;
  }

  // Gives the handles of keys without state back to the host when they outnumber the others.
  void release_idle_keys(WindowCoreHost& host) {
    if (idle_keys < kIdleKeysKept || idle_keys * 2 <= assigned_keys) return;
    std::vector<KeyHandle> released;
    released.reserve(idle_keys);
    for (KeyHandle h = 0; h < keys.size(); ++h) {
      if (keys[h].assigned && keys[h].slots == 0) {
        keys[h].assigned = false;
        released.push_back(h);
        free_keys.push_back(h);
      }
    }
    assigned_keys -= released.size();
    idle_keys = 0;
    host.release_keys(released);
  }

  // A new slot of `key` in `window`, not yet in the window's bucket; the host initialises it
  // (through `host`, or by the caller when null).
  SlotHandle allocate_slot(WindowCoreHost* host, KeyHandle key, const Window& window) {
    const SlotHandle s = free_slots.empty() ? static_cast<SlotHandle>(slots.size()) : free_slots.back();
    if (host != nullptr) host->init_slot(s);
    if (free_slots.empty()) {
      slots.emplace_back();
    } else {
      free_slots.pop_back();
    }
    slots[s] = Slot{window, key, 0, false, false, true};
    if (keys[key].slots++ == 0) --idle_keys;
    ++held;
    return s;
  }

  void free_slot(SlotHandle s) {
    Slot& slot = slots[s];
    slot.live = false;
    slot.in_batch = false;
    free_slots.push_back(s);
    if (--keys[slot.key].slots == 0) ++idle_keys;
    --held;
  }

  [[nodiscard]] bool expired(Timestamp end, Timestamp at) const {
    return at >= saturating_add(end, config.allowed_lateness);
  }

  // The tumbling window holding `t`. Consecutive events mostly fall in the same window, so the
  // last one is kept and the division is skipped then.
  const Window& tumble_of(Timestamp t) {
    if (!last_tumble.contains(t)) {
      const Timestamp start = floor_to(t, config.window.size());
      last_tumble = Window{start, saturating_add(start, config.window.size())};
    }
    return last_tumble;
  }

  [[nodiscard]] Timestamp candidate_watermark() const {
    return config.time_domain == TimeDomain::Processing ? clock : tracker.current();
  }

  WindowMap::value_type& find_or_create_window(const Window& window) {
    if (last_window.entry != nullptr && last_window.entry->first == window) return *last_window.entry;
    auto it = windows.find(window);
    if (it == windows.end()) {
      // The bucket array of the last freed window is reused, and sized like it, sparing an
      // allocation and the rehashes as the new window's keys arrive.
      it = windows.emplace(window, std::move(spare_bucket)).first;
      spare_bucket = Bucket{};
      if (typical_keys > 0) it->second.reserve(typical_keys);
      if (window.end > watermark && window.end < next_end) next_end = window.end;
      const Timestamp expiry = saturating_add(window.end, config.allowed_lateness);
      if (expiry < free_at) free_at = expiry;
    }
    last_window.entry = &*it;
    return *it;
  }

  void erase_window(WindowMap::iterator it) {
    if (&*it == last_window.entry) last_window.entry = nullptr;
    typical_keys = it->second.size();
    spare_bucket = std::move(it->second);
    spare_bucket.clear();
    windows.erase(it);
  }

  // The slot of (key, window), created (with an empty aggregate) if new.
  SlotHandle slot_of(WindowCoreHost& host, KeyHandle key, const Window& window) {
    const SlotHandle cached = keys[key].last_slot;
    if (cached < slots.size()) {
      const Slot& s = slots[cached];
      if (s.live && s.key == key && s.window == window) [[likely]]
        return cached;
    }
    return find_or_create_slot(host, key, window);
  }

  // slot_of() when the key's last slot is not the one: a look in the window's bucket.
  [[gnu::noinline]] SlotHandle find_or_create_slot(WindowCoreHost& host, KeyHandle key,
                                                   const Window& window) {
    auto* entry = last_window.entry;
    if (entry == nullptr || entry->first.end != window.end || entry->first.start != window.start)
      entry = &find_or_create_window(window);
    Bucket& bucket = entry->second;
    SlotHandle s = bucket.find(key);
    if (s == Bucket::kEmpty) {
      s = allocate_slot(&host, key, window);
      bucket.insert(key, s);
      if (config.window.is_merging()) sessions.add(key, window);
    }
    keys[key].last_slot = s;
    return s;
  }

  // Folds the record into the aggregate of (key, window), creating it if new.
  SlotHandle add_to_slot(WindowCoreHost& host, KeyHandle key, const Window& window) {
    const SlotHandle s = slot_of(host, key, window);
    host.add_record(s);
    Slot& slot = slots[s];
    ++slot.count;
    slot.changed_since_pane = true;
    return s;
  }

  void add_to(WindowCoreHost& host, KeyHandle key, const Window& window, bool is_late, bool continuous) {
    const SlotHandle s = add_to_slot(host, key, window);
    if (!continuous) {
      mark_in_batch(s);
    } else if (config.emit == EmitMode::Update || (config.emit == EmitMode::Final && is_late)) {
      touched.push_back(s);
    }
  }

  void mark_in_batch(SlotHandle s) {
    if (slots[s].in_batch) return;
    slots[s].in_batch = true;
    batch.push_back(s);
  }

  // Replaces every session of `key` in merge_scratch by one window `merged` holding their
  // combined aggregate and count.
  void merge_sessions(WindowCoreHost& host, KeyHandle key, const Window& merged) {
    const SlotHandle into = allocate_slot(&host, key, merged);
    slots[into].changed_since_pane = true;
    bool in_batch = false;
    for (const Window& w : merge_scratch) {
      auto wit = windows.find(w);
      if (wit == windows.end()) continue;
      const SlotHandle from = wit->second.find(key);
      if (from != Bucket::kEmpty) {
        host.merge_slots(into, from);
        slots[into].count += slots[from].count;
        in_batch = slots[from].in_batch || in_batch;
        wit->second.erase(key);
        free_slot(from);
      }
      if (wit->second.empty()) erase_window(wit);
    }
    find_or_create_window(merged).second.insert(key, into);
    sessions.replace(key, merge_scratch, merged);
    keys[key].last_slot = into;
    if (in_batch) mark_in_batch(into);
  }

  // ---- panes ----

  void emit(WindowCoreHost& host, const Window& window, KeyedSlot ks, Pane pane) {
    Slot& slot = slots[ks.slot];
    slot.changed_since_pane = false;
    const std::int64_t count = slot.count;
    ++counters.panes_out;
    host.emit_pane(window, ks, pane, count);
  }

  // The aggregates of a bucket (only those changed since their last pane if asked), in key order.
  void collect(const KeyOrder& order, const Bucket& bucket, bool only_changed,
               std::vector<KeyedSlot>& out) const {
    out.clear();
    bucket.for_each([&](KeyHandle key, SlotHandle s) {
      if (!only_changed || slots[s].changed_since_pane) out.push_back(KeyedSlot{key, s});
    });
    if (out.size() > 1) order.sort_by_key(out);
  }

  // Emits a window's aggregates in key order. The order is built in a buffer kept across calls
  // (taken out while in use, so a sink that re-enters the operator gets its own).
  void emit_window(WindowCoreHost& host, const Window& window, const Bucket& bucket, Pane pane,
                   bool only_changed = false) {
    std::vector<KeyedSlot> order = std::move(emit_scratch);
    collect(host, bucket, only_changed, order);
    for (const KeyedSlot e : order) emit(host, window, e, pane);
    emit_scratch = std::move(order);
  }

  void emit_table(WindowCoreHost& host) {
    for (const auto& [window, bucket] : windows) emit_window(host, window, bucket, Pane::Complete);
  }

  // ON_TIME panes of every window with w_old < end <= watermark, in firing order.
  void fire_on_time(WindowCoreHost& host, Timestamp w_old) {
    if (watermark <= w_old) return;
    for (auto it = windows.upper_bound(w_old); it != windows.end() && it->first.end <= watermark; ++it)
      emit_window(host, it->first, it->second, Pane::OnTime);
  }

  // The smallest end of a window the watermark has not reached (kMaxTimestamp when none).
  void refresh_next_end() {
    const auto it = windows.upper_bound(watermark);
    next_end = it == windows.end() ? kMaxTimestamp : it->first.end;
  }

  // Continuous trigger: moves the watermark, fires the windows it closes (final mode), emits the
  // table (complete mode, after a record) and frees expired windows.
  [[gnu::noinline]] void advance_to(WindowCoreHost& host, Timestamp candidate, bool table) {
    const Timestamp w_old = watermark;
    if (candidate > watermark) watermark = candidate;
    if (watermark >= next_end) {
      if (config.emit == EmitMode::Final) fire_on_time(host, w_old);
      refresh_next_end();
    }
    if (table) emit_table(host);
    if (watermark >= free_at) free_expired(host);
  }

  // The aggregates changed in the current micro-batch in firing order (window end, window start,
  // key); their batch marks are cleared.
  std::vector<KeyedSlot> take_batch(const KeyOrder& order) {
    std::vector<KeyedSlot> out;
    out.reserve(batch.size());
    // A handle freed and reused within the batch can be listed twice; the mark counts once.
    for (const SlotHandle s : batch) {
      Slot& slot = slots[s];
      if (!slot.live || !slot.in_batch) continue;
      slot.in_batch = false;
      out.push_back(KeyedSlot{slot.key, s});
    }
    batch.clear();
    const auto by_window = [this](KeyedSlot a, KeyedSlot b) {
      return State::EndOrder{}(slots[a.slot].window, slots[b.slot].window);
    };
    std::sort(out.begin(), out.end(), by_window);
    for (auto first = out.begin(); first != out.end();) {
      const auto last = std::upper_bound(first, out.end(), *first, by_window);
      if (last - first > 1) order.sort_by_key(std::span<KeyedSlot>(first, last));
      first = last;
    }
    return out;
  }

  // Micro-batch trigger: the watermark advances once; then ON_TIME, LATE, UPDATE or COMPLETE
  // panes of the batch come out in firing order; then expired windows are freed.
  void end_batch(WindowCoreHost& host, Timestamp candidate) {
    const Timestamp w_old = watermark;
    if (candidate > watermark) watermark = candidate;
    const std::vector<KeyedSlot> changed = take_batch(host);
    switch (config.emit) {
      case EmitMode::Final:
        // Late windows end at or before w_old, newly closed ones after it: concatenation is ordered.
        for (const KeyedSlot e : changed) {
          const Window window = slots[e.slot].window;
          if (window.end > w_old) break;
          emit(host, window, e, Pane::Late);
        }
        fire_on_time(host, w_old);
        break;
      case EmitMode::Update:
        for (const KeyedSlot e : changed) {
          const Window window = slots[e.slot].window;
          emit(host, window, e, Pane::Update);
        }
        break;
      case EmitMode::Complete: emit_table(host); break;
    }
    refresh_next_end();
    free_expired(host);
  }

  void fire_early(WindowCoreHost& host) {
    for (auto it = windows.upper_bound(watermark); it != windows.end(); ++it)
      emit_window(host, it->first, it->second, Pane::Early, true);
  }

  void free_expired(WindowCoreHost& host) {
    while (!windows.empty() && expired(windows.begin()->first.end, watermark)) {
      auto it = windows.begin();
      it->second.for_each([&](KeyHandle key, SlotHandle s) {
        if (config.window.is_merging()) sessions.remove(key, it->first);
        free_slot(s);
      });
      erase_window(it);
    }
    refresh_free_at();
    release_idle_keys(host);
  }

  // The expiry of the window that ends first (kMaxTimestamp when none).
  void refresh_free_at() {
    free_at =
        windows.empty() ? kMaxTimestamp : saturating_add(windows.begin()->first.end, config.allowed_lateness);
  }

  // ---- checkpoints ----

  std::vector<WindowSlotState> snapshot(const KeyOrder& order) const {
    std::vector<WindowSlotState> out;
    out.reserve(held);
    std::vector<KeyedSlot> sorted;
    for (const auto& [window, bucket] : windows) {
      collect(order, bucket, false, sorted);
      for (const KeyedSlot e : sorted) {
        const Slot& s = slots[e.slot];
        out.push_back(WindowSlotState{e, window, s.count, s.changed_since_pane, s.in_batch});
      }
    }
    return out;
  }

  void clear() {
    windows.clear();
    last_window.entry = nullptr;
    batch.clear();
    sessions.clear();
    slots.clear();
    free_slots.clear();
    keys.clear();
    free_keys.clear();
    held = 0;
    assigned_keys = 0;
    idle_keys = 0;
  }

  SlotHandle restore_slot(KeyHandle key, const WindowSlotState& state) {
    const SlotHandle s = allocate_slot(nullptr, key, state.window);
    Slot& slot = slots[s];
    slot.count = state.count;
    slot.changed_since_pane = state.changed_since_pane;
    Bucket& bucket = windows[state.window];
    if (bucket.find(key) == Bucket::kEmpty) bucket.insert(key, s);
    if (state.changed_in_batch) mark_in_batch(s);
    if (config.window.is_merging()) sessions.add(key, state.window);
    return s;
  }

  void restore_progress(const WindowCoreProgress& p) {
    tracker.restore(p.tracker);
    watermark = p.watermark;
    clock = p.processing_time;
    ended = p.ended;
    fast_path_open = on_time_fast_path && !trace_sink && !ended;
    counters = p.counters;
    refresh_next_end();
    refresh_free_at();
  }

  WindowOperatorConfig config;
  WatermarkTracker tracker;
  TraceSink trace_sink;
  WindowMap windows;
  // The window the last new slot went to: in-order streams mostly create the next one there.
  // Copies start with an empty cache, since the pointer is into this state's map.
  struct WindowCache {
    WindowMap::value_type* entry{nullptr};
    WindowCache() = default;
    WindowCache(const WindowCache&) noexcept {}
    WindowCache& operator=(const WindowCache&) noexcept {
      entry = nullptr;
      return *this;
    }
  };
  WindowCache last_window;
  std::vector<Slot> slots;
  std::vector<SlotHandle> free_slots;
  std::vector<KeyInfo> keys;
  std::vector<KeyHandle> free_keys;
  std::size_t held{0};            // live slots
  std::size_t assigned_keys{0};   // handles handed out and not released
  std::size_t idle_keys{0};       // of those, handles whose key holds no slot
  std::size_t typical_keys{0};    // keys of the last window freed
  std::vector<SlotHandle> batch;  // slots marked changed in the current micro-batch (may repeat)
  engine_detail::SessionWindowSet sessions;
  Timestamp watermark{kMinTimestamp};
  // A lower bound of the smallest window end above the watermark, so a record that closes no
  // window costs no search.
  Timestamp next_end{kMinTimestamp};
  // A lower bound of the earliest expiry (window end plus allowed lateness) held in state, so
  // a watermark advance that frees nothing costs no look at the map.
  Timestamp free_at{kMaxTimestamp};
  // Whether on-time records can take the short path of process() (tumbling windows, continuous
  // trigger, event time, final panes).
  bool on_time_fast_path{false};
  // on_time_fast_path, no trace sink, and not ended: on_time_slot() may act.
  bool fast_path_open{false};
  // The emptied bucket array of the last freed window, for the next new one.
  Bucket spare_bucket;
  std::vector<KeyedSlot> emit_scratch;
  Timestamp clock{};
  bool ended{false};
  OperatorCounters counters;
  Window last_tumble{kMaxTimestamp, kMaxTimestamp};  // the tumbling window of the last event
  // Scratch buffers reused across records to avoid allocating per record.
  std::vector<Window> windows_scratch;
  std::vector<Window> merge_scratch;
  std::vector<SlotHandle> touched;
  RecordTrace trace;
};

WindowCore::WindowCore(WindowOperatorConfig config) : state_(std::make_unique<State>(std::move(config))) {}
WindowCore::WindowCore(const WindowCore& other) : state_(std::make_unique<State>(*other.state_)) {}
WindowCore& WindowCore::operator=(const WindowCore& other) {
  if (this != &other) state_ = std::make_unique<State>(*other.state_);
  return *this;
}
WindowCore::WindowCore(WindowCore&& other) noexcept = default;
WindowCore& WindowCore::operator=(WindowCore&& other) noexcept = default;
WindowCore::~WindowCore() = default;

void WindowCore::set_trace_sink(TraceSink sink) {
  state_->trace_sink = std::move(sink);
  state_->fast_path_open = state_->on_time_fast_path && !state_->trace_sink && !state_->ended;
}
KeyHandle WindowCore::add_key() { return state_->add_key(); }

RecordFate WindowCore::process(WindowCoreHost& host, KeyHandle key, Timestamp event_time,
                               PartitionId partition) {
  return state_->process(host, key, event_time, partition);
}
SlotHandle WindowCore::on_time_slot(WindowCoreHost& host, KeyHandle key, Timestamp event_time) {
  return state_->on_time_slot(host, key, event_time);
}
void WindowCore::finish_on_time(WindowCoreHost& host, Timestamp event_time, PartitionId partition) {
  state_->finish_on_time(host, event_time, partition);
}
void WindowCore::on_watermark(WindowCoreHost& host, Timestamp mark) { state_->on_watermark(host, mark); }
void WindowCore::advance_processing_time(WindowCoreHost& host, Timestamp now) {
  state_->advance_processing_time(host, now);
}
void WindowCore::end_of_input(WindowCoreHost& host) { state_->end_of_input(host); }

bool WindowCore::ended() const { return state_->ended; }
Timestamp WindowCore::watermark() const { return state_->watermark; }
Timestamp WindowCore::processing_time() const { return state_->clock; }
const WatermarkTracker& WindowCore::watermarks() const { return state_->tracker; }
const OperatorCounters& WindowCore::counters() const { return state_->counters; }
std::size_t WindowCore::windows_in_state() const { return state_->held; }
const WindowOperatorConfig& WindowCore::config() const { return state_->config; }

std::vector<WindowSlotState> WindowCore::snapshot(const KeyOrder& order) const {
  return state_->snapshot(order);
}
WindowCoreProgress WindowCore::progress() const {
  const State& s = *state_;
  return WindowCoreProgress{s.tracker.state(), s.watermark, s.clock, s.ended, s.counters};
}
void WindowCore::clear() { state_->clear(); }
SlotHandle WindowCore::restore_slot(KeyHandle key, const WindowSlotState& state) {
  return state_->restore_slot(key, state);
}
void WindowCore::restore_progress(const WindowCoreProgress& progress) { state_->restore_progress(progress); }

}  // namespace streamlab
