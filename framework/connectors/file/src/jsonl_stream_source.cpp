#include "streamlab/connectors/file/jsonl_stream_source.hpp"

#include <stdexcept>
#include <utility>
#include <variant>

#include "streamlab/engine/window.hpp"
#include "streamlab/text_input.hpp"

namespace streamlab::connectors::file {

namespace {

std::optional<JsonPartitionField> partition_field(const JsonlPartitioning& p) {
  if (p.partitions < 1) throw std::invalid_argument("an input needs at least one partition");
  if (!p.field) return std::nullopt;
  return JsonPartitionField{*p.field, p.partitions};
}

}  // namespace

JsonlStreamSource::JsonlStreamSource(std::istream& in, std::string topic, JsonlPartitioning partitioning)
    : in_(in),
      partition_{std::move(topic), 0},
      partitions_(partitioning.partitions),
      partitioned_(partitioning.field.has_value()),
      codec_(JsonRecordSchema{}, partition_field(partitioning)) {}

std::optional<SourceEvent> JsonlStreamSource::next(Duration max_wait) {
  SourceEvent event;
  if (!next_into(max_wait, event)) return std::nullopt;
  return event;
}

bool JsonlStreamSource::next_into(Duration, SourceEvent& event) {
  if (pending_) {
    event = std::move(*pending_);
    pending_.reset();
    return true;
  }
  while (std::getline(in_, line_)) {
    ++number_;
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    if (number_ == 1) skip_byte_order_mark(line_);
    if (line_.find_first_not_of(" \t") == std::string::npos) continue;
    if (JsonRecordCodec::may_be_control(line_)) {
      codec_.decode(line_, decoded_);
      if (decoded_.kind == JsonLine::Kind::Control) {
        if (decoded_.advance) {
          const Timestamp from = now_;
          now_ = saturating_add(now_, *decoded_.advance);
          SourceEvent tick{now_, ClockTick{}};
          if (!decoded_.watermark) {
            event = std::move(tick);
            return true;
          }
          pending_ = std::move(tick);
          event = SourceEvent{from, WatermarkMark{*decoded_.watermark, number_}};
          return true;
        }
        event = SourceEvent{now_, WatermarkMark{*decoded_.watermark, number_}};
        return true;
      }
    }
    // The line moves into the event and the previous record's buffer becomes the next line's,
    // so reading allocates only while the buffers grow.
    if (line_.capacity() < line_.size() + JsonRecordCodec::kPadding)
      line_.reserve(line_.size() + JsonRecordCodec::kPadding);
    partition_.partition = 0;
    if (partitioned_) {
      codec_.decode(line_, decoded_);
      if (decoded_.kind == JsonLine::Kind::Record) partition_.partition = decoded_.partition;
    }
    auto* consumed = std::get_if<ConsumedRecord>(&event.payload);
    if (consumed == nullptr) consumed = &event.payload.emplace<ConsumedRecord>();
    event.processing_time = now_;
    if (consumed->source != partition_) consumed->source = partition_;
    consumed->offset = number_ - 1;
    Record& record = consumed->record;
    record.key.reset();
    record.value.swap(line_);
    record.timestamp = Timestamp{};
    record.headers.clear();
    return true;
  }
  check_read_to_end(in_, partition_.topic, number_);
  return false;
}

std::vector<TopicPartition> JsonlStreamSource::partitions() const {
  std::vector<TopicPartition> all;
  for (std::int32_t p = 0; p < partitions_; ++p) all.push_back(TopicPartition{partition_.topic, p});
  return all;
}

}  // namespace streamlab::connectors::file
