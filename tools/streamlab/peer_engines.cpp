// Runs peers/peers.sh through the shell, under coreutils' `timeout` (which stops the runner's
// whole process group).
#include "peer_engines.hpp"

#include <array>
#include <cstdio>
#include <deque>
#include <fstream>
#include <memory>
#include <sstream>
#include <sys/wait.h>

#include <fmt/format.h>

namespace streamlab::cli {

namespace {

// A word for the shell, in single quotes.
std::string shell_word(const std::string& s) {
  std::string q = "'";
  for (const char c : s) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

// `STREAMLAB_PEERS_DIR=... timeout ... peers.sh ARGS`, bounded by `limit`.
std::string peers_command(const PeerLocation& where, const std::string& args,
                          std::chrono::milliseconds limit) {
  std::string command;
  if (where.builds) command += "STREAMLAB_PEERS_DIR=" + shell_word(where.builds->string()) + " ";
  command += fmt::format("timeout --kill-after=10s {}.{:03}s ", limit.count() / 1000, limit.count() % 1000);
  return command + shell_word(where.script.string()) + " " + args;
}

// The last `n` lines of a file.
std::string tail_of(const std::filesystem::path& file, std::size_t n) {
  std::ifstream in(file);
  std::deque<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
    if (lines.size() > n) lines.pop_front();
  }
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

constexpr int kTimeoutExit = 124;  // coreutils timeout: the command timed out
constexpr int kKilledExit = 137;   // coreutils timeout --kill-after: it had to be killed

}  // namespace

std::map<std::string, std::string> peer_states(const PeerLocation& where) {
  std::map<std::string, std::string> states;
  if (!std::filesystem::is_regular_file(where.script)) return states;
  const std::string command = peers_command(where, "status", std::chrono::seconds(60)) + " 2>/dev/null";
  const std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return states;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe.get()) != nullptr) {
    std::string line(buffer.data());
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    const auto space = line.find(' ');
    if (space == std::string::npos) continue;
    states[line.substr(0, space)] = line.substr(space + 1);
  }
  return states;
}

PeerRunOutcome run_peer_case(const PeerLocation& where, const std::string& engine,
                             const std::filesystem::path& manifest, const std::filesystem::path& summary,
                             const std::filesystem::path& log_file, std::chrono::milliseconds timeout) {
  const std::string args =
      "run " + shell_word(engine) + " " + shell_word(manifest.string()) + " " + shell_word(summary.string());
  const std::string command =
      peers_command(where, args, timeout) + " </dev/null >" + shell_word(log_file.string()) + " 2>&1";
  const int status = std::system(command.c_str());
  PeerRunOutcome outcome;
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.timed_out = outcome.exit_code == kTimeoutExit || outcome.exit_code == kKilledExit;
  outcome.log = tail_of(log_file, 20);
  return outcome;
}

}  // namespace streamlab::cli
