#include "streamlab/replay/replay_target.hpp"

namespace streamlab::replay {

WatermarkObserver::WatermarkObserver(Duration delay)
    : delay_(delay), tracker_(WatermarkStrategy::bounded(delay), 1, Timestamp{}) {}

void WatermarkObserver::deliver(const sim::Arrival& arrival) {
  const Timestamp t = arrival.record.timestamp;
  // Judged against the watermark as it stood before this record (semantics.md, step 1).
  if (t < progress_.watermark) ++progress_.behind_watermark;
  progress_.watermark = tracker_.on_event(0, t, arrival.processing_time);
}

void WatermarkObserver::finish(bool stopped) {
  if (!stopped) progress_.watermark = tracker_.on_end_of_input();  // end of a bounded input
}

std::string WatermarkObserver::describe() const {
  return "watermark observer (bounded " + format_duration(delay_) + ")";
}

}  // namespace streamlab::replay
