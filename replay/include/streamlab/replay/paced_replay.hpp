/// @file
/// Running a replay against the wall clock on a Boost.Asio event loop: a steady_timer waits for
/// each arrival's due time, another redraws the live view, and SIGINT/SIGTERM stop cleanly.
#pragma once

#include <chrono>

#include "streamlab/replay/live_view.hpp"
#include "streamlab/replay/replay_run.hpp"

namespace streamlab::replay {

/// Settings of a paced run.
struct PacedOptions {
  /// How often the view is redrawn on a terminal.
  std::chrono::milliseconds refresh{200};
  /// How often a plain progress line is written when the output is not a terminal.
  std::chrono::milliseconds plain_every{std::chrono::seconds{5}};
  /// Whether the view redraws in place (a terminal).
  bool ansi{false};
  /// Whether SIGINT and SIGTERM stop the run (tests leave this off).
  bool handle_signals{true};
};

/// Runs `run` to the end (or until Ctrl-C), pacing with steady_timer and drawing `view`.
/// @returns the final status (also written by view.finish()).
ReplayStatus run_paced(ReplayRun& run, LiveView& view, const PacedOptions& options);

}  // namespace streamlab::replay
