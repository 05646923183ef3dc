/// @file
/// A JoinObserver that records a join run's plane: `streamlab trace --mode ... --format svg|html`
/// runs the same join job as every join trace, with this observer, so the picture shows the
/// engine's own fates, releases and partners.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "streamlab/engine/join_observer.hpp"
#include "streamlab/viz/join_plane.hpp"

namespace streamlab::viz {

/// Records every arrival, row, drop and watermark move of a join run into a JoinPlane.
class JoinPlaneRecorder final : public JoinObserver {
 public:
  /// Words to write next to a record's mark, from its input line (empty: none).
  using Labeller = std::function<std::string(std::string_view record_json)>;

  /// A recorder for a join of `kind`, labelling each record with `labeller` when given.
  explicit JoinPlaneRecorder(JoinPlaneKind kind, Labeller labeller = {}) : labeller_(std::move(labeller)) {
    plane_.kind = kind;
  }

  /// Adds the record as the next arrival row.
  void join_arrival(const JoinArrivalTrace& arrival) override;
  /// Notes whether the join kept it.
  void join_hold(const JoinHoldTrace& hold) override;
  /// Marks the row's records matched (or unmatched, emitted alone) and links a pair.
  void join_row(const JoinRowTrace& row) override;
  /// Marks the record unmatched or late.
  void join_drop(const JoinDropTrace& drop) override;
  /// Adds a watermark step after the current row.
  void join_watermark(Timestamp from, Timestamp to) override;
  /// Marks the end of input: what happens from now on sits one row after the last arrival.
  void join_end() override;
  /// Adds the bad line as the next arrival row, a dead letter.
  void dead_letter(std::int64_t line, std::string_view reason) override;

  /// The plane recorded so far.
  [[nodiscard]] const JoinPlane& plane() const { return plane_; }

 private:
  [[nodiscard]] std::int64_t now_row() const { return plane_.ended ? plane_.rows + 1 : plane_.rows; }
  JoinPlaneRecord* find(std::int64_t arrival);
  void settle(JoinPlaneRecord& r, JoinMarkFate fate);

  Labeller labeller_;
  JoinPlane plane_;
  std::map<std::int64_t, std::size_t> by_arrival_;
  std::int64_t current_{0};
};

}  // namespace streamlab::viz
