/// @file
/// A Sink that produces records to Kafka topics with an idempotent producer.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "streamlab/io/sink.hpp"
#include "streamlab/kafka/client_config.hpp"

namespace streamlab::kafka {

class KafkaSource;

/// Settings of a KafkaSink.
struct KafkaSinkOptions {
  /// Where the cluster is and any librdkafka property. Setting `transactional.id` turns the sink
  /// transactional (see KafkaSink::commit_transaction()).
  ClientConfig client;
  /// How long a record may wait for its acknowledgement before it counts as failed
  /// (librdkafka's `message.timeout.ms`); flush() never waits much longer than this.
  Duration delivery_timeout{std::chrono::seconds{60}};
};

/// Counters a KafkaSink keeps, for reports and tests.
struct KafkaSinkStats {
  std::int64_t written{0};    ///< Records handed to write().
  std::int64_t delivered{0};  ///< Records the cluster acknowledged.
  std::int64_t failed{0};     ///< Records whose delivery failed (each one is reported by flush()).
};

/// An idempotent producer (`enable.idempotence=true`, acks from all in-sync replicas) behind
/// the Sink interface.
///
/// Keyed records are partitioned with `murmur2_random`, the Java client's partitioner, so a key
/// lands in the same partition as with Kafka Streams, the Java producer and StreamLab's
/// simulator; a null key is spread randomly. Every delivery report is checked: flush() throws
/// DeliveryFailed naming the topic, partition and error of each failed record, so no result is
/// ever lost silently.
class KafkaSink final : public Sink {
 public:
  /// Connects and checks that the brokers answer within ClientConfig::connect_timeout.
  /// @throws BrokersUnreachable, ConfigurationError, KafkaError.
  explicit KafkaSink(KafkaSinkOptions options);
  /// Flushes what it can within the delivery timeout, swallowing errors; call flush() first to
  /// learn about failures.
  ~KafkaSink() override;
  /// Not copyable: owns a producer.
  KafkaSink(const KafkaSink&) = delete;
  /// Not copyable: owns a producer.
  KafkaSink& operator=(const KafkaSink&) = delete;

  /// Queues `record` for `topic` (key, value, timestamp and headers are kept).
  /// @throws KafkaError when librdkafka refuses the record outright (for example a record larger
  ///         than `message.max.bytes`).
  void write(std::string_view topic, const Record& record) override;

  /// Queues `record` for partition `partition` of `topic`, bypassing the partitioner (a replay
  /// that reproduces the partitions a scenario chose).
  /// @throws KafkaError as write() does.
  void write_to_partition(std::string_view topic, std::int32_t partition, const Record& record);

  /// Waits until every queued record is acknowledged or has failed.
  /// @throws DeliveryFailed listing the failed records; they are reported once.
  void flush() override;

  /// True when `transactional.id` was configured and writes happen inside transactions.
  [[nodiscard]] bool transactional() const noexcept;

  /// Exactly-once step of a transactional sink: flushes, adds the source's released offsets
  /// (`offset + 1` of each given record position) to the transaction for the source's consumer
  /// group, commits the transaction and begins the next one. Results and input positions become
  /// visible together or not at all.
  /// @throws KafkaError when the sink is not transactional or the transaction aborts (it is
  ///         aborted, and the input will be re-read from the last committed position).
  void commit_transaction(KafkaSource& source,
                          const std::vector<std::pair<TopicPartition, std::int64_t>>& offsets);

  /// Counters since construction.
  [[nodiscard]] KafkaSinkStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamlab::kafka
