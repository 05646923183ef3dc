/// @file
/// The untyped heart of the window operator, compiled once in the engine library: window
/// assignment, lateness, session merging, triggers, time domains, firing order, early panes,
/// traces and the freeing of state. It works on key and slot handles and never sees a key, value
/// or accumulator; the typed WindowOperator maps keys to handles and keeps the accumulators.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "streamlab/engine/pane.hpp"
#include "streamlab/engine/watermark.hpp"
#include "streamlab/engine/window.hpp"
#include "streamlab/engine/window_result.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// Everything that decides a window operator's behaviour.
struct WindowOperatorConfig {
  WindowSpec window{WindowSpec::tumbling(std::chrono::minutes{1})};  ///< How events are windowed.
  WatermarkStrategy watermark{};              ///< How the watermark follows event time.
  Duration allowed_lateness{0};               ///< How long a fired window is kept for late events (grace).
  EmitMode emit{EmitMode::Final};             ///< Which panes are emitted.
  Trigger trigger{};                          ///< Per record (continuous) or per micro-batch.
  TimeDomain time_domain{TimeDomain::Event};  ///< Event time or processing time windows.
  /// Emit EARLY panes of changed open windows each time processing time passes a multiple of
  /// this interval (epoch-aligned); std::nullopt for no early firing.
  std::optional<Duration> early_every;
  std::size_t partitions{1};  ///< Input partitions whose watermarks are combined.
};

/// A dense number standing for one key while the key holds state or is being processed; the
/// typed layer gets it from WindowCore::add_key() and maps it back to the key.
using KeyHandle = std::uint32_t;

/// A dense number standing for the state of one key in one window (Flink keeps such state in a
/// keyed state backend); the typed layer stores the window's accumulator under it.
using SlotHandle = std::uint32_t;

/// No slot: the answer of WindowCore::on_time_slot() for a record that needs WindowCore::process().
inline constexpr SlotHandle kNoSlot = std::numeric_limits<SlotHandle>::max();

/// One (key, window) aggregate as the core names it.
struct KeyedSlot {
  KeyHandle key;    ///< The key the aggregate belongs to.
  SlotHandle slot;  ///< Where its accumulator is stored.
};

/// Orders keys for the core, which cannot compare them itself: panes of one window come out in
/// key order.
class KeyOrder {
 public:
  /// Sorts `slots` (all of one window, so with distinct keys) by their keys, ascending.
  virtual void sort_by_key(std::span<KeyedSlot> slots) const = 0;

 protected:
  ~KeyOrder() = default;
};

/// What the core asks of the typed layer while it processes a record, a watermark or a clock
/// advance: the work that needs the key, value and accumulator types.
class WindowCoreHost : public KeyOrder {
 public:
  /// Sets the accumulator of a new slot to the aggregate of an empty window. A slot handle may
  /// be reused after its slot was freed, so this overwrites whatever was stored under it.
  virtual void init_slot(SlotHandle slot) = 0;
  /// Folds the value of the record being processed into the accumulator of `slot`.
  virtual void add_record(SlotHandle slot) = 0;
  /// Folds the accumulator of `from` into that of `into` (session windows merging); `from` is
  /// freed afterwards.
  virtual void merge_slots(SlotHandle into, SlotHandle from) = 0;
  /// Emits one pane of `window` for the key and accumulator of `slot`, holding `count` events.
  virtual void emit_pane(const Window& window, KeyedSlot slot, Pane pane, std::int64_t count) = 0;
  /// Sends the record being processed to the late output: dropped from every window, the latest
  /// of which was `latest`, with the watermark at arrival `watermark` and time `t`.
  virtual void late_record(Timestamp t, Timestamp watermark, const Window& latest) = 0;
  /// Forgets the keys of `keys`: they hold no state any more, and their handles will be handed
  /// out again by WindowCore::add_key() for other keys.
  virtual void release_keys(std::span<const KeyHandle> keys) = 0;

 protected:
  ~WindowCoreHost() = default;
};

/// One (key, window) aggregate of a WindowCore's checkpoint, without its accumulator.
struct WindowSlotState {
  KeyedSlot handles;               ///< Its key and slot.
  Window window;                   ///< The window.
  std::int64_t count{0};           ///< Events it holds.
  bool changed_since_pane{false};  ///< Changed since its last pane (for EARLY panes).
  bool changed_in_batch{false};    ///< Changed in the current micro-batch.
};

/// The progress of a WindowCore apart from its windows, for checkpoints.
struct WindowCoreProgress {
  WatermarkTrackerState tracker;       ///< Per-partition watermark progress.
  Timestamp watermark{kMinTimestamp};  ///< The watermark the operator has acted on.
  Timestamp processing_time{};         ///< The processing clock.
  bool ended{false};                   ///< Whether end_of_input() was called.
  OperatorCounters counters;           ///< Record accounting so far.
};

/// The key-, value- and accumulator-independent part of a keyed window operator (Flink's
/// WindowOperator with its MergingWindowSet; the watermark does the timer service's work): it decides, for a
/// record of a key handle, which windows it joins and whether it is late, keeps per-window state as slot
/// handles, advances the watermark, and tells its WindowCoreHost when to fold, merge and emit.
/// Every rule of docs/semantics.md about windows, lateness and panes is decided here.
///
/// The host is passed to each call rather than stored, so a core (and the typed operator around
/// it) can be copied and moved freely.
class WindowCore {
 public:
  /// Receives one RecordTrace per processed record.
  using TraceSink = std::function<void(const RecordTrace&)>;

  /// A core with `config`.
  /// @throws std::invalid_argument for a micro-batch interval or early interval that is not
  ///         positive, a negative allowed lateness, or zero partitions.
  explicit WindowCore(WindowOperatorConfig config);
  /// A deep copy: the copy has its own windows and handles, numbered alike.
  WindowCore(const WindowCore& other);
  /// Replaces this core with a deep copy of `other`.
  WindowCore& operator=(const WindowCore& other);
  /// Takes over the state of `other`, which may then only be destroyed or assigned to.
  WindowCore(WindowCore&& other) noexcept;
  /// Takes over the state of `other`, which may then only be destroyed or assigned to.
  WindowCore& operator=(WindowCore&& other) noexcept;
  /// Frees all state.
  ~WindowCore();

  /// Also reports every record's trace (windows joined, lateness, fate) to `sink`.
  void set_trace_sink(TraceSink sink);

  /// A handle for a key that has none: a new one, or one released by
  /// WindowCoreHost::release_keys(). The key keeps it while it holds state.
  [[nodiscard]] KeyHandle add_key();

  /// Processes one record of the key `key` from `partition` at `event_time` (the processing
  /// time in the processing-time domain): judges lateness, assigns and merges windows, has the
  /// host fold the record's value, emits the panes it causes and advances the watermark.
  /// @returns the record's fate.
  /// @throws std::logic_error after end_of_input().
  RecordFate process(WindowCoreHost& host, KeyHandle key, Timestamp event_time, PartitionId partition);
  /// The fast path of process() for the most common record, an on-time record of a tumbling
  /// window in final mode with the continuous trigger and no trace sink: the slot its value is to
  /// be folded into (created if new), after which the caller calls finish_on_time(). Split in
  /// two so that the typed layer folds the value inline instead of through a virtual call.
  /// @returns kNoSlot, having changed nothing, for any other record: then call process().
  [[nodiscard]] SlotHandle on_time_slot(WindowCoreHost& host, KeyHandle key, Timestamp event_time);
  /// Completes a record that on_time_slot() took: advances its partition's watermark with
  /// `event_time` and fires and frees what the new watermark closes.
  void finish_on_time(WindowCoreHost& host, Timestamp event_time, PartitionId partition);
  /// Raises the watermark to at least `mark` (see WindowOperator::on_watermark()).
  void on_watermark(WindowCoreHost& host, Timestamp mark);
  /// Moves processing time forward to `now` (see WindowOperator::advance_processing_time()).
  void advance_processing_time(WindowCoreHost& host, Timestamp now);
  /// End of a bounded input: every window fires and all state is freed.
  void end_of_input(WindowCoreHost& host);

  /// Whether end_of_input() was called.
  [[nodiscard]] bool ended() const;
  /// The watermark the operator has acted on (lateness is judged against it).
  [[nodiscard]] Timestamp watermark() const;
  /// The current processing time.
  [[nodiscard]] Timestamp processing_time() const;
  /// The per-partition watermark tracker (read-only).
  [[nodiscard]] const WatermarkTracker& watermarks() const;
  /// Record accounting so far.
  [[nodiscard]] const OperatorCounters& counters() const;
  /// Number of (key, window) aggregates held in state.
  [[nodiscard]] std::size_t windows_in_state() const;
  /// The configuration.
  [[nodiscard]] const WindowOperatorConfig& config() const;

  /// Every aggregate held, in firing order (window end, window start, key by `order`).
  [[nodiscard]] std::vector<WindowSlotState> snapshot(const KeyOrder& order) const;
  /// The progress apart from the windows.
  [[nodiscard]] WindowCoreProgress progress() const;
  /// Drops every window and every key handle, before a restore.
  void clear();
  /// Adds one aggregate of a checkpoint for `key` (from add_key()) with the fields of `state`
  /// other than its handles. @returns the slot its accumulator is to be stored under.
  [[nodiscard]] SlotHandle restore_slot(KeyHandle key, const WindowSlotState& state);
  /// Restores the progress of a checkpoint, after its aggregates.
  void restore_progress(const WindowCoreProgress& progress);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace streamlab
