/// @file
/// A replay target that produces each arrival into a Kafka topic (built with the Kafka
/// connector, STREAMLAB_BUILD_KAFKA).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "streamlab/kafka/client_config.hpp"
#include "streamlab/kafka/topic_writer.hpp"
#include "streamlab/replay/replay_target.hpp"

namespace streamlab::replay {

/// Produces each arrival into `topic`, in the partition the scenario chose, so that consumers
/// see the scenario's disorder; the producer's delivery reports are checked at every batch and
/// at the end. Its progress is the watermark a consumer of the topic with the scenario's
/// bounded delay reaches once it has read what was produced: per partition, the largest event
/// time sent minus the delay, and the minimum over the partitions (a WatermarkObserver).
class KafkaReplayTarget final : public ReplayTarget {
 public:
  /// A target producing to `topic` with the producer settings `client`; its watermark has
  /// delay `watermark_delay` over `partitions` partitions (the scenario's).
  /// @throws kafka::KafkaError when the producer cannot be created.
  KafkaReplayTarget(kafka::ClientConfig client, std::string topic, Duration watermark_delay = Duration{0},
                    std::size_t partitions = 1);

  /// Produces the arrival's record into its partition.
  void deliver(const sim::Arrival& arrival) override;
  /// Waits until everything produced is delivered (also after Ctrl-C), then asks the broker how
  /// many of the delivered records it still holds (held()).
  void finish(bool stopped) override;
  /// The consumers' watermark over what was produced and the arrivals behind it; a topic has
  /// no windows. A topic does not end, so neither does the watermark at finish().
  [[nodiscard]] TargetProgress progress() const override { return watermark_.progress(); }
  /// `topic 'T' on HOST:PORT`.
  [[nodiscard]] std::string describe() const override;

  /// Arrivals handed to the producer.
  [[nodiscard]] std::int64_t sent() const noexcept { return sent_; }
  /// The producer's delivery counters.
  [[nodiscard]] kafka::KafkaSinkStats stats() const { return writer_.stats(); }
  /// How many of this replay's records the topic still held after finish(): fewer than were
  /// delivered when the broker deleted the oldest (retention, the classroom broker's size cap).
  /// Assumes nobody else wrote to the topic meanwhile. std::nullopt when the broker could not
  /// be asked.
  [[nodiscard]] std::optional<std::int64_t> held() const noexcept { return held_; }

 private:
  kafka::ClientConfig client_;
  kafka::TopicWriter writer_;
  std::int64_t sent_{0};
  std::map<std::int32_t, std::int64_t> sent_per_partition_;
  std::optional<std::int64_t> held_;
  WatermarkObserver watermark_;
};

}  // namespace streamlab::replay
