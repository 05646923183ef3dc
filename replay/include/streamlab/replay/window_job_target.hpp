/// @file
/// A replay target that feeds the engine's JSON windowing job (the job behind `streamlab window`)
/// while the replay runs, and reads the job's trace for the live view: the watermark, windows
/// open, panes fired, late events.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <streambuf>
#include <string>
#include <thread>
#include <tuple>

#include "streamlab/engine/jsonl_window_job.hpp"
#include "streamlab/replay/replay_target.hpp"

namespace streamlab::replay {

/// A bounded queue of blocks of lines read as an input stream: the replay writes blocks, the
/// job's reader blocks until one is there or the queue is closed (end of input).
class LinePipe final : public std::streambuf {
 public:
  /// A pipe that holds at most `capacity` blocks before push() waits for the reader.
  explicit LinePipe(std::size_t capacity = 1024) : capacity_(capacity) {}

  /// Appends a block of whole lines, each ending in '\n'.
  void push(std::string lines);
  /// Ends the input: the reader sees end of file once the queued lines are read.
  void close();
  /// The reader is gone (the job failed): later lines are discarded instead of waiting.
  void abandon();

 protected:
  /// Waits for the next block of lines (or the end of input) when the current one is read, as
  /// std::streambuf asks of an input buffer that ran empty.
  int_type underflow() override;

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> lines_;
  std::string current_;
  std::size_t capacity_;
  bool closed_{false};
  bool abandoned_{false};
};

/// The live view's counters, read from the JSON trace of a windowing job one line at a time:
/// the watermark (its `watermark` lines), windows open (windows that events joined and the
/// watermark has not yet closed; merged sessions replace their parts), panes, late events.
class JobTraceProgress {
 public:
  /// Counters for a job whose windows merge (`sessions`) or not.
  explicit JobTraceProgress(bool sessions) : merging_(sessions) {}
  /// Reads one line of the JSON trace (other lines are ignored).
  void on_line(const std::string& line);
  /// The counters so far.
  [[nodiscard]] const TargetProgress& progress() const { return progress_; }

 private:
  bool merging_;
  TargetProgress progress_;
  std::set<std::tuple<Timestamp, Timestamp, std::string>> open_;  // (end, start, key) not closed
  std::map<std::string, std::set<std::pair<Timestamp, Timestamp>>> open_by_key_;  // sessions only
};

/// Runs run_window_job() on a worker thread over the replayed lines: each arrival's JSON line,
/// preceded by `{"$advance": "DUR"}` whenever processing time moves, exactly as
/// sim::write_arrivals_jsonl() writes the same arrival sequence. A `--speed max` replay therefore
/// gives the same panes as `streamlab window` over the exported arrivals.
class WindowJobTarget final : public ReplayTarget {
 public:
  /// Starts the job with `options`; panes go to `results` and dropped events to `late` (either
  /// may be null). The streams must outlive the target.
  WindowJobTarget(WindowJobOptions options, std::ostream* results, std::ostream* late);
  /// Ends the input and waits for the job if finish() was not called.
  ~WindowJobTarget() override;

  WindowJobTarget(const WindowJobTarget&) = delete;
  WindowJobTarget& operator=(const WindowJobTarget&) = delete;

  void advance(Timestamp processing_time) override;
  void deliver(const sim::Arrival& arrival) override;
  /// Hands the lines delivered since the last flush to the job in one block.
  void flush() override;
  /// Ends the job's input (every open window fires, as at the end of a bounded input, also when
  /// interrupted) and waits for the job to finish.
  void finish(bool stopped) override;
  [[nodiscard]] TargetProgress progress() const override;
  [[nodiscard]] std::string describe() const override;

  /// The job's accounting once finish() returned; std::nullopt before.
  [[nodiscard]] std::optional<WindowJobSummary> summary() const;
  /// The job's error message when it failed (for example inconsistent options).
  [[nodiscard]] std::optional<std::string> error() const;

 private:
  class TraceReader;
  void on_trace_line(const std::string& line);

  WindowJobOptions options_;
  std::ostream* results_;
  std::ostream* late_;
  LinePipe pipe_;
  std::unique_ptr<TraceReader> trace_reader_;
  std::unique_ptr<std::ostream> trace_stream_;
  Timestamp processing_time_{};
  std::string pending_;  // lines delivered but not yet handed to the job
  mutable std::mutex mutex_;
  JobTraceProgress trace_progress_;
  std::optional<WindowJobSummary> summary_;
  std::optional<std::string> error_;
  std::thread worker_;
  bool joined_{false};
};

}  // namespace streamlab::replay
