// A consumed Kafka message as a Record.
#include "streamlab/kafka/message_record.hpp"

#include <string>

namespace streamlab::kafka {

Timestamp record_timestamp(std::optional<std::int64_t> timestamp_ms, Timestamp arrival) {
  return timestamp_ms ? from_millis(*timestamp_ms) : arrival;
}

void assign_record(Record& record, const KafkaMessageView& message, Timestamp arrival) {
  if (!message.key) {
    record.key.reset();
  } else if (record.key) {
    record.key->assign(*message.key);
  } else {
    record.key.emplace(*message.key);
  }
  if (message.value) {
    record.value.assign(*message.value);
  } else {
    record.value.clear();
  }
  record.timestamp = record_timestamp(message.timestamp_ms, arrival);
  record.headers.clear();
  record.headers.reserve(message.headers.size());
  for (const auto& header : message.headers) {
    record.headers.push_back(
        {std::string(header.name), header.value ? std::string(*header.value) : std::string()});
  }
}

Record to_record(const KafkaMessageView& message, Timestamp arrival) {
  Record record;
  assign_record(record, message, arrival);
  return record;
}

}  // namespace streamlab::kafka
