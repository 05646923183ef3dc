/// @file
/// The keyed window operator: assigns events to windows, judges lateness against the watermark,
/// keeps per-window aggregates and emits panes, following docs/semantics.md to the letter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
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
        tracker_(config_.watermark, config_.partitions),
        by_end_(FireOrder{}),
        batch_changed_(FireOrder{}) {
    if (config_.partitions == 0) throw std::invalid_argument("a window operator needs a partition");
    if (config_.trigger.kind == Trigger::Kind::MicroBatch && config_.trigger.interval <= Duration{0})
      throw std::invalid_argument("the micro-batch interval must be positive");
    if (config_.early_every && *config_.early_every <= Duration{0})
      throw std::invalid_argument("the early firing interval must be positive");
    if (config_.allowed_lateness < Duration{0})
      throw std::invalid_argument("allowed lateness must not be negative");
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
        WindowId id{key, merged};
        if (!merge_scratch_.empty()) merge_sessions(key, merged);
        add_to(id, value, is_late, continuous);
        added = true;
        late = late || is_late;
        if (trace_sink_)
          trace_.windows.push_back({merged, is_late ? WindowFate::AcceptedLate : WindowFate::OnTime});
      }
    } else {
      windows_scratch_.clear();
      config_.window.assign(t, windows_scratch_);
      for (const Window& w : windows_scratch_) {
        if (expired(w.end, w0)) {
          if (latest_dropped.end < w.end) latest_dropped = w;
          if (trace_sink_) trace_.windows.push_back({w, WindowFate::Dropped});
          continue;
        }
        const bool is_late = w.end <= w0;
        add_to(WindowId{key, w}, value, is_late, continuous);
        added = true;
        late = late || is_late;
        if (trace_sink_)
          trace_.windows.push_back({w, is_late ? WindowFate::AcceptedLate : WindowFate::OnTime});
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
    for (const WindowId& id : touched_) {
      auto it = state_.find(id);
      if (it != state_.end())
        emit(id, it->second, config_.emit == EmitMode::Update ? Pane::Update : Pane::Late);
    }
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
  [[nodiscard]] std::size_t windows_in_state() const { return state_.size(); }
  /// The configuration.
  [[nodiscard]] const WindowOperatorConfig& config() const { return config_; }

  /// A copy of the whole operator state, for checkpoints.
  [[nodiscard]] State snapshot() const {
    State s;
    s.windows.reserve(by_end_.size());
    for (const WindowId& id : by_end_) {
      const Slot& slot = state_.at(id);
      s.windows.push_back(typename State::Entry{id.key, id.window, slot.acc, slot.count,
                                                slot.changed_since_pane,
                                                batch_changed_.count(id) > 0});
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
    state_.clear();
    by_end_.clear();
    batch_changed_.clear();
    sessions_.clear();
    for (const auto& e : s.windows) {
      WindowId id{e.key, e.window};
      state_.emplace(id, Slot{e.acc, e.count, e.changed_since_pane});
      by_end_.insert(id);
      if (e.changed_in_batch) batch_changed_.insert(id);
      if (config_.window.is_merging()) sessions_[e.key].insert(e.window);
    }
    tracker_.restore(s.tracker);
    watermark_ = s.watermark;
    clock_ = s.processing_time;
    ended_ = s.ended;
    counters_ = s.counters;
  }

 private:
  struct WindowId {
    Key key;
    Window window;
    friend bool operator==(const WindowId& a, const WindowId& b) {
      return a.window == b.window && a.key == b.key;
    }
  };
  struct IdHash {
    std::size_t operator()(const WindowId& id) const {
      std::size_t h = KeyHash{}(id.key);
      const auto mix = [&h](std::int64_t v) {
        h ^= std::hash<std::int64_t>{}(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
      };
      mix(to_millis(id.window.start));
      mix(to_millis(id.window.end));
      return h;
    }
  };
  // Firing order: window end, window start, key. Transparent so ranges can be found by end.
  struct FireOrder {
    using is_transparent = void;
    bool operator()(const WindowId& a, const WindowId& b) const {
      if (a.window.end != b.window.end) return a.window.end < b.window.end;
      if (a.window.start != b.window.start) return a.window.start < b.window.start;
      return KeyLess{}(a.key, b.key);
    }
    bool operator()(const WindowId& a, Timestamp end) const { return a.window.end < end; }
    bool operator()(Timestamp end, const WindowId& b) const { return end < b.window.end; }
  };
  struct Slot {
    Acc acc;
    std::int64_t count{0};
    bool changed_since_pane{false};
  };

  [[nodiscard]] bool expired(Timestamp end, Timestamp watermark) const {
    return watermark >= saturating_add(end, config_.allowed_lateness);
  }

  [[nodiscard]] Timestamp candidate_watermark() const {
    return config_.time_domain == TimeDomain::Processing ? clock_ : tracker_.current();
  }

  void add_to(const WindowId& id, const Value& value, bool is_late, bool continuous) {
    auto [it, inserted] = state_.try_emplace(id, Slot{aggregate_.init(), 0, false});
    if (inserted) {
      by_end_.insert(id);
      if (config_.window.is_merging()) sessions_[id.key].insert(id.window);
    }
    Slot& slot = it->second;
    aggregate_.add(slot.acc, value);
    ++slot.count;
    slot.changed_since_pane = true;
    if (!continuous) {
      batch_changed_.insert(id);
    } else if (config_.emit == EmitMode::Update || (config_.emit == EmitMode::Final && is_late)) {
      touched_.push_back(id);
    }
  }

  // Replaces every session of `key` that merges into `merged` by one window holding their
  // combined aggregate and count.
  void merge_sessions(const Key& key, const Window& merged) {
    Slot combined{aggregate_.init(), 0, true};
    bool in_batch = false;
    auto& sessions = sessions_[key];
    for (const Window& w : merge_scratch_) {
      WindowId old{key, w};
      auto it = state_.find(old);
      if (it != state_.end()) {
        aggregate_.merge(combined.acc, it->second.acc);
        combined.count += it->second.count;
        state_.erase(it);
      }
      by_end_.erase(old);
      in_batch = batch_changed_.erase(old) > 0 || in_batch;
      sessions.erase(w);
    }
    WindowId id{key, merged};
    state_.emplace(id, std::move(combined));
    by_end_.insert(id);
    sessions.insert(merged);
    if (in_batch) batch_changed_.insert(id);
  }

  void emit(const WindowId& id, Slot& slot, Pane pane) {
    slot.changed_since_pane = false;
    ++counters_.panes_out;
    if (on_result_) on_result_(Result{id.key, id.window, slot.acc, pane, slot.count});
  }

  void emit_table() {
    for (const WindowId& id : by_end_) emit(id, state_.at(id), Pane::Complete);
  }

  // Continuous trigger: moves the watermark, fires the windows it closes (final mode), emits the
  // table (complete mode, after a record) and frees expired windows.
  void advance_to(Timestamp candidate, bool table) {
    const Timestamp w_old = watermark_;
    if (candidate > watermark_) watermark_ = candidate;
    if (config_.emit == EmitMode::Final && watermark_ > w_old) {
      const auto last = by_end_.upper_bound(watermark_);
      for (auto it = by_end_.upper_bound(w_old); it != last; ++it)
        emit(*it, state_.at(*it), Pane::OnTime);
    }
    if (table) emit_table();
    free_expired();
  }

  // Micro-batch trigger: the watermark advances once; then ON_TIME, LATE, UPDATE or COMPLETE
  // panes of the batch come out in firing order; then expired windows are freed.
  void end_batch(Timestamp candidate) {
    const Timestamp w_old = watermark_;
    if (candidate > watermark_) watermark_ = candidate;
    switch (config_.emit) {
      case EmitMode::Final: {
        // Late windows end at or before w_old, newly closed ones after it: concatenation is ordered.
        for (const WindowId& id : batch_changed_) {
          if (id.window.end > w_old) break;
          emit(id, state_.at(id), Pane::Late);
        }
        if (watermark_ > w_old) {
          const auto last = by_end_.upper_bound(watermark_);
          for (auto it = by_end_.upper_bound(w_old); it != last; ++it)
            emit(*it, state_.at(*it), Pane::OnTime);
        }
        break;
      }
      case EmitMode::Update:
        for (const WindowId& id : batch_changed_) emit(id, state_.at(id), Pane::Update);
        break;
      case EmitMode::Complete:
        emit_table();
        break;
    }
    batch_changed_.clear();
    free_expired();
  }

  void fire_early() {
    for (auto it = by_end_.upper_bound(watermark_); it != by_end_.end(); ++it) {
      Slot& slot = state_.at(*it);
      if (slot.changed_since_pane) emit(*it, slot, Pane::Early);
    }
  }

  void free_expired() {
    while (!by_end_.empty() && expired(by_end_.begin()->window.end, watermark_)) {
      const WindowId& id = *by_end_.begin();
      state_.erase(id);
      batch_changed_.erase(id);
      if (config_.window.is_merging()) {
        auto it = sessions_.find(id.key);
        if (it != sessions_.end()) {
          it->second.erase(id.window);
          if (it->second.empty()) sessions_.erase(it);
        }
      }
      by_end_.erase(by_end_.begin());
    }
  }

  WindowOperatorConfig config_;
  Aggregate<Value, Acc> aggregate_;
  ResultSink on_result_;
  LateSink on_late_;
  TraceSink trace_sink_;
  WatermarkTracker tracker_;
  std::unordered_map<WindowId, Slot, IdHash> state_;
  std::set<WindowId, FireOrder> by_end_;
  std::set<WindowId, FireOrder> batch_changed_;
  std::unordered_map<Key, std::set<Window>, KeyHash> sessions_;
  Timestamp watermark_{kMinTimestamp};
  Timestamp clock_{};
  bool ended_{false};
  OperatorCounters counters_;
  // Scratch buffers reused across records to avoid allocating per record.
  std::vector<Window> windows_scratch_;
  std::vector<Window> merge_scratch_;
  std::vector<WindowId> touched_;
  RecordTrace trace_;
};

}  // namespace streamlab
