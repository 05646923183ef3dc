/// @file
/// A Source fed in-process: a caller pushes events and has the Runtime handle them, with no
/// thread between them (the replay feeds its arrivals this way).
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "streamlab/io/source.hpp"

namespace streamlab {

/// A one-partition source whose events are pushed by its owner; it ends once closed and drained.
class QueueSource final : public Source {
 public:
  /// A source for partition 0 of `topic`.
  explicit QueueSource(std::string topic) : partition_{std::move(topic), 0} {}

  /// Queues one event.
  void push(SourceEvent event) { events_.push_back(std::move(event)); }
  /// No more events will come: the source ends when the queue is empty.
  void close() noexcept { closed_ = true; }
  /// Events queued and not yet taken.
  [[nodiscard]] std::size_t queued() const noexcept { return events_.size(); }
  /// The partition, for building records.
  [[nodiscard]] const TopicPartition& partition() const noexcept { return partition_; }

  /// The next queued event; std::nullopt once closed and empty; a ClockTick at the last
  /// processing time when open and empty (nothing has arrived yet).
  std::optional<SourceEvent> next(Duration max_wait) override {
    (void)max_wait;
    if (events_.empty()) {
      if (closed_) return std::nullopt;
      return SourceEvent{last_, ClockTick{}};
    }
    SourceEvent e = std::move(events_.front());
    events_.pop_front();
    last_ = e.processing_time;
    return e;
  }
  /// The one partition.
  [[nodiscard]] std::vector<TopicPartition> partitions() const override { return {partition_}; }

 private:
  TopicPartition partition_;
  std::deque<SourceEvent> events_;
  Timestamp last_{};
  bool closed_{false};
};

}  // namespace streamlab
