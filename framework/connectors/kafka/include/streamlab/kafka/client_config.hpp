/// @file
/// How a StreamLab Kafka client reaches a cluster: bootstrap servers plus any librdkafka property.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "streamlab/time.hpp"

namespace streamlab::kafka {

/// One librdkafka property, such as `security.protocol=SASL_SSL`.
using Property = std::pair<std::string, std::string>;

/// Connection settings shared by every Kafka client StreamLab creates.
///
/// Any librdkafka property passes through unchanged (as kcat's `-X key=value` and the Java
/// clients' properties files allow), so SASL and SSL clusters work without StreamLab knowing them.
struct ClientConfig {
  /// Comma-separated `host:port` list, librdkafka's `bootstrap.servers`.
  std::string bootstrap_servers;
  /// Extra librdkafka properties, applied in order after StreamLab's defaults, so they win.
  std::vector<Property> properties;
  /// How long a client waits for the brokers at start-up before it reports them unreachable.
  Duration connect_timeout{std::chrono::seconds{10}};
  /// How long a running client tolerates "all brokers down" before it gives up with an error.
  Duration broker_down_timeout{std::chrono::seconds{60}};
};

/// Splits `key=value` at the first `=`.
/// @throws std::invalid_argument when there is no `=` or the key is empty, quoting the text.
Property parse_property(std::string_view text);

/// Reads a Java-style properties file: one `key=value` a line, `#` and `!` start comments, blank
/// lines are skipped, spaces around key and value are trimmed.
/// @throws streamlab::InputError naming the file and line of a malformed line, or when the file
///         cannot be opened.
std::vector<Property> load_properties_file(const std::filesystem::path& path);

/// Builds a ClientConfig from command-line flags: `--kafka BOOTSTRAP`, repeated `-X key=value`,
/// and an optional properties file (`--kafka-config FILE`, read first so `-X` wins).
/// @throws std::invalid_argument for a malformed `-X` (tools exit 2), streamlab::InputError for a
///         bad properties file.
ClientConfig client_config_from_flags(std::string bootstrap_servers,
                                      const std::vector<std::string>& x_properties,
                                      const std::filesystem::path& properties_file = {});

/// Renders a property list for messages, hiding the values of secrets (`*password*`, `*secret*`,
/// `sasl.oauthbearer.config`) so that an error report never leaks credentials.
std::string describe_properties(const std::vector<Property>& properties);

}  // namespace streamlab::kafka
