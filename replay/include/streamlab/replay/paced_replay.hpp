/// @file
/// Running a replay against the wall clock on a Boost.Asio event loop: a steady_timer waits for
/// each arrival's due time, another redraws the live view, and SIGINT/SIGTERM stop cleanly.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include "streamlab/replay/live_view.hpp"
#include "streamlab/replay/plane_feed.hpp"
#include "streamlab/replay/replay_run.hpp"
#include "streamlab/replay/web_view.hpp"

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
  /// Serve the live web view here (`--web`); std::nullopt for none.
  std::optional<WebEndpoint> web;
  /// The plane's messages for the web view, filled by the target's observer (needed with `web`).
  PlaneFeed* feed{nullptr};
  /// Called once, when the first page connects: the caller then attaches the observer that fills
  /// `feed`, so that the web view costs next to nothing while nobody watches.
  std::function<void()> on_first_page;
  /// Start the replay only when the first page has connected (it then sees every arrival).
  bool web_wait{false};
  /// How often the web view's pages get the status line and the new messages.
  std::chrono::milliseconds web_every{100};
  /// How long the web view stays up after the end, so that the pages receive the last frames.
  std::chrono::milliseconds web_linger{std::chrono::seconds{1}};
  /// Told the web view's port once it listens (tests bind port 0).
  std::function<void(unsigned short)> on_web_listening;
};

/// Runs `run` to the end (or until Ctrl-C), pacing with steady_timer and drawing `view`.
/// @returns the final status (also written by view.finish()).
ReplayStatus run_paced(ReplayRun& run, LiveView& view, const PacedOptions& options);

}  // namespace streamlab::replay
