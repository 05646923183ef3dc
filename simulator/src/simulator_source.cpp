#include "streamlab/sim/simulator_source.hpp"

#include <stdexcept>

#include "streamlab/sim/consumer_group.hpp"

namespace streamlab::sim {
namespace {
std::vector<TopicPartition> assign(const Log& log, const SimulatorSourceOptions& options) {
  if (options.topics.empty()) throw std::invalid_argument("a simulator source needs a topic");
  if (options.start == StartFrom::Committed && options.group.empty())
    throw std::invalid_argument("starting from committed offsets needs a consumer group");
  return range_assignment(log, options.topics, options.member_index, options.member_count);
}
}  // namespace

SimulatorSource::SimulatorSource(Log& log, SimulatorSourceOptions options, VirtualClock* clock)
    : log_(&log), options_(std::move(options)), clock_(clock), consumer_(log, assign(log, options_)) {
  switch (options_.start) {
    case StartFrom::Beginning: consumer_.seek_to_beginning(); break;
    case StartFrom::Committed: consumer_.seek_to_committed(options_.group); break;
    case StartFrom::Timestamp: consumer_.seek_to_timestamp(options_.start_timestamp); break;
  }
  if (clock_ != nullptr) now_ = clock_->now();
}

std::optional<SourceEvent> SimulatorSource::next(Duration max_wait) {
  if (!assignment_sent_) {
    assignment_sent_ = true;
    return SourceEvent{now_, AssignmentChange{consumer_.assignment(), {}}};
  }
  for (;;) {
    const auto next_time = consumer_.next_append_time();
    if (!next_time) return std::nullopt;
    const Timestamp at = std::max(now_, *next_time);
    if (max_wait > Duration::zero() && at - now_ > max_wait) {
      now_ += max_wait;
      move_clock();
      return SourceEvent{now_, ClockTick{}};
    }
    PolledEntry polled = *consumer_.poll();
    now_ = at;
    move_clock();
    if (polled.entry.kind == EntryKind::Watermark) {
      const bool first_copy = delivered_marks_.emplace(polled.partition.topic, polled.entry.sequence).second;
      if (!first_copy || !options_.deliver_watermarks) continue;
      return SourceEvent{now_, WatermarkMark{polled.entry.watermark, 0}};
    }
    return SourceEvent{now_,
                       ConsumedRecord{polled.partition, polled.entry.offset, std::move(polled.entry.record)}};
  }
}

void SimulatorSource::move_clock() {
  // Another source sharing the clock may already have moved it further: never move it back.
  if (clock_ != nullptr && clock_->now() < now_) clock_->advance_to(now_);
}

std::vector<TopicPartition> SimulatorSource::partitions() const { return consumer_.assignment(); }

void SimulatorSource::commit(const TopicPartition& partition, std::int64_t offset) {
  if (options_.group.empty())
    throw std::logic_error("this simulator source has no consumer group to commit for");
  log_->commit(options_.group, partition, offset + 1);
}

std::int64_t SimulatorSource::position(const TopicPartition& partition) const {
  return consumer_.position(partition);
}

}  // namespace streamlab::sim
