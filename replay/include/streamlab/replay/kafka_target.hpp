/// @file
/// A replay target that produces each arrival into a Kafka topic (built with the Kafka
/// connector, STREAMLAB_BUILD_KAFKA).
#pragma once

#include <cstdint>
#include <string>

#include "streamlab/kafka/client_config.hpp"
#include "streamlab/kafka/topic_writer.hpp"
#include "streamlab/replay/replay_target.hpp"

namespace streamlab::replay {

/// Produces each arrival into `topic`, in the partition the scenario chose, so that consumers
/// see the scenario's disorder; the producer's delivery reports are checked at every batch and
/// at the end.
class KafkaReplayTarget final : public ReplayTarget {
 public:
  /// A target producing to `topic` with the producer settings `client`.
  /// @throws kafka::KafkaError when the producer cannot be created.
  KafkaReplayTarget(kafka::ClientConfig client, std::string topic);

  /// Produces the arrival's record into its partition.
  void deliver(const sim::Arrival& arrival) override;
  /// Waits until everything produced is delivered (also after Ctrl-C).
  void finish(bool stopped) override;
  /// A topic knows no watermark or windows: nothing to report.
  [[nodiscard]] TargetProgress progress() const override { return {}; }
  /// `topic 'T' on HOST:PORT`.
  [[nodiscard]] std::string describe() const override;

  /// Arrivals handed to the producer.
  [[nodiscard]] std::int64_t sent() const noexcept { return sent_; }
  /// The producer's delivery counters.
  [[nodiscard]] kafka::KafkaSinkStats stats() const { return writer_.stats(); }

 private:
  std::string servers_;
  kafka::TopicWriter writer_;
  std::int64_t sent_{0};
};

}  // namespace streamlab::replay
