/// @file
/// Producing a dataset into one Kafka topic: the `kafka://HOST:PORT/TOPIC` destination of replay.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "streamlab/kafka/client_config.hpp"
#include "streamlab/kafka/kafka_sink.hpp"
#include "streamlab/record.hpp"

namespace streamlab::kafka {

/// A parsed `kafka://HOST:PORT[,HOST:PORT...]/TOPIC` address.
struct KafkaTopicUrl {
  std::string bootstrap_servers;  ///< `HOST:PORT[,HOST:PORT...]`.
  std::string topic;              ///< Topic name.
};

/// Parses `kafka://HOST:PORT/TOPIC`.
/// @throws std::invalid_argument quoting the text and the expected form.
KafkaTopicUrl parse_kafka_url(std::string_view url);

/// Produces records into one topic, keeping a record's partition when the caller chose one (the
/// partition a scenario's arrival landed on), so a replay reproduces the simulator's partitions.
class TopicWriter {
 public:
  /// Connects to `client` (bounded by its connect timeout) for `topic`.
  /// @throws BrokersUnreachable, ConfigurationError, KafkaError.
  TopicWriter(ClientConfig client, std::string topic);
  /// Flushes, swallowing errors (call flush() to see them).
  ~TopicWriter();
  /// Not copyable: owns a producer.
  TopicWriter(const TopicWriter&) = delete;
  /// Not copyable: owns a producer.
  TopicWriter& operator=(const TopicWriter&) = delete;

  /// Produces `record`; into `partition` when given, else by the key's murmur2 partition.
  void write(const Record& record, std::optional<std::int32_t> partition = std::nullopt);
  /// Waits for every acknowledgement.
  /// @throws DeliveryFailed naming the topic and error of each failed record.
  void flush();
  /// The topic written.
  [[nodiscard]] const std::string& topic() const noexcept { return topic_; }
  /// Producer counters.
  [[nodiscard]] KafkaSinkStats stats() const;

 private:
  std::string topic_;
  std::unique_ptr<KafkaSink> sink_;
};

}  // namespace streamlab::kafka
