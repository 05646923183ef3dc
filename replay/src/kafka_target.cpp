#include "streamlab/replay/kafka_target.hpp"

#include <utility>

namespace streamlab::replay {

KafkaReplayTarget::KafkaReplayTarget(kafka::ClientConfig client, std::string topic)
    : servers_(client.bootstrap_servers), writer_(std::move(client), std::move(topic)) {}

void KafkaReplayTarget::deliver(const sim::Arrival& arrival) {
  writer_.write(arrival.record, arrival.partition);
  ++sent_;
}

void KafkaReplayTarget::finish(bool /*stopped*/) {
  // What was produced before Ctrl-C is still delivered.
  writer_.flush();
}

std::string KafkaReplayTarget::describe() const { return "topic '" + writer_.topic() + "' on " + servers_; }

}  // namespace streamlab::replay
