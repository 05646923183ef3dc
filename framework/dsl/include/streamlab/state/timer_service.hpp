/// @file
/// Event-time and processing-time timers per key (Flink's TimerService).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "streamlab/engine/pane.hpp"
#include "streamlab/state/keyed_state_store.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

namespace detail {
template <class K, class V, class Out>
class ProcessOperator;
}  // namespace detail

/// A timer that is due: its time and the key (as JSON text) it was registered for.
struct DueTimer {
  Timestamp time;   ///< The time the timer was set for.
  std::string key;  ///< The key, as JSON text.
};

/// Timers of one keyed operator, registered for the key being processed.
///
/// An event-time timer for `t` fires once the watermark is past `t` (`W > t`: no event at or
/// before `t` is expected any more; Flink's `watermark >= t` with its `max - D - 1` watermark).
/// A processing-time timer for `t` fires once the processing clock reaches `t`. Timers fire in
/// time order (then key order); registering the same key and time twice keeps one timer.
class TimerService {
 public:
  /// Timers whose key is the current key of `store`.
  explicit TimerService(const KeyedStateStore* store) : store_(store) {}

  /// Asks for on_timer() at event time `t` for the current key.
  void register_event_time_timer(Timestamp t) { event_.emplace(to_millis(t), store_->current_key()); }
  /// Asks for on_timer() at processing time `t` for the current key.
  void register_processing_time_timer(Timestamp t) {
    processing_.emplace(to_millis(t), store_->current_key());
  }
  /// Cancels the current key's event-time timer at `t`, if any.
  void delete_event_time_timer(Timestamp t) { event_.erase({to_millis(t), store_->current_key()}); }
  /// Cancels the current key's processing-time timer at `t`, if any.
  void delete_processing_time_timer(Timestamp t) { processing_.erase({to_millis(t), store_->current_key()}); }

  /// The watermark the operator has seen.
  [[nodiscard]] Timestamp current_watermark() const noexcept { return watermark_; }
  /// The processing time the operator has seen.
  [[nodiscard]] Timestamp current_processing_time() const noexcept { return now_; }

  /// The number of timers pending, both domains.
  [[nodiscard]] std::size_t size() const noexcept { return event_.size() + processing_.size(); }

 private:
  // The process operator drives the clocks, fires due timers and checkpoints them; a process
  // function only registers and deletes timers.
  template <class K, class V, class Out>
  friend class detail::ProcessOperator;

  /// Records the watermark the operator acted on.
  void set_watermark(Timestamp w) noexcept { watermark_ = w; }
  /// Records the processing time the operator saw.
  void set_processing_time(Timestamp now) noexcept { now_ = now; }

  /// Removes and returns the earliest event-time timer before `watermark`, if any.
  std::optional<DueTimer> pop_event_time(Timestamp watermark) {
    if (event_.empty() || !(from_millis(event_.begin()->first) < watermark)) return std::nullopt;
    auto node = event_.extract(event_.begin());
    return DueTimer{from_millis(node.value().first), std::move(node.value().second)};
  }

  /// Removes and returns the earliest processing-time timer at or before `now`, if any.
  std::optional<DueTimer> pop_processing_time(Timestamp now) {
    if (processing_.empty() || from_millis(processing_.begin()->first) > now) return std::nullopt;
    auto node = processing_.extract(processing_.begin());
    return DueTimer{from_millis(node.value().first), std::move(node.value().second)};
  }

  /// The timers as JSON, for a checkpoint.
  [[nodiscard]] nlohmann::json snapshot() const {
    return {{"event", event_},
            {"processing", processing_},
            {"watermark", to_millis(watermark_)},
            {"now", to_millis(now_)}};
  }
  /// Replaces the timers with a snapshot() taken earlier.
  void restore(const nlohmann::json& s) {
    event_ = s.at("event").get<std::set<std::pair<std::int64_t, std::string>>>();
    processing_ = s.at("processing").get<std::set<std::pair<std::int64_t, std::string>>>();
    watermark_ = from_millis(s.at("watermark").get<std::int64_t>());
    now_ = from_millis(s.at("now").get<std::int64_t>());
  }

  const KeyedStateStore* store_;
  std::set<std::pair<std::int64_t, std::string>> event_;
  std::set<std::pair<std::int64_t, std::string>> processing_;
  Timestamp watermark_{kMinTimestamp};
  Timestamp now_{kMinTimestamp};
};

}  // namespace streamlab
