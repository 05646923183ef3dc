#include "streamlab/testing/test_stream.hpp"

// g++ 12 reports a false -Wmaybe-uninitialized when a SourceEvent, whose variant may hold a
// vector (AssignmentChange), is moved into a growing std::vector.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "streamlab/engine/window.hpp"

namespace streamlab::testing {

TestStream& TestStream::declare_partitions(const std::string& topic, std::int32_t partitions) {
  if (partitions < 1) throw std::invalid_argument("topic '" + topic + "' needs at least one partition");
  for (std::int32_t p = 0; p < partitions; ++p) declare(TopicPartition{topic, p});
  return *this;
}

void TestStream::declare(const TopicPartition& partition) {
  if (std::find(declared_.begin(), declared_.end(), partition) == declared_.end())
    declared_.push_back(partition);
}

TestStream& TestStream::add(const std::string& topic, std::string value, Timestamp event_time,
                            std::optional<std::string> key, std::int32_t partition,
                            std::vector<Header> headers) {
  const TopicPartition tp{topic, partition};
  declare(tp);
  const std::int64_t offset = next_offset_[tp]++;
  SourceEvent e;
  e.processing_time = clock_;
  e.payload.emplace<ConsumedRecord>(
      ConsumedRecord{tp, offset, Record{std::move(key), std::move(value), event_time, std::move(headers)}});
  events_.push_back(std::move(e));
  return *this;
}

TestStream& TestStream::advance_watermark_to(Timestamp watermark) {
  SourceEvent e;
  e.processing_time = clock_;
  e.payload.emplace<WatermarkMark>(WatermarkMark{watermark, 0});
  events_.push_back(std::move(e));
  return *this;
}

TestStream& TestStream::advance_processing_time(Duration step) {
  if (step < Duration{0})
    throw std::invalid_argument("advance_processing_time(" + format_duration(step) +
                                "): processing time never moves backwards");
  return advance_processing_time_to(saturating_add(clock_, step));
}

TestStream& TestStream::at(Timestamp now) {
  if (now < clock_)
    throw std::invalid_argument("processing time " + format_timestamp(now) + " is before " +
                                format_timestamp(clock_) + ": processing time never moves backwards");
  clock_ = now;
  return *this;
}

TestStream& TestStream::advance_processing_time_to(Timestamp now) {
  at(now);
  SourceEvent e;
  e.processing_time = clock_;
  e.payload.emplace<ClockTick>();
  events_.push_back(std::move(e));
  return *this;
}

std::optional<SourceEvent> TestStream::next(Duration /*max_wait*/) {
  if (position_ >= events_.size()) return std::nullopt;
  return events_[position_++];
}

void TestStream::commit(const TopicPartition& partition, std::int64_t offset) {
  committed_[partition] = offset;
}

}  // namespace streamlab::testing
