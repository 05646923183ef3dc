/// @file
/// Topic and consumer-group administration (Kafka's Admin API), every call bounded by a timeout.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "streamlab/kafka/client_config.hpp"
#include "streamlab/record.hpp"
#include "streamlab/time.hpp"

namespace streamlab::kafka {

/// The offsets a partition holds: records from `low` (the log start: older ones were deleted by
/// retention or a size cap) up to, not including, `high` (the next offset to be written).
struct PartitionOffsets {
  std::int64_t low{0};   ///< First offset still held.
  std::int64_t high{0};  ///< One past the last offset written.
  /// Field-by-field equality.
  friend bool operator==(const PartitionOffsets&, const PartitionOffsets&) = default;
};

/// An administrative client of a cluster, like Kafka's `AdminClient`: creates and deletes topics,
/// lists and deletes consumer groups, and reads partitions' offsets.
///
/// Used to create an application's topics up front with the partition counts it needs (never
/// leaving them to auto-creation), to check that a topic still holds a replayed dataset from
/// offset 0, and by the tests to reset a shared real broker between tests.
class KafkaAdmin {
 public:
  /// Connects and checks that a broker answers within ClientConfig::connect_timeout.
  /// @throws BrokersUnreachable naming the bootstrap servers, ConfigurationError.
  explicit KafkaAdmin(const ClientConfig& client);
  /// Closes the connection.
  ~KafkaAdmin();
  /// Not copyable: owns a client.
  KafkaAdmin(const KafkaAdmin&) = delete;
  /// Not copyable: owns a client.
  KafkaAdmin& operator=(const KafkaAdmin&) = delete;

  /// Every topic of the cluster but Kafka's internal ones (`__consumer_offsets`, ...), with its
  /// partition count.
  /// @throws KafkaError when the cluster does not answer within `timeout`.
  [[nodiscard]] std::map<std::string, std::int32_t> topics(Duration timeout) const;

  /// Creates `topic` with `partitions` partitions and `replication` replicas and waits until
  /// every partition has a leader. A topic that exists with the same partition count is left
  /// alone; one that exists with another count is an error (the data is partitioned already).
  /// `partitions` -1 takes the brokers' default count (`num.partitions`) and accepts an existing
  /// topic of any count. A topic still being deleted is retried until `timeout`.
  /// @throws KafkaError naming the topic.
  void create_topic(const std::string& topic, std::int32_t partitions, std::int16_t replication,
                    Duration timeout) const;

  /// Whether the cluster names a controller among its brokers, so that topics can be created
  /// through the Admin API; librdkafka's mock cluster (the classroom broker) names none, and an
  /// Admin API request to it would wait for one until its timeout.
  /// @throws KafkaError when the cluster does not answer within `timeout`.
  [[nodiscard]] bool has_controller(Duration timeout) const;

  /// Has the cluster create `topic` with its default partition count and replication, the way a
  /// producer's first write would (a metadata request that allows auto-creation), and waits
  /// until every partition has a leader; an existing topic is left alone. This is how topics are
  /// created up front on a cluster without a controller (has_controller()).
  /// @returns the topic's partition count.
  /// @throws KafkaError naming the topic when the cluster does not create it within `timeout`
  ///         (a real cluster with `auto.create.topics.enable=false`).
  std::int32_t auto_create_topic(const std::string& topic, Duration timeout) const;

  /// Deletes `topics` and waits until the cluster no longer lists them; a missing topic is fine.
  /// @throws KafkaError naming the topic that could not be deleted.
  void delete_topics(const std::vector<std::string>& topics, Duration timeout) const;

  /// The ids of every consumer group the cluster knows.
  /// @throws KafkaError when the cluster does not answer within `timeout`.
  [[nodiscard]] std::vector<std::string> consumer_groups(Duration timeout) const;

  /// Deletes consumer groups and their committed offsets; a group that still has members is an
  /// error (its members must leave first), an unknown group is fine.
  /// @throws KafkaError naming the group.
  void delete_consumer_groups(const std::vector<std::string>& groups, Duration timeout) const;

  /// Deletes the records of `partition` before `offset`, as retention does (Kafka's
  /// `deleteRecords`); the partition's low offset becomes `offset`.
  /// @throws KafkaError naming the partition.
  void delete_records(const TopicPartition& partition, std::int64_t offset, Duration timeout) const;

  /// The offsets `partition` holds now.
  /// @throws KafkaError naming the partition.
  [[nodiscard]] PartitionOffsets offsets(const TopicPartition& partition, Duration timeout) const;

 private:
  /// Whether every partition of `topic` (`partitions` of them) answers an offsets request.
  [[nodiscard]] bool serves_offsets(const std::string& topic, std::int32_t partitions,
                                    Duration timeout) const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamlab::kafka
