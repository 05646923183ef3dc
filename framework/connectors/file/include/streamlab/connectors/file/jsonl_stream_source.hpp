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

/// How the records of a JSONL input are spread over partitions: by default all on partition 0;
/// with a field, each record names the partition it was produced to (as a producer's log would
/// keep it), so the Runtime keeps one watermark per partition.
struct JsonlPartitioning {
  std::int32_t partitions{1};        ///< Partitions of the input topic.
  std::optional<std::string> field;  ///< Field naming a record's partition.
};

/// Reads JSONL as a topic: each non-blank line that is not a valid control line is a record of
/// partition 0 (or of the partition its partitioning field names; a record whose field is
/// missing or out of range stays on 0 and the topology's decoder, reading the same field,
/// dead-letters it) whose offset is its line number minus one, stamped with the current
/// processing time (the epoch at the start). `{"$watermark": T}` becomes a WatermarkMark,
/// `{"$advance": DUR}` advances processing time and yields a ClockTick (a line with both yields
/// both, mark first). A control line whose value does not parse is delivered as a record, so the
/// topology's decoder sends it to the dead letters with its reason. Control lines are recognised
/// by JsonRecordCodec, the decoder the topology uses.
class JsonlStreamSource final : public Source {
 public:
  /// Reads `in` (which must outlive the source) as the records of `topic`.
  JsonlStreamSource(std::istream& in, std::string topic, JsonlPartitioning partitioning = {});

  /// The next event, or std::nullopt at the end of the stream.
  std::optional<SourceEvent> next(Duration max_wait) override;
  /// The next event written into `event`, reusing the buffer of the record it held.
  bool next_into(Duration max_wait, SourceEvent& event) override;
  /// The partitions, `{topic, 0}` to `{topic, partitions - 1}`.
  [[nodiscard]] std::vector<TopicPartition> partitions() const override;
  /// Physical lines read so far (blank and control lines included).
  [[nodiscard]] std::int64_t lines() const noexcept { return number_; }

 private:
  std::istream& in_;
  TopicPartition partition_;
  std::int32_t partitions_;
  bool partitioned_;  // records are decoded to find their partition
  JsonRecordCodec codec_;
  JsonLine decoded_;
  std::string line_;
  std::int64_t number_{0};
  Timestamp now_{};
  std::optional<SourceEvent> pending_;  // the tick of a line with both control keys
};

}  // namespace streamlab::connectors::file
