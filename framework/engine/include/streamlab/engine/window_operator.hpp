/// @file
/// The keyed window operator: assigns events to windows, judges lateness against the watermark,
/// keeps per-window aggregates and emits panes, following docs/semantics.md to the letter.
/// The rules live in the compiled WindowCore (window_core.hpp); this typed layer maps keys to
/// handles, keeps the accumulators and runs the aggregate when the core says so.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "streamlab/engine/aggregate.hpp"
#include "streamlab/engine/pane.hpp"
#include "streamlab/engine/watermark.hpp"
#include "streamlab/engine/window.hpp"
#include "streamlab/engine/window_core.hpp"
#include "streamlab/engine/window_result.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// A window operator's complete state as a plain copyable value, for checkpoints.
template <class Key, class Acc>
struct WindowOperatorState {
  /// One window held in state.
  struct Entry {
    Key key;                         ///< The window's key.
    Window window;                   ///< The window.
    Acc acc;                         ///< Its aggregate so far.
    std::int64_t count{0};           ///< Events it holds.
    bool changed_since_pane{false};  ///< Changed since its last pane (for EARLY panes).
    bool changed_in_batch{false};    ///< Changed in the current micro-batch.
  };
  std::vector<Entry> windows;          ///< Windows in firing order (end, start, key).
  WatermarkTrackerState tracker;       ///< Per-partition watermark progress.
  Timestamp watermark{kMinTimestamp};  ///< The watermark the operator has acted on.
  Timestamp processing_time{};         ///< The processing clock.
  bool ended{false};                   ///< Whether end_of_input() was called.
  OperatorCounters counters;           ///< Record accounting so far.
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
/// @tparam Key     key type: hashable with `KeyHash`, ordered with `KeyLess`, compared with
///                 `KeyEqual`; the three must agree (keys equal exactly when neither is less).
/// @tparam Value   the value type folded into windows.
/// @tparam Acc     the aggregate's accumulator type.
template <class Key, class Value, class Acc, class KeyHash = std::hash<Key>, class KeyLess = std::less<Key>,
          class KeyEqual = std::equal_to<Key>>
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
  WindowOperator(WindowOperatorConfig config, Aggregate<Value, Acc> aggregate, ResultSink on_result,
                 LateSink on_late = {})
      : core_(std::move(config)),
        aggregate_(std::move(aggregate)),
        on_result_(std::move(on_result)),
        on_late_(std::move(on_late)) {}

  /// Also reports every record's trace (windows joined, lateness, fate) to `sink`.
  void set_trace_sink(TraceSink sink) { core_.set_trace_sink(std::move(sink)); }

  /// Processes one record of `partition` with `event_time` (ignored in the processing-time
  /// domain, where the current processing time is used) at the current processing time.
  /// @returns the record's fate.
  /// @throws std::logic_error after end_of_input().
  RecordFate process(const Key& key, const Value& value, Timestamp event_time, PartitionId partition = 0) {
    const KeyHandle handle = keys_.handle_of(key, core_);
    Host host(*this, &key, &value);
    if (const SlotHandle slot = core_.on_time_slot(host, handle, event_time); slot != kNoSlot) {
      aggregate_.add(accs_[slot], value);
      core_.finish_on_time(host, event_time, partition);
      return RecordFate::OnTime;
    }
    return core_.process(host, handle, event_time, partition);
  }

  /// Raises the watermark to at least `mark` (a `{"$watermark": T}` control line) and, with the
  /// continuous trigger, fires what it closes; with micro-batches it takes effect at batch end.
  /// Ignored in the processing-time domain, where the processing clock is the watermark.
  void on_watermark(Timestamp mark) {
    Host host(*this);
    core_.on_watermark(host, mark);
  }

  /// Moves processing time forward to `now` (earlier times are ignored). This may make idle
  /// partitions release the watermark, end a micro-batch when it crosses a multiple of the batch
  /// interval, fire processing-time windows, and emit EARLY panes when it passes a multiple of
  /// the early interval.
  void advance_processing_time(Timestamp now) {
    Host host(*this);
    core_.advance_processing_time(host, now);
  }

  /// End of a bounded input: the watermark becomes +infinity, every window fires (a last batch
  /// ends with micro-batches; complete mode emits the table once more) and all state is freed.
  void end_of_input() {
    Host host(*this);
    core_.end_of_input(host);
  }

  /// The watermark the operator has acted on (lateness is judged against it).
  [[nodiscard]] Timestamp watermark() const { return core_.watermark(); }
  /// The current processing time.
  [[nodiscard]] Timestamp processing_time() const { return core_.processing_time(); }
  /// The per-partition watermark tracker (read-only).
  [[nodiscard]] const WatermarkTracker& watermarks() const { return core_.watermarks(); }
  /// Record accounting so far.
  [[nodiscard]] const OperatorCounters& counters() const { return core_.counters(); }
  /// Number of (key, window) aggregates held in state.
  [[nodiscard]] std::size_t windows_in_state() const { return core_.windows_in_state(); }
  /// The configuration.
  [[nodiscard]] const WindowOperatorConfig& config() const { return core_.config(); }

  /// A copy of the whole operator state, for checkpoints.
  [[nodiscard]] State snapshot() const {
    State s;
    const std::vector<WindowSlotState> slots = core_.snapshot(keys_);
    s.windows.reserve(slots.size());
    for (const WindowSlotState& e : slots) {
      s.windows.push_back(typename State::Entry{keys_.key(e.handles.key), e.window, accs_[e.handles.slot],
                                                e.count, e.changed_since_pane, e.changed_in_batch});
    }
    WindowCoreProgress p = core_.progress();
    s.tracker = std::move(p.tracker);
    s.watermark = p.watermark;
    s.processing_time = p.processing_time;
    s.ended = p.ended;
    s.counters = p.counters;
    return s;
  }

  /// Replaces the whole operator state with a snapshot taken by snapshot().
  void restore(const State& s) {
    core_.clear();
    keys_.clear();
    accs_.clear();
    for (const auto& e : s.windows) {
      const WindowSlotState slot{{}, e.window, e.count, e.changed_since_pane, e.changed_in_batch};
      put_acc(core_.restore_slot(keys_.handle_of(e.key, core_), slot), Acc(e.acc));
    }
    core_.restore_progress(
        WindowCoreProgress{s.tracker, s.watermark, s.processing_time, s.ended, s.counters});
  }

 private:
  // The keys that have a handle: key to handle by hash, handle to key through a dense table of
  // pointers into the map's nodes (which stay put until erased). Copies relink the table.
  class Keys final : public KeyOrder {
   public:
    Keys() = default;
    Keys(const Keys& other) : handles_(other.handles_) { relink(other.key_of_.size()); }
    Keys& operator=(const Keys& other) {
      if (this != &other) {
        handles_ = other.handles_;
        relink(other.key_of_.size());
      }
      return *this;
    }
    Keys(Keys&&) noexcept = default;
    Keys& operator=(Keys&&) noexcept = default;
    ~Keys() = default;

    // The handle of `key`, asked of `core` when the key has none.
    KeyHandle handle_of(const Key& key, WindowCore& core) {
      auto [it, inserted] = handles_.try_emplace(key, KeyHandle{0});
      if (inserted) {
        it->second = core.add_key();
        if (it->second >= key_of_.size()) key_of_.resize(it->second + std::size_t{1}, nullptr);
        key_of_[it->second] = &it->first;
      }
      return it->second;
    }
    [[nodiscard]] const Key& key(KeyHandle h) const { return *key_of_[h]; }
    void sort_by_key(std::span<KeyedSlot> slots) const override {
      std::sort(slots.begin(), slots.end(),
                [this](KeyedSlot a, KeyedSlot b) { return KeyLess{}(*key_of_[a.key], *key_of_[b.key]); });
    }
    void release(std::span<const KeyHandle> handles) {
      for (const KeyHandle h : handles) {
        handles_.erase(handles_.find(*key_of_[h]));
        key_of_[h] = nullptr;
      }
    }
    void clear() {
      handles_.clear();
      key_of_.clear();
    }

   private:
    void relink(std::size_t size) {
      key_of_.assign(size, nullptr);
      for (const auto& [key, h] : handles_) key_of_[h] = &key;
    }
    std::unordered_map<Key, KeyHandle, KeyHash, KeyEqual> handles_;
    std::vector<const Key*> key_of_;
  };

  // The core's view of this operator during one call: the record being processed (if any),
  // the aggregate, the accumulators and the sinks.
  class Host final : public WindowCoreHost {
   public:
    explicit Host(WindowOperator& op, const Key* key = nullptr, const Value* value = nullptr)
        : op_(op), key_(key), value_(value) {}
    void sort_by_key(std::span<KeyedSlot> slots) const override { op_.keys_.sort_by_key(slots); }
    void init_slot(SlotHandle slot) override { op_.put_acc(slot, op_.aggregate_.init()); }
    void add_record(SlotHandle slot) override { op_.aggregate_.add(op_.accs_[slot], *value_); }
    void merge_slots(SlotHandle into, SlotHandle from) override {
      op_.aggregate_.merge(op_.accs_[into], op_.accs_[from]);
    }
    void emit_pane(const Window& window, KeyedSlot slot, Pane pane, std::int64_t count) override {
      if (op_.on_result_)
        op_.on_result_(Result{op_.keys_.key(slot.key), window, op_.accs_[slot.slot], pane, count});
    }
    void late_record(Timestamp t, Timestamp watermark, const Window& latest) override {
      if (op_.on_late_)
        op_.on_late_(Late{*key_, *value_, t, watermark,
                          late_reason(latest, op_.config().allowed_lateness, watermark)});
    }
    void release_keys(std::span<const KeyHandle> keys) override { op_.keys_.release(keys); }

   private:
    WindowOperator& op_;
    const Key* key_;
    const Value* value_;
  };

  // Stores `acc` under `slot`: a handle one past the end extends the table, others are reused.
  void put_acc(SlotHandle slot, Acc&& acc) {
    if (slot < accs_.size()) {
      accs_[slot] = std::move(acc);
    } else {
      accs_.push_back(std::move(acc));
    }
  }

  WindowCore core_;
  Aggregate<Value, Acc> aggregate_;
  ResultSink on_result_;
  LateSink on_late_;
  Keys keys_;
  std::vector<Acc> accs_;  // accumulators by slot handle
};

}  // namespace streamlab
