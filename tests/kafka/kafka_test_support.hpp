// Helpers shared by the Kafka tests: an independent murmur2 oracle, bounded draining of a source,
// and record builders. Every wait here has a deadline, so a broken connector fails, never hangs.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

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

/// A child process whose standard output and error are read line by line as they come.
class Child {
 public:
  explicit Child(std::vector<std::string> argv) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      ::dup2(fds[1], STDERR_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    fd_ = fds[0];
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) ::close(fd_);
  }

  /// Reads until `done(output)` holds, the output ends or `deadline` passes.
  template <typename Done>
  void read_until(Done done, std::chrono::steady_clock::duration deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (!done(output) && std::chrono::steady_clock::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buffer[4096];
      const auto n = ::read(fd_, buffer, sizeof buffer);
      if (n <= 0) return;
      output.append(buffer, static_cast<std::size_t>(n));
    }
  }

  /// True while the process has not exited (it is reaped when it has).
  [[nodiscard]] bool running() {
    if (reaped_) return false;
    reaped_ = ::waitpid(pid_, nullptr, WNOHANG) == pid_;
    return !reaped_;
  }

  /// Sends `signal`, reads the rest of the output and returns the exit status (-1: killed).
  int stop_with(int signal) {
    ::kill(pid_, signal);
    read_until([](const std::string&) { return false; }, std::chrono::seconds{20});
    int raw = 0;
    ::waitpid(pid_, &raw, 0);
    reaped_ = true;
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  }

  std::string output;

 private:
  pid_t pid_{-1};
  int fd_{-1};
  bool reaped_{false};
};

}  // namespace streamlab::kafka::test
