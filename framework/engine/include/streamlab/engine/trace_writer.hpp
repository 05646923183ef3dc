/// @file
/// The timeline of `streamlab trace`: records with their windows and fate, watermark moves,
/// processing-time advances and panes, as text for the terminal or one JSON object per line.
#pragma once

#include <cstddef>
#include <ostream>

#include "streamlab/engine/run_observer.hpp"

namespace streamlab {

/// Format of a trace.
enum class TraceFormat {
  Text,  ///< A timeline for the terminal.
  Json,  ///< One JSON object per line, for tools.
};

/// A RunObserver that writes the trace timeline to a stream.
class TraceWriter final : public RunObserver {
 public:
  /// A writer to `out` in `format`; `out` must outlive it.
  TraceWriter(std::ostream& out, TraceFormat format) : out_(out), format_(format) {}

  /// Writes the record's arrival, windows and fate.
  void record(std::int64_t line, const RecordTrace& trace, std::string_view key_json,
              std::string_view late_reason) override;
  /// Writes a watermark move.
  void watermark(Timestamp from, Timestamp to) override;
  /// Writes a processing-time advance.
  void processing_time(Timestamp from, Timestamp to) override;
  /// Writes a partition's watermark, or that it became idle or active again.
  void partition_watermark(std::size_t partition, Timestamp watermark, bool idle) override;
  /// Writes an explicit watermark mark.
  void mark(std::int64_t line, Timestamp mark) override;
  /// Writes a pane.
  void pane(const PaneTrace& pane) override;
  /// Writes a dead letter.
  void dead_letter(std::int64_t line, std::string_view reason) override;
  /// Writes the end of input.
  void end_of_input() override;

 private:
  std::ostream& out_;
  TraceFormat format_;
};

}  // namespace streamlab
