#include "streamlab/connectors/file/jsonl_stream_source.hpp"

#include <utility>

#include "streamlab/engine/window.hpp"

namespace streamlab::connectors::file {

JsonlStreamSource::JsonlStreamSource(std::istream& in, std::string topic)
    : in_(in), partition_{std::move(topic), 0}, codec_(JsonRecordSchema{}) {}

std::optional<SourceEvent> JsonlStreamSource::next(Duration) {
  if (pending_) {
    std::optional<SourceEvent> out = std::move(pending_);
    pending_.reset();
    return out;
  }
  while (std::getline(in_, line_)) {
    ++number_;
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    if (line_.find_first_not_of(" \t") == std::string::npos) continue;
    if (JsonRecordCodec::may_be_control(line_)) {
      codec_.decode(line_, decoded_);
      if (decoded_.kind == JsonLine::Kind::Control) {
        std::optional<SourceEvent> tick;
        if (decoded_.advance) {
          const Timestamp from = now_;
          now_ = saturating_add(now_, *decoded_.advance);
          tick = SourceEvent{now_, ClockTick{}};
          if (!decoded_.watermark) return tick;
          pending_ = std::move(tick);
          return SourceEvent{from, WatermarkMark{*decoded_.watermark, number_}};
        }
        return SourceEvent{now_, WatermarkMark{*decoded_.watermark, number_}};
      }
    }
    return SourceEvent{now_, ConsumedRecord{partition_, number_ - 1, Record{std::nullopt, line_, Timestamp{}, {}}}};
  }
  return std::nullopt;
}

std::vector<TopicPartition> JsonlStreamSource::partitions() const { return {partition_}; }

}  // namespace streamlab::connectors::file
