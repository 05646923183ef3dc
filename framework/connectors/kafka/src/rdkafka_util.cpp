// Configuration building, the start-up reachability probe and error-event watching.
#include "rdkafka_util.hpp"

#include <algorithm>
#include <iostream>

#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/time.hpp"

namespace streamlab::kafka::detail {

void set_property(RdKafka::Conf& conf, const std::string& key, const std::string& value) {
  std::string errstr;
  if (conf.set(key, value, errstr) != RdKafka::Conf::CONF_OK) {
    throw ConfigurationError("librdkafka property '" + key + "': " + errstr);
  }
}

std::unique_ptr<RdKafka::Conf> make_conf(const ClientConfig& client, const std::vector<Property>& defaults) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  // Bounded connection attempts, so an unreachable address fails fast and clearly.
  const auto connect_ms = std::to_string(std::max(1000, to_timeout_ms(client.connect_timeout)));
  set_property(*conf, "socket.connection.setup.timeout.ms", connect_ms);
  for (const auto& [key, value] : defaults) set_property(*conf, key, value);
  for (const auto& [key, value] : client.properties) set_property(*conf, key, value);
  if (client.bootstrap_servers.empty()) {
    throw ConfigurationError("no Kafka bootstrap servers given (host:port[,host:port...])");
  }
  set_property(*conf, "bootstrap.servers", client.bootstrap_servers);
  return conf;
}

int to_timeout_ms(std::chrono::milliseconds d) {
  return static_cast<int>(std::clamp<std::int64_t>(d.count(), 0, 24LL * 3600 * 1000));
}

void probe_brokers(RdKafka::Handle& handle, const ClientConfig& client) {
  RdKafka::Metadata* raw = nullptr;
  const auto err = handle.metadata(true, nullptr, &raw, to_timeout_ms(client.connect_timeout));
  std::unique_ptr<RdKafka::Metadata> metadata(raw);
  if (err == RdKafka::ERR_NO_ERROR) return;
  if (err == RdKafka::ERR__TRANSPORT || err == RdKafka::ERR__TIMED_OUT ||
      err == RdKafka::ERR__ALL_BROKERS_DOWN || err == RdKafka::ERR__RESOLVE) {
    throw BrokersUnreachable(
        client.bootstrap_servers,
        "no answer within " + format_duration(client.connect_timeout) + " (" + RdKafka::err2str(err) + ")");
  }
  throw KafkaError("Kafka metadata request to '" + client.bootstrap_servers +
                   "' failed: " + RdKafka::err2str(err));
}

void ErrorWatch::event_cb(RdKafka::Event& event) {
  if (event.type() == RdKafka::Event::EVENT_LOG) {
    // Installing an event callback diverts librdkafka's log lines here; keep them visible.
    std::clog << "%" << static_cast<int>(event.severity()) << "|" << event.fac() << "| " << event.str()
              << '\n';
    return;
  }
  if (event.type() != RdKafka::Event::EVENT_ERROR) return;
  std::scoped_lock lock(mutex_);
  last_error_ = RdKafka::err2str(event.err()) + ": " + event.str();
  if (event.fatal()) fatal_ = last_error_;
  if (event.err() == RdKafka::ERR__ALL_BROKERS_DOWN && !all_down_since_) {
    all_down_since_ = std::chrono::steady_clock::now();
  }
}

std::optional<std::chrono::steady_clock::time_point> ErrorWatch::all_down_since() const {
  std::scoped_lock lock(mutex_);
  return all_down_since_;
}

void ErrorWatch::clear_all_down() {
  std::scoped_lock lock(mutex_);
  all_down_since_.reset();
}

std::optional<std::string> ErrorWatch::fatal() const {
  std::scoped_lock lock(mutex_);
  return fatal_;
}

std::string ErrorWatch::last_error() const {
  std::scoped_lock lock(mutex_);
  return last_error_;
}

}  // namespace streamlab::kafka::detail
