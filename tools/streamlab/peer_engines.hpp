// The peer engines as `streamlab compare` sees them: which are installed (`peers/peers.sh
// status`) and one run of a runner (`peers/peers.sh run ENGINE MANIFEST SUMMARY`), bounded by a
// timeout. peers.sh stays the one home of "built" and of how a runner starts.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace streamlab::cli {

/// Where the peers are: the script and, optionally, the folder of their builds.
struct PeerLocation {
  std::filesystem::path script;  ///< peers/peers.sh
  std::optional<std::filesystem::path>
      builds;  ///< STREAMLAB_PEERS_DIR for peers.sh (its default when empty).
};

/// Each engine peers.sh knows, with its state: `built`, `stale` or `not built`. Empty when the
/// script is missing or fails.
[[nodiscard]] std::map<std::string, std::string> peer_states(const PeerLocation& where);

/// How one runner run ended.
struct PeerRunOutcome {
  int exit_code{-1};      ///< The runner's exit status (peers/README.md: 0, 1 or 2).
  bool timed_out{false};  ///< True when the run was stopped by the timeout.
  std::string log;        ///< The last lines the runner wrote on stdout and stderr.
};

/// Runs `peers.sh run ENGINE MANIFEST SUMMARY`, its output into `log_file`, stopped (with the
/// JVM or Python process it started) after `timeout`.
[[nodiscard]] PeerRunOutcome run_peer_case(const PeerLocation& where, const std::string& engine,
                                           const std::filesystem::path& manifest,
                                           const std::filesystem::path& summary,
                                           const std::filesystem::path& log_file,
                                           std::chrono::milliseconds timeout);

}  // namespace streamlab::cli
