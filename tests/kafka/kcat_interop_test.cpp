// Interoperability: results written as JSON lines are readable by kcat, a stock Kafka client.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>

#include "kafka_test_support.hpp"
#include "streamlab/kafka/kafka_sink.hpp"
#include "test_cluster.hpp"

namespace streamlab::kafka {
namespace {

/// Runs `command` and returns its standard output (the command bounds its own run time).
std::string capture(const std::string& command) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return out;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe.get()) != nullptr) {
    out += buffer.data();
  }
  return out;
}

TEST(KafkaInterop, KcatReadsTheOutputTopicAsJsonLines) {
  if (!test::kcat_available()) GTEST_SKIP() << "kcat is not on PATH (Debian package kcat)";
  test::TestCluster cluster(1);
  cluster.create_topic("results", 3);
  KafkaSinkOptions options;
  options.client.bootstrap_servers = cluster.bootstrap_servers();
  KafkaSink sink(options);
  std::multiset<std::string> written;
  for (int i = 0; i < 30; ++i) {
    const nlohmann::json result = {{"key", "k" + std::to_string(i % 4)},
                                   {"window_start", "2025-06-22T10:00:00Z"},
                                   {"window_end", "2025-06-22T10:01:00Z"},
                                   {"value", i},
                                   {"pane", "ON_TIME"},
                                   {"count", 1}};
    sink.write("results", test::keyed("k" + std::to_string(i % 4), result.dump(), 1000 + i));
    written.insert(result.dump());
  }
  sink.flush();

  // `timeout` bounds kcat even if it never reaches the end of the topic.
  const auto output = capture("timeout 20 kcat -C -q -e -b " + cluster.bootstrap_servers() +
                              " -t results -f '%s\\n' 2>/dev/null");
  std::multiset<std::string> read;
  std::size_t start = 0;
  while (start < output.size()) {
    const auto end = output.find('\n', start);
    const auto line = output.substr(start, end - start);
    start = end == std::string::npos ? output.size() : end + 1;
    if (line.empty()) continue;
    const auto parsed = nlohmann::json::parse(line, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << "not a JSON line: " << line;
    read.insert(parsed.dump());
  }
  EXPECT_EQ(read, written);
}

}  // namespace
}  // namespace streamlab::kafka
