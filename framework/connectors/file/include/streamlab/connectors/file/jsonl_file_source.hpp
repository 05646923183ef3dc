/// @file
/// A Source that replays a JSONL file as a one-partition topic, with the semantics document's
/// control lines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "streamlab/io/source.hpp"

namespace streamlab::connectors::file {

/// How a JSONL file is read.
struct JsonlFileSourceOptions {
  std::string topic;                     ///< The topic name the records appear under (partition 0).
  std::optional<std::string> key_field;  ///< A value field whose text becomes the record key.
  /// Processing time of the first line; each `{"$advance": "30s"}` line moves it forward.
  Timestamp start{};
};

/// Replays a JSONL file: each non-blank line is a record of partition 0 whose offset is its
/// line number minus one (so a dead letter names the line), stamped with the current processing
/// time. Control lines: `{"$watermark": T}` (milliseconds or ISO-8601) becomes a WatermarkMark,
/// `{"$advance": "30s"}` advances processing time and yields a ClockTick; each only when it is
/// the object's only key (control_line_kind()). Bad control lines, and objects mixing a control
/// key with other fields (kAmbiguousControlLine), are reported with InputError naming the file
/// and line: this source has no dead-letter output of its own, and such a line must not pass as
/// a record.
class JsonlFileSource final : public Source {
 public:
  /// Reads all of `path` now.
  /// @throws InputError naming the file when it is a directory or cannot be read, or naming the
  ///         line when a control line is malformed or ambiguous.
  JsonlFileSource(const std::string& path, JsonlFileSourceOptions options);

  /// The next line's event, or std::nullopt at the end of the file.
  std::optional<SourceEvent> next(Duration max_wait) override;
  /// The one partition, `{topic, 0}`.
  [[nodiscard]] std::vector<TopicPartition> partitions() const override;
  /// Remembers the committed offset (a file has no consumer group).
  void commit(const TopicPartition& partition, std::int64_t offset) override;
  /// The last offset committed, or -1.
  [[nodiscard]] std::int64_t committed() const noexcept { return committed_; }

 private:
  std::vector<SourceEvent> events_;
  std::size_t pos_{0};
  JsonlFileSourceOptions options_;
  std::int64_t committed_{-1};
};

}  // namespace streamlab::connectors::file
