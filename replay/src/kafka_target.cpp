#include "streamlab/replay/kafka_target.hpp"

#include <algorithm>
#include <utility>

#include "streamlab/kafka/kafka_admin.hpp"
#include "streamlab/kafka/kafka_error.hpp"

namespace streamlab::replay {

KafkaReplayTarget::KafkaReplayTarget(kafka::ClientConfig client, std::string topic, Duration watermark_delay,
                                     std::size_t partitions)
    : client_(client),
      writer_(std::move(client), std::move(topic)),
      watermark_(watermark_delay, partitions) {}

void KafkaReplayTarget::deliver(const sim::Arrival& arrival) {
  writer_.write(arrival.record, arrival.partition);
  watermark_.deliver(arrival);
  ++sent_;
  ++sent_per_partition_[arrival.partition];
}

void KafkaReplayTarget::finish(bool /*stopped*/) {
  // What was produced before Ctrl-C is still delivered.
  writer_.flush();
  // This replay's records are the last ones of each partition: [high - sent, high). The broker
  // still holds those at or after its low offset.
  try {
    const kafka::KafkaAdmin admin(client_);
    std::int64_t held = 0;
    for (const auto& [partition, sent] : sent_per_partition_) {
      const auto offsets = admin.offsets({writer_.topic(), partition}, std::chrono::seconds{10});
      held += std::clamp<std::int64_t>(offsets.high - offsets.low, 0, sent);
    }
    held_ = held;
  } catch (const kafka::KafkaError&) {
    held_.reset();  // the delivery counts already say what went wrong
  }
}

std::string KafkaReplayTarget::describe() const {
  return "topic '" + writer_.topic() + "' on " + client_.bootstrap_servers;
}

}  // namespace streamlab::replay
