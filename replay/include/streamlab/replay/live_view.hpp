/// @file
/// The terminal view of a running replay: counters, the watermark and a progress bar, redrawn in
/// place with ANSI escapes on a terminal, or as a plain line now and then when output is a file.
#pragma once

#include <ostream>
#include <string>

#include "streamlab/replay/replay_run.hpp"

namespace streamlab::replay {

/// Draws ReplayStatus snapshots.
class LiveView {
 public:
  /// A view writing to `out`; `ansi` redraws in place (a terminal), otherwise plain lines.
  /// `header` names the dataset, scenario and target.
  LiveView(std::ostream& out, bool ansi, std::string header);

  /// Redraws the view (ANSI) or writes one plain progress line.
  void update(const ReplayStatus& status);

  /// Writes the final summary (after clearing the live lines on a terminal).
  void finish(const ReplayStatus& status);

  /// The live lines for `status`, without escapes: counters, watermark, bar, rate and ETA.
  [[nodiscard]] static std::string render(const ReplayStatus& status, int bar_width = 30);

  /// The summary printed at the end, one block of plain text.
  [[nodiscard]] static std::string summary(const ReplayStatus& status);

 private:
  std::ostream& out_;
  bool ansi_;
  std::string header_;
  int drawn_lines_{0};
};

/// Writes a real duration as `1m05s`, `42s` or `0.4s` for the view.
std::string format_real_duration(RealClock::duration d);

}  // namespace streamlab::replay
