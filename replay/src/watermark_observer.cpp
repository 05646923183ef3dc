#include "streamlab/replay/replay_target.hpp"

namespace streamlab::replay {

WatermarkObserver::WatermarkObserver(Duration delay, std::size_t partitions)
    : delay_(delay), tracker_(WatermarkStrategy::bounded(delay), partitions, Timestamp{}) {}

void WatermarkObserver::deliver(const sim::Arrival& arrival) {
  const Timestamp t = arrival.record.timestamp;
  // Judged against the watermark as it stood before this record (semantics.md, step 1).
  if (t < progress_.watermark) ++progress_.behind_watermark;
  const auto partition =
      tracker_.partition_count() == 1 ? PartitionId{0} : static_cast<PartitionId>(arrival.partition);
  progress_.watermark = tracker_.on_event(partition, t, arrival.processing_time);
}

void WatermarkObserver::finish(bool stopped) {
  if (!stopped) progress_.watermark = tracker_.on_end_of_input();  // end of a bounded input
}

std::string WatermarkObserver::describe() const {
  return "watermark observer (bounded " + format_duration(delay_) + ")";
}

}  // namespace streamlab::replay
