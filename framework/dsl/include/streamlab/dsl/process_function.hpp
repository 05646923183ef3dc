/// @file
/// Custom per-key logic with state and timers (Flink's KeyedProcessFunction).
#pragma once

#include <any>
#include <functional>
#include <map>
#include <string>
#include <utility>

#include "streamlab/dsl/output_tag.hpp"
#include "streamlab/engine/pane.hpp"
#include "streamlab/state/state_registry.hpp"
#include "streamlab/state/timer_service.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// Per-key logic with keyed state and timers, run by `stream.groupByKey().process(...)`.
///
/// The runtime calls open() once, then process_element() for each record with the record's key
/// as the current key of every state handle, and on_timer() when a timer registered for a key
/// is due (event time: once the watermark passes it; processing time: once the clock reaches it).
/// @code
/// struct Spike : streamlab::KeyedProcessFunction<std::string, Reading, Alert> {
///   streamlab::ValueState<double> last;
///   void open(streamlab::StateRegistry& state) override { last = state.value<double>("last"); }
///   void process_element(const Reading& r, Context& ctx) override {
///     if (auto prev = last.value(); prev && r.value > 2 * *prev) ctx.output(Alert{ctx.key(), r.value});
///     last.update(r.value);
///     ctx.timers().register_event_time_timer(ctx.timestamp() + std::chrono::minutes{5});
///   }
///   void on_timer(streamlab::Timestamp, Context&) override { last.clear(); }  // silence: forget
/// };
/// @endcode
/// @tparam K key type, @tparam V input value type, @tparam Out output value type.
template <class K, class V, class Out>
class KeyedProcessFunction {
 public:
  /// What a process function can see and do while it handles a record or a timer.
  class Context {
   public:
    /// The key of the record or timer being handled.
    [[nodiscard]] const K& key() const { return *key_; }
    /// The event time of the record, or the timer's time inside on_timer().
    [[nodiscard]] Timestamp timestamp() const { return timestamp_; }
    /// The current watermark (event-time progress).
    [[nodiscard]] Timestamp watermark() const { return timers_->current_watermark(); }
    /// The current processing time.
    [[nodiscard]] Timestamp processing_time() const { return timers_->current_processing_time(); }
    /// Inside on_timer(): which clock fired.
    [[nodiscard]] TimeDomain time_domain() const { return domain_; }
    /// Registers and deletes timers for the current key.
    [[nodiscard]] TimerService& timers() { return *timers_; }
    /// Emits `value` downstream with the current key and timestamp().
    void output(const Out& value) { out_(value); }
    /// Emits `value` to the side output `tag`.
    template <class T>
    void output(const OutputTag<T>& tag, const T& value) {
      side_(tag.name(), std::any(value));
    }

   private:
    // Only the process operator wires a context to its timers and outputs and points it at
    // the key, time and clock being handled.
    template <class, class, class>
    friend class detail::ProcessOperator;

    Context(TimerService* timers, std::function<void(const Out&)> out,
            std::function<void(const std::string&, std::any)> side)
        : timers_(timers), out_(std::move(out)), side_(std::move(side)) {}

    void bind(const K* key, Timestamp t, TimeDomain domain) {
      key_ = key;
      timestamp_ = t;
      domain_ = domain;
    }

    TimerService* timers_;
    std::function<void(const Out&)> out_;
    std::function<void(const std::string&, std::any)> side_;
    const K* key_{nullptr};
    Timestamp timestamp_{};
    TimeDomain domain_{TimeDomain::Event};
  };

  /// The key type.
  using key_type = K;
  /// The input value type.
  using input_type = V;
  /// The output value type.
  using output_type = Out;

  virtual ~KeyedProcessFunction() = default;

  /// Declares state handles; called once before the first record (and again after a restore).
  virtual void open(StateRegistry& state) { (void)state; }

  /// Handles one record of the current key.
  virtual void process_element(const V& value, Context& ctx) = 0;

  /// Handles a due timer of the current key; `ctx.time_domain()` tells which clock fired.
  virtual void on_timer(Timestamp time, Context& ctx) {
    (void)time;
    (void)ctx;
  }
};

}  // namespace streamlab
