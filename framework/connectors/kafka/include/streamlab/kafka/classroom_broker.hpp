/// @file
/// `streamlab broker`: an in-memory Kafka cluster on loopback for classrooms and tests.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "streamlab/kafka/mock_cluster.hpp"
#include "streamlab/kafka/shutdown_signal.hpp"

namespace streamlab::kafka {

/// What `streamlab broker` starts.
struct BrokerOptions {
  int brokers{1};                   ///< Number of brokers (ids 1..N).
  int partitions{3};                ///< Partitions of every topic created up front.
  std::vector<std::string> topics;  ///< Topics created at start.
  /// Extra loopback port that forwards to the first broker, so clients can bootstrap from a
  /// fixed address (librdkafka 2.0's mock brokers listen on ports the OS picks); 0 for none.
  std::uint16_t port{0};
};

/// A running classroom cluster: the mock cluster, its topics and the optional fixed bootstrap
/// port (a TCP forwarder on 127.0.0.1:port to the first broker).
class ClassroomBroker {
 public:
  /// Starts the brokers, creates the topics and opens the fixed port.
  /// @throws KafkaError when the cluster or a topic cannot be created, or the port is taken.
  explicit ClassroomBroker(const BrokerOptions& options);
  ~ClassroomBroker();
  /// Not copyable: owns the listeners.
  ClassroomBroker(const ClassroomBroker&) = delete;
  /// Not copyable: owns the listeners.
  ClassroomBroker& operator=(const ClassroomBroker&) = delete;

  /// The bootstrap address clients should use (the fixed port when one was asked for).
  [[nodiscard]] std::string bootstrap_servers() const;
  /// The brokers' own addresses, as the cluster advertises them in metadata.
  [[nodiscard]] std::string broker_addresses() const;
  /// The underlying cluster (to take brokers down in a demonstration).
  [[nodiscard]] MockCluster& cluster() noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Starts a ClassroomBroker, prints its bootstrap address and a kcat example to `out`, and
/// blocks until `stop` is requested (Ctrl-C). Returns the process exit status: 0 after a clean
/// stop, 1 when the cluster could not start (the reason goes to `err`).
int serve_classroom_broker(const BrokerOptions& options, const ShutdownSignal& stop, std::ostream& out,
                           std::ostream& err);

}  // namespace streamlab::kafka
