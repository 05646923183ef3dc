/// @file
/// The framework-facing input of the simulator: topics of the log delivered as a streamlab::Source.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "streamlab/io/source.hpp"
#include "streamlab/sim/log.hpp"
#include "streamlab/sim/log_consumer.hpp"
#include "streamlab/sim/virtual_clock.hpp"

namespace streamlab::sim {

/// Where a SimulatorSource starts reading.
enum class StartFrom {
  Beginning,  ///< Offset 0 of every partition.
  Committed,  ///< The group's committed offsets (restart after a crash); beginning where none.
  Timestamp,  ///< The first record with timestamp >= SimulatorSourceOptions::start_timestamp.
};

/// What a SimulatorSource reads.
struct SimulatorSourceOptions {
  std::vector<std::string> topics;  ///< Topics to read, all of them existing.
  /// Consumer group: commit() stores its offsets; required for StartFrom::Committed.
  std::string group;
  std::int32_t member_index{0};           ///< This member's number in the group (range assignment).
  std::int32_t member_count{1};           ///< Members in the group; 1 reads every partition.
  StartFrom start{StartFrom::Beginning};  ///< Starting positions.
  Timestamp start_timestamp{};            ///< Used with StartFrom::Timestamp.
  /// Deliver watermark control marks as WatermarkMark (each mark once); false skips them.
  bool deliver_watermarks{true};
};

/// Delivers the log's entries of the assigned partitions in global append order (append time,
/// ties by append sequence) as SourceEvent, each stamped with its append time as processing time.
///
/// The first event is an AssignmentChange listing the assigned partitions, at the processing time
/// the source starts at: 0, or the shared clock's time when the source was made.
/// Records become ConsumedRecord, watermark marks WatermarkMark. When `max_wait` is positive and
/// the next entry is more than `max_wait` after the current processing time, next() returns a
/// ClockTick `max_wait` later instead, as a live source whose poll timed out would; with a zero
/// `max_wait` gaps are skipped. At the end of every partition next() returns std::nullopt (a
/// bounded input). If a VirtualClock is given, it is moved forward to each event's processing
/// time (never back, so several sources may share it), and a SimulatorSink sharing it appends at
/// that time.
class SimulatorSource : public Source {
 public:
  /// A source over `log` (which must outlive it); `clock`, if not null, is advanced as events
  /// are delivered and must outlive the source.
  /// @throws std::out_of_range when a topic does not exist; std::invalid_argument when the
  /// member numbers are invalid or Committed is asked without a group.
  SimulatorSource(Log& log, SimulatorSourceOptions options, VirtualClock* clock = nullptr);

  /// The next event in append order, a ClockTick, or std::nullopt at the end of the input.
  std::optional<SourceEvent> next(Duration max_wait) override;

  /// The assigned partitions.
  [[nodiscard]] std::vector<TopicPartition> partitions() const override;

  /// Commits `offset + 1` (Kafka's "next offset to read") for the group.
  /// @throws std::logic_error when the source has no group.
  void commit(const TopicPartition& partition, std::int64_t offset) override;

  /// The offset of the next entry this source reads from `partition`.
  [[nodiscard]] std::int64_t position(const TopicPartition& partition) const;

  /// The processing time of the last event delivered (the start time before the first).
  [[nodiscard]] Timestamp processing_time() const noexcept { return now_; }

 private:
  void move_clock();
  Log* log_;
  SimulatorSourceOptions options_;
  VirtualClock* clock_;
  LogConsumer consumer_;
  Timestamp now_{};
  bool assignment_sent_{false};
  std::set<std::pair<std::string, std::int64_t>> delivered_marks_;
};

}  // namespace streamlab::sim
