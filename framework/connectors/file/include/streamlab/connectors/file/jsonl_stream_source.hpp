/// @file
/// A Source that reads JSONL from a stream one line at a time (memory stays flat however long
/// the input), with the semantics document's control lines.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "streamlab/engine/json_record_codec.hpp"
#include "streamlab/io/source.hpp"

namespace streamlab::connectors::file {

/// Reads JSONL as a one-partition topic: each non-blank line that is not a valid control line is
/// a record of partition 0 whose offset is its line number minus one, stamped with the current
/// processing time (the epoch at the start). `{"$watermark": T}` becomes a WatermarkMark,
/// `{"$advance": DUR}` advances processing time and yields a ClockTick (a line with both yields
/// both, mark first). A control line whose value does not parse is delivered as a record, so the
/// topology's decoder sends it to the dead letters with its reason. Control lines are recognised
/// by JsonRecordCodec, the decoder the topology uses.
class JsonlStreamSource final : public Source {
 public:
  /// Reads `in` (which must outlive the source) as the records of `topic`.
  JsonlStreamSource(std::istream& in, std::string topic);

  /// The next event, or std::nullopt at the end of the stream.
  std::optional<SourceEvent> next(Duration max_wait) override;
  /// The next event written into `event`, reusing the buffer of the record it held.
  bool next_into(Duration max_wait, SourceEvent& event) override;
  /// The one partition, `{topic, 0}`.
  [[nodiscard]] std::vector<TopicPartition> partitions() const override;
  /// Physical lines read so far (blank and control lines included).
  [[nodiscard]] std::int64_t lines() const noexcept { return number_; }

 private:
  std::istream& in_;
  TopicPartition partition_;
  JsonRecordCodec codec_;
  JsonLine decoded_;
  std::string line_;
  std::int64_t number_{0};
  Timestamp now_{};
  std::optional<SourceEvent> pending_;  // the tick of a line with both control keys
};

}  // namespace streamlab::connectors::file
