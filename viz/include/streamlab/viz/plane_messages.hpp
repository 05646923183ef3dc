/// @file
/// The plane of a run as a stream of small JSON messages, for the live web view of `streamlab
/// replay --web`: the page draws each message as it comes. One message per object:
///   {"type":"event","row":N,"line":N,"t":MS,"p":MS,"key":K,"fate":F,"windows":[[S,E],...]}
///     (windows: those that counted it; a "dropped":[[S,E],...] list follows when some did not)
///   {"type":"watermark","row":N,"w":MS}                 (w is null for +infinity)
///   {"type":"pane","row":N,"key":K,"start":MS,"end":MS,"pane":"ON_TIME","value":V,"count":N}
/// with F one of on-time, accepted-late, dropped, dead-letter (css_class()) or sent (an arrival
/// no engine judged: a replay into Kafka or without --window).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "streamlab/engine/run_observer.hpp"

namespace streamlab::viz {

/// A RunObserver that writes the run's plane as messages to a callback.
class PlaneMessages final : public RunObserver {
 public:
  /// Receives each message (one JSON object, no newline).
  using Send = std::function<void(std::string)>;

  /// Messages go to `send`.
  explicit PlaneMessages(Send send) : send_(std::move(send)) {}

  /// An event message with the engine's fate.
  void record(std::int64_t line, const RecordTrace& trace, std::string_view key_json,
              std::string_view late_reason) override;
  /// A watermark message.
  void watermark(Timestamp from, Timestamp to) override;
  /// A pane message.
  void pane(const PaneTrace& pane) override;
  /// An event message with fate dead-letter (no event time).
  void dead_letter(std::int64_t line, std::string_view reason) override;

  /// An arrival no engine judged (fate `sent`), for targets without windows.
  void arrival(Timestamp event_time, Timestamp processing_time, std::string_view key_json);
  /// A watermark observed outside an engine run; a message only when it moved.
  void observed_watermark(Timestamp watermark);

  /// Arrivals so far (counted only while active).
  [[nodiscard]] std::int64_t rows() const { return rows_; }

  /// Whether messages are written. Inactive, every call returns at once (the web view with no
  /// page connected costs the replay next to nothing); rows are then not counted either, so a
  /// page draws the arrivals from the moment it was first active.
  void set_active(bool active) { active_ = active; }
  /// Whether messages are written.
  [[nodiscard]] bool active() const { return active_; }

 private:
  Send send_;
  std::int64_t rows_{0};
  Timestamp last_watermark_{kMinTimestamp};
  bool active_{true};
};

}  // namespace streamlab::viz
