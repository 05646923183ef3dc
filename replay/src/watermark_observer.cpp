#include <algorithm>

#include "streamlab/replay/replay_target.hpp"

namespace streamlab::replay {

void WatermarkObserver::deliver(const sim::Arrival& arrival) {
  const Timestamp t = arrival.record.timestamp;
  // Judged against the watermark as it stood before this record (semantics.md, step 1).
  if (t < progress_.watermark) ++progress_.behind_watermark;
  max_seen_ = std::max(max_seen_, t);
  progress_.watermark = std::max(progress_.watermark, max_seen_ - delay_);
}

void WatermarkObserver::finish(bool stopped) {
  if (!stopped) progress_.watermark = kMaxTimestamp;  // end of a bounded input
}

std::string WatermarkObserver::describe() const {
  return "watermark observer (bounded " + format_duration(delay_) + ")";
}

}  // namespace streamlab::replay
