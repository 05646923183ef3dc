/// @file
/// A replay target that runs the JSON windowing job (the topology behind `streamlab window`) on
/// the Runtime in-process while the replay runs: each arrival is handed to the Runtime as it is
/// delivered, and the live view reads the Runtime's Accounting and watermark.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "streamlab/connectors/file/json_window_job.hpp"
#include "streamlab/io/queue_source.hpp"
#include "streamlab/replay/replay_target.hpp"
#include "streamlab/runtime/runtime.hpp"

namespace streamlab::replay {

/// Runs the windowing job over the replayed arrivals: each arrival's JSON line is a record, and
/// processing time advances with the arrivals exactly as the `{"$advance": "DUR"}` lines
/// sim::write_arrivals_jsonl() writes. A `--speed max` replay therefore gives the same panes as
/// `streamlab window` over the exported arrivals.
class WindowJobTarget final : public ReplayTarget {
 public:
  /// A job with `options`; panes go to `results` and dropped events to `late` (either may be
  /// null); `observer`, when given, receives the Runtime's trace. The streams and the observer
  /// must outlive the target.
  /// @throws std::invalid_argument when the options are inconsistent.
  WindowJobTarget(const WindowJobOptions& options, std::ostream* results, std::ostream* late,
                  RunObserver* observer = nullptr);

  WindowJobTarget(const WindowJobTarget&) = delete;
  WindowJobTarget& operator=(const WindowJobTarget&) = delete;

  void advance(Timestamp processing_time) override;
  void deliver(const sim::Arrival& arrival) override;
  /// Has the Runtime handle what was delivered since the last flush.
  void flush() override;
  /// Ends the job's input (every open window fires, as at the end of a bounded input, also when
  /// interrupted).
  void finish(bool stopped) override;
  /// The Runtime's watermark, open windows and counts.
  [[nodiscard]] TargetProgress progress() const override;
  [[nodiscard]] std::string describe() const override;
  /// Replaces the observer of the Runtime's trace (nullptr: none) from the next arrival on.
  void set_observer(RunObserver* observer) { runtime_.set_observer(observer); }

  /// The job's accounting once finish() returned; std::nullopt before.
  [[nodiscard]] std::optional<Accounting> summary() const;
  /// The job's error message when it failed; later arrivals are then discarded.
  [[nodiscard]] std::optional<std::string> error() const { return error_; }

 private:
  template <class F>
  void guarded(F&& f);

  WindowJobOptions options_;
  Topology topology_;
  QueueSource source_;
  WindowJobSink sink_;
  Runtime runtime_;
  Timestamp processing_time_{};
  std::int64_t offset_{0};
  bool finished_{false};
  std::optional<std::string> error_;
};

}  // namespace streamlab::replay
