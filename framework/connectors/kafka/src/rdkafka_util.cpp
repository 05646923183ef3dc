// Configuration building, the start-up reachability probe and error-event watching.
#include "rdkafka_util.hpp"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/time.hpp"

namespace streamlab::kafka::detail {

void set_property(RdKafka::Conf& conf, const std::string& key, const std::string& value) {
  std::string errstr;
  if (conf.set(key, value, errstr) != RdKafka::Conf::CONF_OK) {
    throw ConfigurationError("librdkafka property '" + key + "': " + errstr);
  }
}

namespace {

/// librdkafka's own table of properties: name -> scope ("*", "C" consumer, "P" producer), read
/// from rd_kafka_conf_properties_show() so it matches the installed library exactly.
std::map<std::string, std::string, std::less<>> read_property_scopes() {
  std::map<std::string, std::string, std::less<>> scopes;
  char* buffer = nullptr;
  std::size_t size = 0;
  FILE* stream = ::open_memstream(&buffer, &size);
  if (stream == nullptr) return scopes;
  rd_kafka_conf_properties_show(stream);
  std::fclose(stream);
  const std::unique_ptr<char, decltype(&std::free)> owned(buffer, &std::free);
  std::istringstream table(std::string(buffer, size));
  const auto trim = [](std::string t) {
    t.erase(0, t.find_first_not_of(' '));
    t.erase(t.find_last_not_of(' ') + 1);
    return t;
  };
  for (std::string line; std::getline(table, line);) {
    const auto first = line.find('|');
    if (first == std::string::npos) continue;
    const auto second = line.find('|', first + 1);
    if (second == std::string::npos) continue;
    scopes.emplace(trim(line.substr(0, first)), trim(line.substr(first + 1, second - first - 1)));
  }
  return scopes;
}

/// Whether librdkafka documents `key` as a property of the other kind of client only.
bool belongs_to_other_role(std::string_view key, ClientRole role) {
  static const auto kScopes = read_property_scopes();
  const auto it = kScopes.find(key);
  if (it == kScopes.end()) return false;  // unknown: let librdkafka reject it by name
  return (role == ClientRole::Consumer && it->second == "P") ||
         (role == ClientRole::Producer && it->second == "C");
}

}  // namespace

std::unique_ptr<RdKafka::Conf> make_conf(const ClientConfig& client, ClientRole role,
                                         const std::vector<Property>& defaults) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  // Bounded connection attempts, so an unreachable address fails fast and clearly.
  const auto connect_ms = std::to_string(std::max(1000, to_timeout_ms(client.connect_timeout)));
  set_property(*conf, "socket.connection.setup.timeout.ms", connect_ms);
  for (const auto& [key, value] : defaults) set_property(*conf, key, value);
  for (const auto& [key, value] : client.properties) {
    if (!belongs_to_other_role(key, role)) set_property(*conf, key, value);
  }
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
