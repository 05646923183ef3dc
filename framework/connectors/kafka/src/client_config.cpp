// Parsing of librdkafka property pass-through: `-X key=value` and Java-style properties files.
#include "streamlab/kafka/client_config.hpp"

#include <fstream>
#include <stdexcept>

#include "streamlab/error.hpp"

namespace streamlab::kafka {
namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

bool is_secret(std::string_view key) {
  return key.find("password") != std::string_view::npos || key.find("secret") != std::string_view::npos ||
         key == "sasl.oauthbearer.config" || key.find(".key.pem") != std::string_view::npos;
}

}  // namespace

Property parse_property(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos) {
    throw std::invalid_argument("librdkafka property '" + std::string(text) + "' must be written key=value");
  }
  const auto key = trim(text.substr(0, eq));
  if (key.empty()) {
    throw std::invalid_argument("librdkafka property '" + std::string(text) + "' has an empty key");
  }
  return {std::string(key), std::string(trim(text.substr(eq + 1)))};
}

std::vector<Property> load_properties_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) {
    throw InputError({path.string(), 0, ""}, "cannot open the properties file");
  }
  std::vector<Property> properties;
  std::string line;
  std::int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    const auto text = trim(line);
    if (text.empty() || text.front() == '#' || text.front() == '!') continue;
    try {
      properties.push_back(parse_property(text));
    } catch (const std::invalid_argument& e) {
      throw InputError({path.string(), number, ""}, e.what());
    }
  }
  return properties;
}

ClientConfig client_config_from_flags(std::string bootstrap_servers,
                                      const std::vector<std::string>& x_properties,
                                      const std::filesystem::path& properties_file) {
  ClientConfig client;
  client.bootstrap_servers = std::move(bootstrap_servers);
  if (!properties_file.empty()) client.properties = load_properties_file(properties_file);
  for (const auto& text : x_properties) client.properties.push_back(parse_property(text));
  return client;
}

std::string describe_properties(const std::vector<Property>& properties) {
  std::string out;
  for (const auto& [key, value] : properties) {
    if (!out.empty()) out += ", ";
    out += key + "=" + (is_secret(key) ? std::string("***") : value);
  }
  return out;
}

}  // namespace streamlab::kafka
