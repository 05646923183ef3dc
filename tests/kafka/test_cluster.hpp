// The cluster a Kafka test runs against: a fresh librdkafka mock cluster in-process, or, when the
// environment variable STREAMLAB_TEST_KAFKA names bootstrap servers (the `kafka-real` tests, run
// by CTest against kafka/broker/kafka.sh), a real Apache Kafka broker, emptied of every topic and
// consumer group first so each test starts as on a fresh cluster.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "streamlab/kafka/kafka_admin.hpp"
#include "streamlab/kafka/mock_cluster.hpp"

namespace streamlab::kafka::test {

/// The real broker's bootstrap servers from STREAMLAB_TEST_KAFKA, or empty for the mock.
inline std::string real_kafka_bootstrap() {
  const char* value = std::getenv("STREAMLAB_TEST_KAFKA");
  return value != nullptr ? std::string{value} : std::string{};
}

/// A mock cluster of `brokers` brokers, or the real broker (whatever its size) reset to empty.
class TestCluster {
 public:
  explicit TestCluster(int brokers = 1) : bootstrap_(real_kafka_bootstrap()) {
    if (bootstrap_.empty()) {
      mock_ = std::make_unique<MockCluster>(brokers);
      return;
    }
    const char* count = std::getenv("STREAMLAB_TEST_KAFKA_BROKERS");
    real_brokers_ = count != nullptr ? std::max(1, std::atoi(count)) : 1;
    admin_ = std::make_unique<KafkaAdmin>(ClientConfig{bootstrap_, {}, std::chrono::seconds{10}});
    admin_->delete_consumer_groups(admin_->consumer_groups(kTimeout), kTimeout);
    std::vector<std::string> topics;
    for (const auto& [name, partitions] : admin_->topics(kTimeout)) topics.push_back(name);
    admin_->delete_topics(topics, kTimeout);
  }

  /// Where clients connect.
  [[nodiscard]] std::string bootstrap_servers() const {
    return mock_ ? mock_->bootstrap_servers() : bootstrap_;
  }

  /// Creates `topic`; on the real broker the replication is capped at its number of brokers.
  void create_topic(const std::string& topic, int partitions, int replication = 1) {
    if (mock_) {
      mock_->create_topic(topic, partitions, replication);
      return;
    }
    admin_->create_topic(topic, partitions, static_cast<std::int16_t>(std::min(replication, real_brokers_)),
                         kTimeout);
  }

  /// Whether this is the real broker.
  [[nodiscard]] bool real() const { return !mock_; }

 private:
  static constexpr std::chrono::seconds kTimeout{30};
  std::string bootstrap_;
  int real_brokers_{1};
  std::unique_ptr<MockCluster> mock_;
  std::unique_ptr<KafkaAdmin> admin_;
};

}  // namespace streamlab::kafka::test
