// TopicWriter and kafka:// addresses, for `streamlab replay --to kafka://HOST:PORT/TOPIC`.
#include "streamlab/kafka/topic_writer.hpp"

#include <charconv>
#include <stdexcept>
#include <system_error>

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
  if (out.topic.find('/') != std::string::npos) throw fail();
  // Every HOST:PORT of the list needs a host and a port in 1..65535, checked now rather than
  // after librdkafka has tried to connect to it.
  std::string_view servers = out.bootstrap_servers;
  while (true) {
    const auto comma = servers.find(',');
    const std::string_view server = servers.substr(0, comma);
    const auto colon = server.rfind(':');
    if (colon == std::string_view::npos || colon == 0) throw fail();
    const std::string_view port = server.substr(colon + 1);
    int value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value < 1 || value > 65535)
      throw std::invalid_argument("invalid Kafka destination '" + std::string(url) + "': the port '" +
                                  std::string(port) + "' is not a number from 1 to 65535");
    if (comma == std::string_view::npos) break;
    servers.remove_prefix(comma + 1);
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
