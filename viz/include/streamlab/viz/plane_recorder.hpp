/// @file
/// A RunObserver that records a run's plane: `streamlab trace --format svg|html` runs the same job
/// as every trace, with this observer in place of the text timeline, so the picture shows the
/// engine's own fates and panes.
#pragma once

#include <cstdint>
#include <string_view>

#include "streamlab/engine/run_observer.hpp"
#include "streamlab/viz/plane.hpp"

namespace streamlab::viz {

/// Records every arrival, watermark move, processing-time advance and pane of a run into a Plane.
class PlaneRecorder final : public RunObserver {
 public:
  /// Adds the record as the next arrival row, with its engine-given fate.
  void record(std::int64_t line, const RecordTrace& trace, std::string_view key_json,
              std::string_view late_reason) override;
  /// Adds a watermark step after the current row.
  void watermark(Timestamp from, Timestamp to) override;
  /// Adds a partition's watermark or idleness change after the current row.
  void partition_watermark(std::size_t partition, Timestamp watermark, bool idle) override;
  /// Adds a processing-time advance after the current row.
  void processing_time(Timestamp from, Timestamp to) override;
  /// Adds the pane after the current row.
  void pane(const PaneTrace& pane) override;
  /// Adds the bad line as the next arrival row, a dead letter.
  void dead_letter(std::int64_t line, std::string_view reason) override;
  /// Marks the end of input: what fires from now on sits one row after the last arrival.
  void end_of_input() override;

  /// The plane recorded so far.
  [[nodiscard]] const Plane& plane() const { return plane_; }

 private:
  Plane plane_;
  Timestamp processing_time_{};
  Timestamp watermark_{kMinTimestamp};
};

}  // namespace streamlab::viz
