#include "streamlab/viz/join_plane_recorder.hpp"

#include <string>

namespace streamlab::viz {

JoinPlaneRecord* JoinPlaneRecorder::find(std::int64_t arrival) {
  const auto it = by_arrival_.find(arrival);
  return it == by_arrival_.end() ? nullptr : &plane_.records[it->second];
}

void JoinPlaneRecorder::settle(JoinPlaneRecord& r, JoinMarkFate fate) {
  if (r.fate != JoinMarkFate::Matched) r.fate = fate;
  // Decided after the call that brought it: the picture draws how long it was held.
  if (r.arrival != current_ && r.settled_row == 0) r.settled_row = now_row();
}

void JoinPlaneRecorder::join_arrival(const JoinArrivalTrace& a) {
  JoinPlaneRecord r;
  r.row = ++plane_.rows;
  r.arrival = a.arrival;
  r.line = a.line;
  r.side = a.side;
  r.key_json = std::string(a.key_json);
  r.event_time = a.event_time;
  if (labeller_) r.label = labeller_(a.record_json);
  by_arrival_[a.arrival] = plane_.records.size();
  plane_.records.push_back(std::move(r));
  current_ = a.arrival;
}

void JoinPlaneRecorder::join_hold(const JoinHoldTrace& h) {
  if (auto* r = find(h.arrival)) r->held = h.held;
  current_ = 0;
}

void JoinPlaneRecorder::join_row(const JoinRowTrace& row) {
  auto* left = row.left_arrival > 0 ? find(row.left_arrival) : nullptr;
  auto* right = row.right_arrival > 0 ? find(row.right_arrival) : nullptr;
  if (left != nullptr && right != nullptr) {
    plane_.links.push_back(JoinPlaneLink{row.left_arrival, row.right_arrival, now_row()});
    // A stream-table row releases the left record; a pair of a stream-stream join frees neither.
    if (plane_.kind != JoinPlaneKind::Window) settle(*left, JoinMarkFate::Matched);
    left->fate = JoinMarkFate::Matched;
    right->fate = JoinMarkFate::Matched;
    return;
  }
  if (left != nullptr) settle(*left, JoinMarkFate::Unmatched);
  if (right != nullptr) settle(*right, JoinMarkFate::Unmatched);
}

void JoinPlaneRecorder::join_drop(const JoinDropTrace& d) {
  auto* r = find(d.arrival);
  if (r == nullptr) return;
  settle(*r, d.fate == JoinFate::Late ? JoinMarkFate::Late : JoinMarkFate::Unmatched);
  r->reason = std::string(d.reason);
}

void JoinPlaneRecorder::join_watermark(Timestamp /*from*/, Timestamp to) {
  plane_.watermarks.push_back(JoinPlaneWatermark{now_row(), to});
}

void JoinPlaneRecorder::join_end() { plane_.ended = true; }

void JoinPlaneRecorder::dead_letter(std::int64_t line, std::string_view reason) {
  JoinPlaneRecord r;
  r.row = ++plane_.rows;
  r.line = line;
  r.fate = JoinMarkFate::DeadLetter;
  r.reason = std::string(reason);
  plane_.records.push_back(std::move(r));
}

}  // namespace streamlab::viz
