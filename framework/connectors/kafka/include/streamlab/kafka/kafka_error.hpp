/// @file
/// The errors the Kafka connector reports: unreachable brokers, failed deliveries, bad settings.
#pragma once

#include <stdexcept>
#include <string>

namespace streamlab::kafka {

/// Any failure of the Kafka connector; the message says what failed and where.
class KafkaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The bootstrap servers could not be reached within the configured time.
/// The message names the servers, so a student sees at once which address was wrong.
class BrokersUnreachable : public KafkaError {
 public:
  /// Builds the error for `bootstrap_servers`, with librdkafka's `reason`.
  BrokersUnreachable(std::string bootstrap_servers, const std::string& reason);
  /// The servers that could not be reached.
  [[nodiscard]] const std::string& bootstrap_servers() const noexcept { return bootstrap_servers_; }

 private:
  std::string bootstrap_servers_;
};

/// At least one produced record was not acknowledged by the cluster: a result would be lost.
class DeliveryFailed : public KafkaError {
 public:
  using KafkaError::KafkaError;
};

/// A librdkafka property was rejected (unknown name or invalid value).
class ConfigurationError : public KafkaError {
 public:
  using KafkaError::KafkaError;
};

}  // namespace streamlab::kafka
