#include "streamlab/engine/watermark.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "streamlab/engine/window.hpp"

namespace streamlab {

std::string WatermarkStrategy::describe() const {
  std::string text = kind == Kind::Manual ? "manual" : "bounded:" + format_duration(max_out_of_orderness);
  if (idleness) text += " (idleness " + format_duration(*idleness) + ")";
  return text;
}

WatermarkStrategy parse_watermark_strategy(std::string_view text) {
  if (text == "manual") return WatermarkStrategy::manual();
  if (text.starts_with("bounded:")) {
    const std::string_view delay = text.substr(8);
    if (auto d = try_parse_duration(delay)) return WatermarkStrategy::bounded(*d);
    throw std::invalid_argument("invalid watermark delay '" + std::string(delay) +
                                "': expected a duration such as 0s, 500ms, 10m");
  }
  throw std::invalid_argument("unknown watermark strategy '" + std::string(text) +
                              "': expected bounded:DELAY (for example bounded:10m) or manual");
}

WatermarkTracker::WatermarkTracker(WatermarkStrategy strategy, std::size_t partitions,
                                   std::optional<Timestamp> start)
    : strategy_(strategy) {
  const Timestamp begin = start.value_or(Timestamp{});
  state_.partitions.assign(std::max<std::size_t>(partitions, 1),
                           PartitionProgress{false, kMinTimestamp, begin});
  state_.processing_time = begin;
  state_.clock_pending = !start.has_value();
}

void WatermarkTracker::start_clock(Timestamp first_processing_time) {
  state_.clock_pending = false;
  state_.processing_time = first_processing_time;
  for (PartitionProgress& p : state_.partitions) {
    if (!p.seen) p.last_active = first_processing_time;
  }
}

Timestamp WatermarkTracker::on_event_any(PartitionId partition, Timestamp event_time,
                                         Timestamp processing_time) {
  if (state_.clock_pending) start_clock(processing_time);
  if (partition >= state_.partitions.size()) {
    state_.partitions.resize(partition + 1, PartitionProgress{false, kMinTimestamp, state_.processing_time});
  }
  if (processing_time > state_.processing_time) state_.processing_time = processing_time;
  PartitionProgress& p = state_.partitions[partition];
  p.seen = true;
  p.max_seen = std::max(p.max_seen, event_time);
  p.last_active = state_.processing_time;
  recompute();
  return state_.current;
}

Timestamp WatermarkTracker::on_mark(Timestamp mark) {
  state_.current = std::max(state_.current, mark);
  return state_.current;
}

Timestamp WatermarkTracker::on_processing_time(Timestamp now) {
  if (state_.clock_pending) start_clock(now);
  if (now > state_.processing_time) state_.processing_time = now;
  recompute();
  return state_.current;
}

Timestamp WatermarkTracker::on_end_of_input() {
  state_.current = kMaxTimestamp;
  return state_.current;
}

Timestamp WatermarkTracker::partition_watermark(PartitionId partition) const {
  if (partition >= state_.partitions.size()) return kMinTimestamp;
  const PartitionProgress& p = state_.partitions[partition];
  if (strategy_.kind == WatermarkStrategy::Kind::Manual || !p.seen) return kMinTimestamp;
  return saturating_sub(p.max_seen, strategy_.max_out_of_orderness);
}

bool WatermarkTracker::is_idle(PartitionId partition) const {
  if (!strategy_.idleness || partition >= state_.partitions.size()) return false;
  return state_.processing_time - state_.partitions[partition].last_active >= *strategy_.idleness;
}

void WatermarkTracker::recompute() {
  if (strategy_.kind == WatermarkStrategy::Kind::Manual) return;
  bool any_active = false;
  Timestamp min_active = kMaxTimestamp;
  Timestamp max_all = kMinTimestamp;
  for (PartitionId i = 0; i < state_.partitions.size(); ++i) {
    const Timestamp w = partition_watermark(i);
    max_all = std::max(max_all, w);
    if (!is_idle(i)) {
      any_active = true;
      min_active = std::min(min_active, w);
    }
  }
  const Timestamp combined = any_active ? min_active : max_all;
  state_.current = std::max(state_.current, combined);
}

}  // namespace streamlab
