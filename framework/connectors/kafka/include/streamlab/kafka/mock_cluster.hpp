/// @file
/// An in-process Kafka cluster (librdkafka's mock cluster) for tests and classrooms.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace streamlab::kafka {

/// A Kafka cluster that lives inside this process and speaks the Kafka protocol on loopback TCP.
///
/// It wraps librdkafka's mock cluster: brokers are numbered from 1, listeners bind to 127.0.0.1 on
/// ports the operating system picks, data lives in memory and disappears with the object. It is
/// meant for tests and for practising with kcat; it is not a durable or complete Kafka broker.
class MockCluster {
 public:
  /// Starts `broker_count` brokers (at least 1).
  /// @throws KafkaError when librdkafka cannot create the cluster.
  explicit MockCluster(int broker_count = 1);
  ~MockCluster();
  /// Not copyable: the object owns the listeners.
  MockCluster(const MockCluster&) = delete;
  /// Not copyable: the object owns the listeners.
  MockCluster& operator=(const MockCluster&) = delete;
  /// Moves the cluster; the source is left empty.
  MockCluster(MockCluster&&) noexcept;
  /// Moves the cluster; the source is left empty.
  MockCluster& operator=(MockCluster&&) noexcept;

  /// The `host:port,...` list clients pass as `bootstrap.servers`.
  [[nodiscard]] std::string bootstrap_servers() const;

  /// Number of brokers, numbered 1..broker_count().
  [[nodiscard]] int broker_count() const noexcept { return broker_count_; }

  /// Creates `topic` with `partitions` partitions and the given replication factor
  /// (clamped to the number of brokers).
  /// @throws KafkaError when the topic exists or the arguments are invalid.
  void create_topic(const std::string& topic, int partitions, int replication_factor = 1);

  /// Disconnects broker `broker_id` and refuses new connections (no leader change happens).
  void set_broker_down(std::int32_t broker_id);

  /// Lets broker `broker_id` accept connections again.
  void set_broker_up(std::int32_t broker_id);

  /// Makes the next `count` requests of Kafka API `api_key` (11 is JoinGroup) fail with the
  /// Kafka protocol error code `error` (26 is INVALID_SESSION_TIMEOUT), to test how a client
  /// copes with a broker that refuses it.
  void fail_requests(std::int16_t api_key, int error, std::size_t count);

 private:
  struct State;
  std::unique_ptr<State> state_;
  int broker_count_{0};
};

}  // namespace streamlab::kafka
