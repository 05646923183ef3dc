// TopicWriter and kafka:// addresses, for `streamlab replay --to kafka://HOST:PORT/TOPIC`.
#include "streamlab/kafka/topic_writer.hpp"

#include <stdexcept>

namespace streamlab::kafka {

KafkaTopicUrl parse_kafka_url(std::string_view url) {
  constexpr std::string_view kScheme = "kafka://";
  const auto fail = [&] {
    return std::invalid_argument("invalid Kafka destination '" + std::string(url) +
                                 "': expected kafka://HOST:PORT/TOPIC");
  };
  if (url.substr(0, kScheme.size()) != kScheme) throw fail();
  const auto rest = url.substr(kScheme.size());
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= rest.size()) throw fail();
  KafkaTopicUrl out{std::string(rest.substr(0, slash)), std::string(rest.substr(slash + 1))};
  if (out.bootstrap_servers.find(':') == std::string::npos || out.topic.find('/') != std::string::npos) {
    throw fail();
  }
  return out;
}

TopicWriter::TopicWriter(ClientConfig client, std::string topic) : topic_(std::move(topic)) {
  KafkaSinkOptions options;
  options.client = std::move(client);
  sink_ = std::make_unique<KafkaSink>(std::move(options));
}

TopicWriter::~TopicWriter() = default;

void TopicWriter::write(const Record& record, std::optional<std::int32_t> partition) {
  if (partition) {
    sink_->write_to_partition(topic_, *partition, record);
  } else {
    sink_->write(topic_, record);
  }
}

void TopicWriter::flush() { sink_->flush(); }

KafkaSinkStats TopicWriter::stats() const { return sink_->stats(); }

}  // namespace streamlab::kafka
