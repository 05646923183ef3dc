/// @file
/// A Source that reads Kafka topics as a member of a consumer group.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "streamlab/io/source.hpp"
#include "streamlab/kafka/client_config.hpp"

namespace streamlab::kafka {

/// Settings of a KafkaSource.
struct KafkaSourceOptions {
  /// Where the cluster is and any librdkafka property (`group.instance.id`, SASL, SSL, ...).
  ClientConfig client;
  /// The consumer group: instances with the same id split the partitions between them.
  std::string group_id{"streamlab"};
  /// Topics to subscribe to.
  std::vector<std::string> topics;
  /// Where a partition without a committed offset starts: `earliest` or `latest`.
  std::string auto_offset_reset{"earliest"};
  /// When true the source is bounded: next() returns std::nullopt once it holds an assignment
  /// and every assigned partition has been read to its end (as in a replayed dataset). When false
  /// it runs until closed, returning ClockTicks while nothing arrives.
  bool stop_at_end{false};
  /// How often offsets handed to commit() are sent to the group coordinator; they are also sent
  /// on revocation and on close().
  Duration commit_interval{std::chrono::seconds{1}};
  /// How long the source waits for its first assignment (possibly empty) from the group
  /// coordinator before next() gives up with a KafkaError naming the group, the topics, the
  /// servers and the last error: a broker that refuses the join (a session timeout outside its
  /// limits, missing ACLs) must not look like an idle topic.
  Duration join_timeout{std::chrono::seconds{30}};
  /// When true (the default) records of different assigned partitions are delivered in the order
  /// of their Kafka message timestamps, as Kafka Streams does for the partitions of one task:
  /// next() delivers the record with the smallest timestamp among the heads of the partitions,
  /// and waits for a partition that has unread data on the broker before passing it by. A
  /// partition read to its end does not hold the others back. This makes the interleaving of
  /// several partitions and topics (a stream and a table's changelog) a function of the data,
  /// not of fetch timing. Ties go to the smaller (topic, partition).
  bool synchronize_partitions{true};
  /// Topics whose records are delivered as they are fetched, outside the synchronization above:
  /// they neither wait for nor hold back other partitions (a scale-out run's repartition topics,
  /// which it puts in order itself).
  std::set<std::string> unsynchronized_topics;
  /// Topics whose assigned partitions are always read from their first offset, whatever the
  /// group committed (a scale-out run rebuilds its state from its repartition partitions).
  std::set<std::string> from_beginning_topics;
  /// How long an empty partition with unread data on the broker (a slow fetch, a leader moving)
  /// may hold the other partitions back before they are delivered without it.
  Duration max_partition_wait{std::chrono::seconds{2}};
  /// Records buffered per partition while synchronizing; a partition that reaches it is paused
  /// (librdkafka stops fetching it) until it drains to half. librdkafka hands over a fetch of
  /// one partition at a time (up to about 1 MB), and a pause drops what it had fetched ahead,
  /// so a bound near one fetch pauses and refetches all the time: 10,000 made a 1 M-sale run
  /// take 18.5 s instead of 7.6 s (docs/kafka.md, Performance).
  std::size_t max_buffered_per_partition{100'000};
};

/// Counters a KafkaSource keeps, for reports and tests.
struct KafkaSourceStats {
  std::int64_t records{0};          ///< Records delivered by next().
  std::int64_t rebalances{0};       ///< AssignmentChange events delivered.
  std::int64_t commits{0};          ///< Successful offset commits sent to the coordinator.
  std::int64_t ignored_commits{0};  ///< commit() calls for partitions no longer assigned.
  std::int64_t pauses{0};           ///< Times a partition was paused because its buffer was full.
  std::int64_t forced_releases{0};  ///< Records delivered while a partition with unread data
                                    ///< was still empty after max_partition_wait.
};

/// A consumer-group member (librdkafka's KafkaConsumer) behind the Source interface.
///
/// - Event time: each ConsumedRecord carries the Kafka message timestamp in Record::timestamp; a
///   topology may take event time from a value field instead.
/// - Processing time: the wall clock when the record was taken from librdkafka (the records taken
///   together, up to 1,024 already fetched, share it).
/// - Order: within a partition, offset order; across partitions, message-timestamp order (see
///   KafkaSourceOptions::synchronize_partitions).
/// - Rebalances: the group's assignment and revocation become AssignmentChange events, delivered
///   before any record of a newly assigned partition; before partitions are revoked the offsets the
///   runtime has released through commit() are committed synchronously, so the next owner resumes
///   exactly after the last delivered result (at-least-once, no loss).
/// - Commits: only offsets handed to commit() are ever committed (`enable.auto.commit` is off);
///   commit() for a partition this instance no longer owns is ignored, so an instance that lost a
///   partition cannot move the new owner's position.
/// - Unreachable brokers: the constructor waits at most ClientConfig::connect_timeout for cluster
///   metadata and throws BrokersUnreachable naming the bootstrap servers; a running source throws it
///   when every broker has been down for ClientConfig::broker_down_timeout.
class KafkaSource final : public Source {
 public:
  /// Connects, checks that the brokers answer, and subscribes.
  /// @throws BrokersUnreachable, ConfigurationError, KafkaError.
  explicit KafkaSource(KafkaSourceOptions options);
  /// Commits what was released and leaves the group (close()), swallowing errors.
  ~KafkaSource() override;
  /// Not copyable: owns a consumer.
  KafkaSource(const KafkaSource&) = delete;
  /// Not copyable: owns a consumer.
  KafkaSource& operator=(const KafkaSource&) = delete;

  /// The next record, assignment change or clock tick; std::nullopt when a bounded source
  /// (KafkaSourceOptions::stop_at_end) has read everything, or after close().
  /// @throws BrokersUnreachable when every broker stayed down too long, KafkaError on a fatal
  ///         consumer error such as a topic that does not exist.
  std::optional<SourceEvent> next(Duration max_wait) override;

  /// next() into `event`, reusing its storage: the runtime's way to read, one record at a time.
  bool next_into(Duration max_wait, SourceEvent& event) override;

  /// The partitions this instance is assigned now, in order.
  [[nodiscard]] std::vector<TopicPartition> partitions() const override;

  /// Whether assigned `partition` has given this source a record since it was assigned (true),
  /// has been read to its end without one (false: in a bounded run it has nothing to read), or
  /// neither yet (std::nullopt).
  [[nodiscard]] std::optional<bool> has_records(const TopicPartition& partition) const;

  /// Whether assigned `partition` has been read to its end and every record fetched from it has
  /// been delivered: it has nothing to give until more is written to it.
  [[nodiscard]] bool at_end(const TopicPartition& partition) const;
  /// The number of partitions of `topic` in the cluster's metadata.
  /// @throws KafkaError when the topic does not exist or the metadata cannot be read.
  [[nodiscard]] std::int32_t partition_count(const std::string& topic, Duration timeout) const;
  /// Releases every record up to and including `offset` of `partition` for committing; the
  /// committed position becomes `offset + 1` at the next commit point.
  void commit(const TopicPartition& partition, std::int64_t offset) override;

  /// Calls `listener` with the partitions the group is taking away, before their released
  /// offsets are committed and they are unassigned (inside next()): the last moment to flush
  /// and commit for them. An empty function removes the listener.
  void on_revocation(std::function<void(const std::vector<TopicPartition>&)> listener);
  /// Sends every released offset to the group coordinator now and waits for the answer. While
  /// the group rebalances the coordinator refuses; then nothing is committed and the next owner
  /// reads those records again (at-least-once).
  /// @throws KafkaError when the coordinator rejects the commit for any other reason.
  void commit_now();

  /// Commits released offsets, leaves the consumer group and closes the connection; idempotent.
  /// It unsubscribes and serves the revocation before closing the consumer: librdkafka 2.0.2's
  /// close() can hang or abort when it serves a revocation while the group rebalances.
  void close();

  /// The committed positions (next offset to read) in this group of `partitions`, -1 for one
  /// without; asked of the group coordinator in one request, assigned to this instance or not.
  [[nodiscard]] std::map<TopicPartition, std::int64_t> committed(
      const std::vector<TopicPartition>& partitions, Duration timeout) const;

  /// The committed position (next offset to read) of `partition` in this group, or -1 if none.
  [[nodiscard]] std::int64_t committed(const TopicPartition& partition, Duration timeout) const;

  /// The first offset the brokers still hold for each of `partitions` (its log start offset):
  /// records before it were deleted by retention or by a delete-records request. Asked in one
  /// request a partition leader.
  /// @throws KafkaError when the offsets cannot be read.
  [[nodiscard]] std::map<TopicPartition, std::int64_t> log_start_offsets(
      const std::vector<TopicPartition>& partitions, Duration timeout) const;

  /// Counters since construction.
  [[nodiscard]] KafkaSourceStats stats() const;

  /// The consumer group id, for the transactional sink's offset commits.
  [[nodiscard]] const std::string& group_id() const noexcept;

  /// Opaque handle to librdkafka's consumer (RdKafka::KafkaConsumer*), for the connector's own
  /// transactional sink; nullptr after close().
  [[nodiscard]] void* native_handle() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamlab::kafka
