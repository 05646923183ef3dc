// A consumed Kafka message as a Record.
#include "streamlab/kafka/message_record.hpp"

#include <string>

namespace streamlab::kafka {

Record to_record(const KafkaMessageView& message, Timestamp arrival) {
  Record record;
  if (message.key) record.key = std::string(*message.key);
  if (message.value) record.value = std::string(*message.value);
  record.timestamp = message.timestamp_ms ? from_millis(*message.timestamp_ms) : arrival;
  record.headers.reserve(message.headers.size());
  for (const auto& header : message.headers) {
    record.headers.push_back(
        {std::string(header.name), header.value ? std::string(*header.value) : std::string()});
  }
  return record;
}

}  // namespace streamlab::kafka
