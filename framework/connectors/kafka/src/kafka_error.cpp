// Messages of the Kafka connector's errors.
#include "streamlab/kafka/kafka_error.hpp"

#include <utility>

namespace streamlab::kafka {

BrokersUnreachable::BrokersUnreachable(std::string bootstrap_servers, const std::string& reason)
    : KafkaError("cannot reach the Kafka brokers at '" + bootstrap_servers + "': " + reason +
                 " (check the bootstrap address and that the brokers are running)"),
      bootstrap_servers_(std::move(bootstrap_servers)) {}

}  // namespace streamlab::kafka
