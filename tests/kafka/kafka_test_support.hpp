// Helpers shared by the Kafka tests: an independent murmur2 oracle, bounded draining of a source,
// and record builders. Every wait here has a deadline, so a broken connector fails, never hangs.
#pragma once

#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "streamlab/io/source.hpp"
#include "streamlab/kafka/kafka_source.hpp"

namespace streamlab::kafka::test {

/// Kafka's Java `Utils.murmur2`, written from the Java source as an independent oracle.
inline std::int32_t java_murmur2(std::string_view data) {
  const auto length = static_cast<std::uint32_t>(data.size());
  constexpr std::uint32_t m = 0x5bd1e995;
  constexpr int r = 24;
  std::uint32_t h = 0x9747b28cU ^ length;
  const auto byte = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(data[i]));
  };
  for (std::size_t i = 0; i + 4 <= data.size(); i += 4) {
    std::uint32_t k = byte(i) | (byte(i + 1) << 8) | (byte(i + 2) << 16) | (byte(i + 3) << 24);
    k *= m;
    k ^= k >> r;
    k *= m;
    h *= m;
    h ^= k;
  }
  const std::size_t tail = data.size() & ~std::size_t{3};
  switch (data.size() % 4) {
    case 3: h ^= byte(tail + 2) << 16; [[fallthrough]];
    case 2: h ^= byte(tail + 1) << 8; [[fallthrough]];
    case 1:
      h ^= byte(tail);
      h *= m;
      break;
    default: break;
  }
  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return static_cast<std::int32_t>(h);
}

/// True when the `kcat` command is on PATH (Debian package kcat); tests that need it skip otherwise.
inline bool kcat_available() { return std::system("command -v kcat >/dev/null 2>&1") == 0; }

/// The Java producer's partition for a key: `toPositive(murmur2(key)) % partitions`.
inline std::int32_t java_partition(std::string_view key, std::int32_t partitions) {
  return static_cast<std::int32_t>((static_cast<std::uint32_t>(java_murmur2(key)) & 0x7fffffffU) %
                                   static_cast<std::uint32_t>(partitions));
}

/// What a bounded drain saw.
struct Drained {
  std::vector<ConsumedRecord> records;               ///< Records in arrival order.
  std::vector<AssignmentChange> assignment_changes;  ///< Rebalances in order.
  bool ended{false};                                 ///< next() returned std::nullopt.
};

/// Reads from `source` until `expected` records arrived, the source ended, or `deadline` passed.
inline Drained drain(Source& source, std::size_t expected,
                     std::chrono::steady_clock::duration deadline = std::chrono::seconds{20}) {
  Drained out;
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (out.records.size() < expected && std::chrono::steady_clock::now() < until) {
    auto event = source.next(std::chrono::milliseconds{100});
    if (!event) {
      out.ended = true;
      break;
    }
    if (auto* r = std::get_if<ConsumedRecord>(&event->payload)) out.records.push_back(*r);
    if (auto* a = std::get_if<AssignmentChange>(&event->payload)) {
      out.assignment_changes.push_back(*a);
    }
  }
  return out;
}

/// A record with a key, a JSON value and a timestamp.
inline Record keyed(std::string key, std::string value, std::int64_t ts_ms) {
  return Record{std::move(key), std::move(value), from_millis(ts_ms), {}};
}

/// Source options for a test group on `bootstrap`, short timeouts, reading `topic`.
///
/// librdkafka's mock coordinator holds a rebalance for the session timeout minus one second
/// whenever a member leaves a non-empty group (a real broker answers a LeaveGroup at once), so
/// the tests use a short session timeout to keep rebalances quick.
inline KafkaSourceOptions source_options(const std::string& bootstrap, const std::string& topic,
                                         const std::string& group) {
  KafkaSourceOptions o;
  o.client.bootstrap_servers = bootstrap;
  o.client.connect_timeout = std::chrono::seconds{5};
  o.client.properties = {{"session.timeout.ms", "3000"}, {"heartbeat.interval.ms", "500"}};
  o.group_id = group;
  o.topics = {topic};
  return o;
}

/// How a shell command ended.
struct Finished {
  int status{-1};                              ///< Exit status; -1 when it did not exit.
  std::string output;                          ///< Standard output and error together.
  std::chrono::steady_clock::duration took{};  ///< Wall-clock time it ran.
};

/// Runs `command` through the shell (stderr joined to stdout) and waits for it; the caller bounds
/// it, e.g. with `timeout 60`.
inline Finished run_shell(const std::string& command) {
  const auto start = std::chrono::steady_clock::now();
  Finished out;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) out.output += buffer.data();
  const int raw = ::pclose(pipe);
  out.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  out.took = std::chrono::steady_clock::now() - start;
  return out;
}

}  // namespace streamlab::kafka::test
