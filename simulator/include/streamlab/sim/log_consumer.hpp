/// @file
/// A reader of a set of partitions with a position in each: delivers the log's entries in their
/// global append order, as one consumer would see a deterministic broker.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "streamlab/record.hpp"
#include "streamlab/sim/log.hpp"
#include "streamlab/sim/log_entry.hpp"

namespace streamlab::sim {

/// An entry handed out by LogConsumer::poll(), with the partition it came from.
struct PolledEntry {
  TopicPartition partition;  ///< Topic and partition of the entry.
  LogEntry entry;            ///< A copy of the entry (record or control mark).
};

/// Reads the assigned partitions of a Log from a position in each (Kafka's consumer position).
///
/// poll() returns the next entry over all assigned partitions in global append order:
/// by append time, ties by append sequence, then by topic and partition (the copies of one
/// watermark mark share a sequence). Positions start at the beginning of each partition.
class LogConsumer {
 public:
  /// A consumer of `assignment` in `log`; the log must outlive the consumer.
  /// @throws std::out_of_range when a partition does not exist.
  LogConsumer(const Log& log, std::vector<TopicPartition> assignment);

  /// The assigned partitions.
  [[nodiscard]] const std::vector<TopicPartition>& assignment() const noexcept { return assignment_; }

  /// The offset the next poll() reads from `partition`.
  /// @throws std::out_of_range when the partition is not assigned.
  [[nodiscard]] std::int64_t position(const TopicPartition& partition) const;

  /// Moves the position of `partition` to `offset` (replay from an offset).
  /// @throws std::out_of_range when the partition is not assigned or `offset` is outside
  /// [0, end_offset].
  void seek(const TopicPartition& partition, std::int64_t offset);

  /// Moves every position to the beginning of its partition.
  void seek_to_beginning();

  /// Moves every position to the first record with timestamp `>= t` (Log::offset_for_timestamp),
  /// or to the end of a partition that has none: a replay from a timestamp.
  void seek_to_timestamp(Timestamp t);

  /// Moves every position to `group`'s committed offset, or to the beginning where the group
  /// never committed (Kafka's `auto.offset.reset=earliest`).
  void seek_to_committed(std::string_view group);

  /// The next entry in global append order without consuming it, or std::nullopt at the end of
  /// every assigned partition.
  [[nodiscard]] std::optional<PolledEntry> peek() const;

  /// The append time of the entry poll() would return next, without copying it, or
  /// std::nullopt at the end of every assigned partition.
  [[nodiscard]] std::optional<Timestamp> next_append_time() const;

  /// The next entry in global append order, advancing that partition's position, or
  /// std::nullopt at the end of every assigned partition.
  std::optional<PolledEntry> poll();

 private:
  std::optional<std::size_t> next_index() const;
  const Log* log_;
  std::vector<TopicPartition> assignment_;
  std::vector<std::int64_t> positions_;
};

}  // namespace streamlab::sim
