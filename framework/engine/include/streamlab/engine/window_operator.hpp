/// @file
/// The keyed window operator: assigns events to windows, judges lateness against the watermark,
/// keeps per-window aggregates and emits panes, following docs/semantics.md to the letter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <utility>
#include <vector>

#include "streamlab/engine/aggregate.hpp"
#include "streamlab/engine/pane.hpp"
#include "streamlab/engine/watermark.hpp"
#include "streamlab/engine/window.hpp"
#include "streamlab/engine/window_result.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// Everything that decides a window operator's behaviour.
struct WindowOperatorConfig {
  WindowSpec window{WindowSpec::tumbling(std::chrono::minutes{1})};  ///< How events are windowed.
  WatermarkStrategy watermark{};         ///< How the watermark follows event time.
  Duration allowed_lateness{0};          ///< How long a fired window is kept for late events (grace).
  EmitMode emit{EmitMode::Final};        ///< Which panes are emitted.
  Trigger trigger{};                     ///< Per record (continuous) or per micro-batch.
  TimeDomain time_domain{TimeDomain::Event};  ///< Event time or processing time windows.
  /// Emit EARLY panes of changed open windows each time processing time passes a multiple of
  /// this interval (epoch-aligned); std::nullopt for no early firing.
  std::optional<Duration> early_every;
  std::size_t partitions{1};             ///< Input partitions whose watermarks are combined.
};

/// A window operator's complete state as a plain copyable value, for checkpoints.
template <class Key, class Acc>
struct WindowOperatorState {
  /// One window held in state.
  struct Entry {
    Key key;                          ///< The window's key.
    Window window;                    ///< The window.
    Acc acc;                          ///< Its aggregate so far.
    std::int64_t count{0};            ///< Events it holds.
    bool changed_since_pane{false};   ///< Changed since its last pane (for EARLY panes).
    bool changed_in_batch{false};     ///< Changed in the current micro-batch.
  };
  std::vector<Entry> windows;         ///< Windows in firing order (end, start, key).
  WatermarkTrackerState tracker;      ///< Per-partition watermark progress.
  Timestamp watermark{kMinTimestamp};  ///< The watermark the operator has acted on.
  Timestamp processing_time{};        ///< The processing clock.
  bool ended{false};                  ///< Whether end_of_input() was called.
  OperatorCounters counters;          ///< Record accounting so far.
};

/// A keyed event-time window operator (Flink's `WindowOperator`, Kafka Streams' windowed
/// aggregation). Feed it records with process(), watermark marks with on_watermark(), processing
/// time with advance_processing_time() and finish with end_of_input(); it calls the result sink
/// for every pane and the late sink for every event dropped from all its windows.
///
/// Per record, in this order: (1) lateness is judged against the watermark as it stood before the
/// record, (2) the record is assigned to windows and state is updated, (3) the partition's
/// watermark advances with the record's timestamp, (4) every window the new watermark closes
/// fires. Panes fired at one watermark advance come out ordered by window end, window start,
/// then key (`KeyLess`); LATE and UPDATE panes caused by a record come out right after it,
/// before the panes its watermark advance fires.
///
/// @tparam Key     key type: hashable with `KeyHash`, ordered with `KeyLess`, comparable with ==.
/// @tparam Value   the value type folded into windows.
/// @tparam Acc     the aggregate's accumulator type.
template <class Key, class Value, class Acc, class KeyHash = std::hash<Key>,
          class KeyLess = std::less<Key>>
class WindowOperator {
 public:
  using Result = WindowResult<Key, Acc>;                      ///< One emitted pane.
  using Late = LateRecord<Key, Value>;                        ///< One record for the late output.
  using ResultSink = std::function<void(const Result&)>;      ///< Receives every pane.
  using LateSink = std::function<void(const Late&)>;          ///< Receives dropped records.
  using TraceSink = std::function<void(const RecordTrace&)>;  ///< Receives per-record traces.
  using State = WindowOperatorState<Key, Acc>;                ///< Checkpointable state.

  /// An operator with `config` folding values with `aggregate`, emitting panes to `on_result`
  /// and dropped records to `on_late` (both may be empty to discard; counters still count).
  /// @throws std::invalid_argument for a micro-batch interval or early interval that is not
  ///         positive, or zero partitions.
  WindowOperator(WindowOperatorConfig config, Aggregate<Value, Acc> aggregate,
                 ResultSink on_result, LateSink on_late = {})
      : config_(std::move(config)),
        aggregate_(std::move(aggregate)),
        on_result_(std::move(on_result)),
        on_late_(std::move(on_late)),
        tracker_(config_.watermark, config_.partitions) {
    if (config_.partitions == 0) throw std::invalid_argument("a window operator needs a partition");
    if (config_.trigger.kind == Trigger::Kind::MicroBatch && config_.trigger.interval <= Duration{0})
      throw std::invalid_argument("the micro-batch interval must be positive");
    if (config_.early_every && *config_.early_every <= Duration{0})
      throw std::invalid_argument("the early firing interval must be positive");
    if (config_.allowed_lateness < Duration{0})
      throw std::invalid_argument("allowed lateness must not be negative");
    on_time_fast_path_ = config_.window.kind() == WindowKind::Tumbling &&
                         config_.trigger.kind == Trigger::Kind::Continuous &&
                         config_.time_domain == TimeDomain::Event && config_.emit == EmitMode::Final;
  }

  /// Also reports every record's trace (windows joined, lateness, fate) to `sink`.
  void set_trace_sink(TraceSink sink) { trace_sink_ = std::move(sink); }

  /// Processes one record of `partition` with `event_time` (ignored in the processing-time
  /// domain, where the current processing time is used) at the current processing time.
  /// @returns the record's fate.
  /// @throws std::logic_error after end_of_input().
  RecordFate process(const Key& key, const Value& value, Timestamp event_time,
                     PartitionId partition = 0) {
    if (ended_) throw std::logic_error("WindowOperator::process() after end_of_input()");
    if (on_time_fast_path_ && !trace_sink_ && watermark_ < tumble_of(event_time).end) {
      // The common case, with the same effect as the general path below: an on-time record of
      // a tumbling window in final mode joins one window, emits nothing itself and is traced
      // by nobody, so only the state update and the watermark advance remain.
      ++counters_.records_in;
      add_to_slot(key, last_tumble_, value);
      ++counters_.contributed;
      const Timestamp candidate = tracker_.on_event(partition, event_time, clock_);
      // advance_to() acts only when the watermark reaches a window end or an expiry.
      const Timestamp next = candidate > watermark_ ? candidate : watermark_;
      if (next >= next_end_ || next >= free_at_) {
        advance_to(candidate, false);
      } else {
        watermark_ = next;
      }
      return RecordFate::OnTime;
    }
    ++counters_.records_in;
    const bool processing = config_.time_domain == TimeDomain::Processing;
    const Timestamp t = processing ? clock_ : event_time;
    const Timestamp w0 = watermark_;
    const bool continuous = config_.trigger.kind == Trigger::Kind::Continuous;
    touched_.clear();
    if (trace_sink_) {
      trace_ = RecordTrace{counters_.records_in, t, clock_, w0, {}, RecordFate::OnTime};
    }
    bool added = false;
    bool late = false;
    Window latest_dropped{kMinTimestamp, kMinTimestamp};

    if (config_.window.is_merging()) {
      const Window proto{t, saturating_add(t, config_.window.gap())};
      auto sessions_it = sessions_.find(key);
      merge_scratch_.clear();
      Window merged = proto;
      if (sessions_it != sessions_.end()) {
        for (const Window& w : sessions_it->second) {
          if (w.start > proto.end) break;
          if (windows_merge(w, proto)) {
            merge_scratch_.push_back(w);
            merged = merged_window(merged, w);
          }
        }
      }
      if (merge_scratch_.empty() && expired(merged.end, w0)) {
        latest_dropped = merged;
        if (trace_sink_) trace_.windows.push_back({merged, WindowFate::Dropped});
      } else {
        const bool is_late = merged.end <= w0;
        if (!merge_scratch_.empty()) merge_sessions(key, merged);
        add_to(key, merged, value, is_late, continuous);
        added = true;
        late = late || is_late;
        if (trace_sink_)
          trace_.windows.push_back({merged, is_late ? WindowFate::AcceptedLate : WindowFate::OnTime});
      }
    } else {
      const auto visit = [&](const Window& w) {
        if (expired(w.end, w0)) {
          if (latest_dropped.end < w.end) latest_dropped = w;
          if (trace_sink_) trace_.windows.push_back({w, WindowFate::Dropped});
          return;
        }
        const bool is_late = w.end <= w0;
        add_to(key, w, value, is_late, continuous);
        added = true;
        late = late || is_late;
        if (trace_sink_)
          trace_.windows.push_back({w, is_late ? WindowFate::AcceptedLate : WindowFate::OnTime});
      };
      if (config_.window.kind() == WindowKind::Tumbling) {
        visit(tumble_of(t));
      } else {
        windows_scratch_.clear();
        config_.window.assign(t, windows_scratch_);
        for (const Window& w : windows_scratch_) visit(w);
      }
    }

    RecordFate fate = RecordFate::OnTime;
    if (!added) {
      fate = RecordFate::Dropped;
      ++counters_.dropped_late;
    } else {
      ++counters_.contributed;
      if (late) {
        fate = RecordFate::AcceptedLate;
        ++counters_.late_accepted;
      }
    }
    if (trace_sink_) {
      trace_.fate = fate;
      trace_sink_(trace_);
    }
    if (fate == RecordFate::Dropped && on_late_) {
      on_late_(Late{key, value, t, w0, late_reason(latest_dropped, config_.allowed_lateness, w0)});
    }
    // Panes caused by the record itself come out before those its watermark advance fires.
    for (const auto& [window, entry] : touched_)
      emit(*window, entry->first, entry->second,
           config_.emit == EmitMode::Update ? Pane::Update : Pane::Late);
    if (!processing) tracker_.on_event(partition, t, clock_);
    if (continuous) {
      advance_to(candidate_watermark(), config_.emit == EmitMode::Complete);
    }
    return fate;
  }

  /// Raises the watermark to at least `mark` (a `{"$watermark": T}` control line) and, with the
  /// continuous trigger, fires what it closes; with micro-batches it takes effect at batch end.
  /// Ignored in the processing-time domain, where the processing clock is the watermark.
  void on_watermark(Timestamp mark) {
    if (ended_ || config_.time_domain == TimeDomain::Processing) return;
    tracker_.on_mark(mark);
    if (config_.trigger.kind == Trigger::Kind::Continuous) advance_to(candidate_watermark(), false);
  }

  /// Moves processing time forward to `now` (earlier times are ignored). This may make idle
  /// partitions release the watermark, end a micro-batch when it crosses a multiple of the batch
  /// interval, fire processing-time windows, and emit EARLY panes when it passes a multiple of
  /// the early interval.
  void advance_processing_time(Timestamp now) {
    if (ended_ || now <= clock_) return;
    const Timestamp old = clock_;
    clock_ = now;
    tracker_.on_processing_time(now);
    if (config_.trigger.kind == Trigger::Kind::MicroBatch) {
      if (floor_to(old, config_.trigger.interval) != floor_to(now, config_.trigger.interval))
        end_batch(candidate_watermark());
    } else {
      advance_to(candidate_watermark(), false);
    }
    if (config_.early_every && floor_to(old, *config_.early_every) != floor_to(now, *config_.early_every))
      fire_early();
  }

  /// End of a bounded input: the watermark becomes +infinity, every window fires (a last batch
  /// ends with micro-batches; complete mode emits the table once more) and all state is freed.
  void end_of_input() {
    if (ended_) return;
    tracker_.on_end_of_input();
    if (config_.trigger.kind == Trigger::Kind::MicroBatch) {
      end_batch(kMaxTimestamp);
    } else {
      advance_to(kMaxTimestamp, config_.emit == EmitMode::Complete);
    }
    ended_ = true;
  }

  /// The watermark the operator has acted on (lateness is judged against it).
  [[nodiscard]] Timestamp watermark() const { return watermark_; }
  /// The current processing time.
  [[nodiscard]] Timestamp processing_time() const { return clock_; }
  /// The per-partition watermark tracker (read-only).
  [[nodiscard]] const WatermarkTracker& watermarks() const { return tracker_; }
  /// Record accounting so far.
  [[nodiscard]] const OperatorCounters& counters() const { return counters_; }
  /// Number of (key, window) aggregates held in state.
  [[nodiscard]] std::size_t windows_in_state() const { return held_; }
  /// The configuration.
  [[nodiscard]] const WindowOperatorConfig& config() const { return config_; }

  /// A copy of the whole operator state, for checkpoints.
  [[nodiscard]] State snapshot() const {
    State s;
    s.windows.reserve(held_);
    for (const auto& [window, bucket] : windows_) {
      for (const Entry* e : sorted(bucket, false)) {
        s.windows.push_back(typename State::Entry{
            e->first, window, e->second.acc, e->second.count, e->second.changed_since_pane,
            batch_changed_.count(WindowId{e->first, window}) > 0});
      }
    }
    s.tracker = tracker_.state();
    s.watermark = watermark_;
    s.processing_time = clock_;
    s.ended = ended_;
    s.counters = counters_;
    return s;
  }

  /// Replaces the whole operator state with a snapshot taken by snapshot().
  void restore(const State& s) {
    windows_.clear();
    batch_changed_.clear();
    sessions_.clear();
    held_ = 0;
    last_window_.entry = nullptr;
    for (const auto& e : s.windows) {
      windows_[e.window].emplace(e.key, Slot{e.acc, e.count, e.changed_since_pane});
      ++held_;
      if (e.changed_in_batch) batch_changed_.insert(WindowId{e.key, e.window});
      if (config_.window.is_merging()) sessions_[e.key].insert(e.window);
    }
    tracker_.restore(s.tracker);
    watermark_ = s.watermark;
    clock_ = s.processing_time;
    ended_ = s.ended;
    counters_ = s.counters;
    refresh_next_end();
    refresh_free_at();
  }

private:
  struct WindowId {
    Key key;
    Window window;
    friend bool operator==(const WindowId& a, const WindowId& b) {
      return a.window == b.window && a.key == b.key;
    }
  };
  // Firing order of (key, window) pairs: window end, window start, key.
  struct FireOrder {
    bool operator()(const WindowId& a, const WindowId& b) const {
      if (a.window.end != b.window.end) return a.window.end < b.window.end;
      if (a.window.start != b.window.start) return a.window.start < b.window.start;
      return KeyLess{}(a.key, b.key);
    }
  };
  // Windows by end, then start; transparent so ranges can be found by end alone.
  struct EndOrder {
    using is_transparent = void;
    bool operator()(const Window& a, const Window& b) const {
      return a.end != b.end ? a.end < b.end : a.start < b.start;
    }
    bool operator()(const Window& a, Timestamp end) const { return a.end < end; }
    bool operator()(Timestamp end, const Window& b) const { return end < b.end; }
  };
  struct Slot {
    Acc acc;
    std::int64_t count{0};
    bool changed_since_pane{false};
  };
  // The aggregates of one window, per key. State is window-major: firing and freeing work on
  // whole windows, as the watermark passes window ends.
  using Bucket = std::unordered_map<Key, Slot, KeyHash>;
  using Entry = std::pair<const Key, Slot>;
  using WindowMap = std::map<Window, Bucket, EndOrder>;

  [[nodiscard]] bool expired(Timestamp end, Timestamp watermark) const {
    return watermark >= saturating_add(end, config_.allowed_lateness);
  }

  // The tumbling window holding `t`. Consecutive events mostly fall in the same window, so the
  // last one is kept and the division is skipped then.
  const Window& tumble_of(Timestamp t) {
    if (!last_tumble_.contains(t)) {
      const Timestamp start = floor_to(t, config_.window.size());
      last_tumble_ = Window{start, saturating_add(start, config_.window.size())};
    }
    return last_tumble_;
  }

  [[nodiscard]] Timestamp candidate_watermark() const {
    return config_.time_domain == TimeDomain::Processing ? clock_ : tracker_.current();
  }

  typename WindowMap::value_type& find_or_create_window(const Window& window) {
    if (last_window_.entry != nullptr && last_window_.entry->first == window) return *last_window_.entry;
    auto it = windows_.find(window);
    if (it == windows_.end()) {
      // The bucket array of the last freed window is reused, and sized like it, sparing an
      // allocation and the rehashes as the new window's keys arrive.
      it = windows_.emplace(window, std::move(spare_bucket_)).first;
      spare_bucket_ = Bucket{};
      if (typical_keys_ > 0) it->second.reserve(typical_keys_);
      if (window.end > watermark_ && window.end < next_end_) next_end_ = window.end;
      const Timestamp expiry = saturating_add(window.end, config_.allowed_lateness);
      if (expiry < free_at_) free_at_ = expiry;
    }
    last_window_.entry = &*it;
    return *it;
  }

  void erase_window(typename WindowMap::iterator it) {
    if (&*it == last_window_.entry) last_window_.entry = nullptr;
    typical_keys_ = it->second.size();
    spare_bucket_ = std::move(it->second);
    spare_bucket_.clear();
    windows_.erase(it);
  }

  // Folds `value` into the aggregate of (key, window), creating it if new; returns the window's
  // map entry and the key's entry in it.
  std::pair<typename WindowMap::value_type*, Entry*> add_to_slot(const Key& key, const Window& window,
                                                                 const Value& value) {
    auto* entry = last_window_.entry;
    if (entry == nullptr || entry->first.end != window.end || entry->first.start != window.start)
      entry = &find_or_create_window(window);
    Bucket& bucket = entry->second;
    auto it = bucket.find(key);
    if (it == bucket.end()) it = create_slot(bucket, key, window);
    Slot& slot = it->second;
    aggregate_.add(slot.acc, value);
    ++slot.count;
    slot.changed_since_pane = true;
    return {entry, &*it};
  }

  // A new, empty aggregate of `key` in `bucket`, the state of `window`.
  typename Bucket::iterator create_slot(Bucket& bucket, const Key& key, const Window& window) {
    auto it = bucket.emplace(key, Slot{aggregate_.init(), 0, false}).first;
    ++held_;
    if (config_.window.is_merging()) sessions_[key].insert(window);
    return it;
  }

  void add_to(const Key& key, const Window& window, const Value& value, bool is_late,
              bool continuous) {
    const auto [entry, slot] = add_to_slot(key, window, value);
    if (!continuous) {
      batch_changed_.insert(WindowId{key, window});
    } else if (config_.emit == EmitMode::Update || (config_.emit == EmitMode::Final && is_late)) {
      // Node-based maps: element addresses stay valid until the element is erased.
      touched_.emplace_back(&entry->first, slot);
    }
  }

  // Replaces every session of `key` in merge_scratch_ by one window `merged` holding their
  // combined aggregate and count.
  void merge_sessions(const Key& key, const Window& merged) {
    Slot combined{aggregate_.init(), 0, true};
    bool in_batch = false;
    auto& sessions = sessions_[key];
    for (const Window& w : merge_scratch_) {
      auto wit = windows_.find(w);
      if (wit != windows_.end()) {
        auto it = wit->second.find(key);
        if (it != wit->second.end()) {
          aggregate_.merge(combined.acc, it->second.acc);
          combined.count += it->second.count;
          wit->second.erase(it);
          --held_;
        }
        if (wit->second.empty()) erase_window(wit);
      }
      in_batch = batch_changed_.erase(WindowId{key, w}) > 0 || in_batch;
      sessions.erase(w);
    }
    find_or_create_window(merged).second.emplace(key, std::move(combined));
    ++held_;
    sessions.insert(merged);
    if (in_batch) batch_changed_.insert(WindowId{key, merged});
  }

  // The entries of a window in key order (only those changed since their last pane if asked).
  template <class B>
  static auto sorted(B& bucket, bool only_changed) {
    std::vector<decltype(&*bucket.begin())> out;
    out.reserve(bucket.size());
    for (auto& e : bucket) {
      if (!only_changed || e.second.changed_since_pane) out.push_back(&e);
    }
    if (out.size() > 1) {
      std::sort(out.begin(), out.end(),
                [](const auto* a, const auto* b) { return KeyLess{}(a->first, b->first); });
    }
    return out;
  }

  void emit(const Window& window, const Key& key, Slot& slot, Pane pane) {
    slot.changed_since_pane = false;
    ++counters_.panes_out;
    if (on_result_) on_result_(Result{key, window, slot.acc, pane, slot.count});
  }

  // Emits a window's entries in key order. The order is built in a buffer kept across calls
  // (taken out while in use, so a sink that re-enters the operator gets its own).
  void emit_window(const Window& window, Bucket& bucket, Pane pane, bool only_changed = false) {
    std::vector<Entry*> order = std::move(emit_scratch_);
    order.clear();
    for (auto& e : bucket) {
      if (!only_changed || e.second.changed_since_pane) order.push_back(&e);
    }
    if (order.size() > 1) {
      std::sort(order.begin(), order.end(),
                [](const Entry* a, const Entry* b) { return KeyLess{}(a->first, b->first); });
    }
    for (Entry* e : order) emit(window, e->first, e->second, pane);
    emit_scratch_ = std::move(order);
  }

  void emit_table() {
    for (auto& [window, bucket] : windows_) emit_window(window, bucket, Pane::Complete);
  }

  // ON_TIME panes of every window with w_old < end <= watermark, in firing order.
  void fire_on_time(Timestamp w_old) {
    if (watermark_ <= w_old) return;
    for (auto it = windows_.upper_bound(w_old); it != windows_.end() && it->first.end <= watermark_; ++it)
      emit_window(it->first, it->second, Pane::OnTime);
  }

  // The smallest end of a window the watermark has not reached (kMaxTimestamp when none).
  void refresh_next_end() {
    const auto it = windows_.upper_bound(watermark_);
    next_end_ = it == windows_.end() ? kMaxTimestamp : it->first.end;
  }

  // Continuous trigger: moves the watermark, fires the windows it closes (final mode), emits the
  // table (complete mode, after a record) and frees expired windows.
  void advance_to(Timestamp candidate, bool table) {
    const Timestamp w_old = watermark_;
    if (candidate > watermark_) watermark_ = candidate;
    if (watermark_ >= next_end_) {
      if (config_.emit == EmitMode::Final) fire_on_time(w_old);
      refresh_next_end();
    }
    if (table) emit_table();
    if (watermark_ >= free_at_) free_expired();
  }

  // Micro-batch trigger: the watermark advances once; then ON_TIME, LATE, UPDATE or COMPLETE
  // panes of the batch come out in firing order; then expired windows are freed.
  void end_batch(Timestamp candidate) {
    const Timestamp w_old = watermark_;
    if (candidate > watermark_) watermark_ = candidate;
    switch (config_.emit) {
      case EmitMode::Final:
        // Late windows end at or before w_old, newly closed ones after it: concatenation is ordered.
        for (const WindowId& id : batch_changed_) {
          if (id.window.end > w_old) break;
          emit(id.window, id.key, slot_of(id), Pane::Late);
        }
        fire_on_time(w_old);
        break;
      case EmitMode::Update:
        for (const WindowId& id : batch_changed_) emit(id.window, id.key, slot_of(id), Pane::Update);
        break;
      case EmitMode::Complete:
        emit_table();
        break;
    }
    batch_changed_.clear();
    refresh_next_end();
    free_expired();
  }

  Slot& slot_of(const WindowId& id) { return windows_.find(id.window)->second.find(id.key)->second; }

  void fire_early() {
    for (auto it = windows_.upper_bound(watermark_); it != windows_.end(); ++it)
      emit_window(it->first, it->second, Pane::Early, true);
  }

  void free_expired() {
    while (!windows_.empty() && expired(windows_.begin()->first.end, watermark_)) {
      auto it = windows_.begin();
      held_ -= it->second.size();
      if (config_.window.is_merging()) {
        for (const Entry& e : it->second) {
          auto s = sessions_.find(e.first);
          if (s == sessions_.end()) continue;
          s->second.erase(it->first);
          if (s->second.empty()) sessions_.erase(s);
        }
      }
      erase_window(it);
    }
    refresh_free_at();
  }

  // The expiry of the window that ends first (kMaxTimestamp when none).
  void refresh_free_at() {
    free_at_ = windows_.empty() ? kMaxTimestamp
                                : saturating_add(windows_.begin()->first.end, config_.allowed_lateness);
  }

  WindowOperatorConfig config_;
  Aggregate<Value, Acc> aggregate_;
  ResultSink on_result_;
  LateSink on_late_;
  TraceSink trace_sink_;
  WatermarkTracker tracker_;
  WindowMap windows_;
  // The window the last record went to: in-order streams mostly hit it again. Copies of the
  // operator start with an empty cache, since the pointer is into this operator's map.
  struct WindowCache {
    typename WindowMap::value_type* entry{nullptr};
    WindowCache() = default;
    WindowCache(const WindowCache&) noexcept {}
    WindowCache& operator=(const WindowCache&) noexcept {
      entry = nullptr;
      return *this;
    }
  };
  WindowCache last_window_;
  std::size_t held_{0};
  std::size_t typical_keys_{0};  // keys of the last window freed
  std::set<WindowId, FireOrder> batch_changed_;
  std::unordered_map<Key, std::set<Window>, KeyHash> sessions_;
  Timestamp watermark_{kMinTimestamp};
  // A lower bound of the smallest window end above the watermark, so a record that closes no
  // window costs no search.
  Timestamp next_end_{kMinTimestamp};
  // A lower bound of the earliest expiry (window end plus allowed lateness) held in state, so
  // a watermark advance that frees nothing costs no look at the map.
  Timestamp free_at_{kMaxTimestamp};
  // Whether on-time records can take the short path of process() (tumbling windows, continuous
  // trigger, event time, final panes).
  bool on_time_fast_path_{false};
  // The emptied bucket array of the last freed window, for the next new one.
  Bucket spare_bucket_;
  std::vector<Entry*> emit_scratch_;
  Timestamp clock_{};
  bool ended_{false};
  OperatorCounters counters_;
  Window last_tumble_{kMaxTimestamp, kMaxTimestamp};  // the tumbling window of the last event
  // Scratch buffers reused across records to avoid allocating per record.
  std::vector<Window> windows_scratch_;
  std::vector<Window> merge_scratch_;
  std::vector<std::pair<const Window*, Entry*>> touched_;
  RecordTrace trace_;
};

}  // namespace streamlab
