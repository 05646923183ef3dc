// Private helpers shared by the connector's librdkafka clients (not a public header).
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "streamlab/kafka/client_config.hpp"

namespace streamlab::kafka::detail {

/// Which kind of client a configuration is for.
enum class ClientRole { Consumer, Producer };

/// Builds a librdkafka configuration for a `role` client: StreamLab's `defaults`, then the user's
/// properties (which win), then bootstrap.servers; throws ConfigurationError naming a rejected
/// property. A user property librdkafka documents as belonging to the other role (a consumer's
/// `session.timeout.ms` given to the producer) is left out, because one `-X` list configures both
/// clients of a run and librdkafka would warn about it.
std::unique_ptr<RdKafka::Conf> make_conf(const ClientConfig& client, ClientRole role,
                                         const std::vector<Property>& defaults);

/// Sets one property, throwing ConfigurationError naming it when librdkafka rejects it.
void set_property(RdKafka::Conf& conf, const std::string& key, const std::string& value);

/// Asks the cluster for metadata within `client.connect_timeout`; throws BrokersUnreachable
/// naming the bootstrap servers when no broker answers, KafkaError on other errors.
void probe_brokers(RdKafka::Handle& handle, const ClientConfig& client);

/// Milliseconds of a duration as librdkafka's int timeouts want them (clamped to >= 0).
int to_timeout_ms(std::chrono::milliseconds d);

/// Watches librdkafka's error events: remembers since when all brokers are down and any fatal
/// error, so the client can turn them into exceptions on the caller's thread.
class ErrorWatch : public RdKafka::EventCb {
 public:
  /// Records error events and forwards log lines to std::clog.
  void event_cb(RdKafka::Event& event) override;
  /// The time all brokers went down, if they are still considered down.
  [[nodiscard]] std::optional<std::chrono::steady_clock::time_point> all_down_since() const;
  /// Forgets the all-brokers-down state (after a successful exchange with the cluster).
  void clear_all_down();
  /// A fatal error's description, if one happened.
  [[nodiscard]] std::optional<std::string> fatal() const;
  /// The last error's description, for messages.
  [[nodiscard]] std::string last_error() const;

 private:
  mutable std::mutex mutex_;
  std::optional<std::chrono::steady_clock::time_point> all_down_since_;
  std::optional<std::string> fatal_;
  std::string last_error_;
};

}  // namespace streamlab::kafka::detail
