/// @file
/// The simulator's in-process log: topics of append-only partitions, offsets, seeks by timestamp
/// and committed offsets of consumer groups, like a single Kafka broker held in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "streamlab/record.hpp"
#include "streamlab/sim/log_entry.hpp"
#include "streamlab/sim/partitioner.hpp"
#include "streamlab/time.hpp"

namespace streamlab::sim {

/// Where an append landed (Kafka's RecordMetadata).
struct AppendResult {
  TopicPartition partition;  ///< Topic and partition written.
  std::int64_t offset{0};    ///< Offset of the new entry.
};

/// A deterministic, in-memory log of named topics.
///
/// Each partition is an append-only sequence of LogEntry with dense offsets from 0. Keys are
/// partitioned by Kafka's default partitioner (murmur2), null keys round-robin. Every append
/// carries a virtual append time; entries are globally ordered by (append time, sequence).
class Log {
 public:
  /// Creates `topic` with `partitions` partitions; creating it again with the same count does
  /// nothing.
  /// @throws std::invalid_argument when `partitions` is not positive, the name is empty, or the
  /// topic exists with another partition count.
  void create_topic(const std::string& topic, std::int32_t partitions);

  /// True when the topic exists.
  [[nodiscard]] bool has_topic(std::string_view topic) const;

  /// Number of partitions of `topic`.
  /// @throws std::out_of_range when the topic does not exist.
  [[nodiscard]] std::int32_t partition_count(std::string_view topic) const;

  /// Names of all topics, sorted.
  [[nodiscard]] std::vector<std::string> topics() const;

  /// Every partition of `topic`, in partition order.
  /// @throws std::out_of_range when the topic does not exist.
  [[nodiscard]] std::vector<TopicPartition> partitions(std::string_view topic) const;

  /// Appends a record to the partition the default partitioner picks for its key.
  /// An `append_time` before the partition's latest append time is raised to it, so append
  /// times never decrease within a partition.
  /// @throws std::out_of_range when the topic does not exist.
  AppendResult append(std::string_view topic, Record record, Timestamp append_time);

  /// Appends a record to one chosen partition (the caller partitioned it).
  /// @throws std::out_of_range when the topic or partition does not exist.
  AppendResult append(const TopicPartition& partition, Record record, Timestamp append_time);

  /// Appends a watermark control mark to every partition of `topic`, all with one sequence
  /// number, so a reader of several partitions can deliver it once.
  /// @throws std::out_of_range when the topic does not exist.
  std::vector<AppendResult> append_watermark(std::string_view topic, Timestamp watermark,
                                             Timestamp append_time);

  /// The log-start offset of a partition: always 0, nothing is ever deleted.
  [[nodiscard]] std::int64_t beginning_offset(const TopicPartition& partition) const;

  /// The log-end offset: the offset the next append will get (the number of entries).
  /// @throws std::out_of_range when the topic or partition does not exist.
  [[nodiscard]] std::int64_t end_offset(const TopicPartition& partition) const;

  /// All entries of a partition, records and control marks, in offset order. The view is
  /// invalidated by the next append.
  /// @throws std::out_of_range when the topic or partition does not exist.
  [[nodiscard]] std::span<const LogEntry> entries(const TopicPartition& partition) const;

  /// The records of a partition from `from_offset` on (control entries skipped), at most
  /// `max_records` of them: a replay from an offset.
  /// @throws std::out_of_range when the partition does not exist or `from_offset` is outside
  /// [0, end_offset].
  [[nodiscard]] std::vector<ConsumedRecord> read(
      const TopicPartition& partition, std::int64_t from_offset,
      std::size_t max_records = std::numeric_limits<std::size_t>::max()) const;

  /// Kafka's `offsetsForTimes`: the first offset whose record timestamp is `>= t`, scanning in
  /// offset order (record timestamps need not be ordered), or std::nullopt when no record has.
  /// Control entries are never the answer.
  /// @throws std::out_of_range when the topic or partition does not exist.
  [[nodiscard]] std::optional<std::int64_t> offset_for_timestamp(const TopicPartition& partition,
                                                                 Timestamp t) const;

  /// The records of a partition from the first one with timestamp `>= t` on: a replay from a
  /// timestamp. Later records with smaller timestamps are included, as in Kafka.
  [[nodiscard]] std::vector<ConsumedRecord> read_from_timestamp(const TopicPartition& partition,
                                                                Timestamp t) const;

  /// Stores the committed offset of `group` for `partition`: the offset of the next record to
  /// read, as in Kafka (the last processed offset + 1).
  /// @throws std::invalid_argument when `group` is empty or `next_offset` is outside
  /// [0, end_offset]; std::out_of_range when the partition does not exist.
  void commit(const std::string& group, const TopicPartition& partition, std::int64_t next_offset);

  /// The committed offset of `group` for `partition`, or std::nullopt when it never committed.
  [[nodiscard]] std::optional<std::int64_t> committed(std::string_view group,
                                                      const TopicPartition& partition) const;

  /// Every committed offset of `group`, by partition.
  [[nodiscard]] std::map<TopicPartition, std::int64_t> committed_offsets(std::string_view group) const;

  /// The number of appends so far, counting each control mark once.
  [[nodiscard]] std::int64_t append_count() const noexcept { return next_sequence_; }

 private:
  struct Topic {
    std::vector<std::vector<LogEntry>> partitions;
    DefaultPartitioner partitioner;
  };
  const Topic& topic_at(std::string_view topic) const;
  Topic& topic_at(std::string_view topic);
  const std::vector<LogEntry>& partition_at(const TopicPartition& partition) const;
  std::vector<LogEntry>& partition_at(const TopicPartition& partition);
  LogEntry& push(std::vector<LogEntry>& entries, Timestamp append_time, std::int64_t sequence);

  std::map<std::string, Topic, std::less<>> topics_;
  std::map<std::string, std::map<TopicPartition, std::int64_t>, std::less<>> committed_;
  std::int64_t next_sequence_{0};
};

}  // namespace streamlab::sim
