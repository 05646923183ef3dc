/// @file
/// The unit of data in a log: a keyed, timestamped record, and where it sits in a topic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamlab/time.hpp"

namespace streamlab {

/// One record header, as Kafka carries them: a name and opaque bytes.
struct Header {
  std::string name;   ///< Header name.
  std::string value;  ///< Header value bytes.
  /// Field-by-field equality.
  friend bool operator==(const Header&, const Header&) = default;
};

/// A record as a log stores it: optional key bytes, value bytes, a timestamp and headers.
/// The timestamp is the log's record timestamp; a topology may take event time from a value
/// field instead.
struct Record {
  std::optional<std::string> key;  ///< Key bytes; std::nullopt is a null key.
  std::string value;               ///< Value bytes (for example one JSON object).
  Timestamp timestamp{};           ///< The record timestamp, milliseconds since the epoch.
  std::vector<Header> headers;     ///< Headers in the order they were added.

  /// The first header called `name`, or nullptr when there is none.
  [[nodiscard]] const Header* header(std::string_view name) const {
    for (const auto& h : headers) {
      if (h.name == name) return &h;
    }
    return nullptr;
  }

  /// Field-by-field equality.
  friend bool operator==(const Record&, const Record&) = default;
};

/// A partition of a topic: the unit of ordering, of parallelism and of watermark tracking.
struct TopicPartition {
  std::string topic;          ///< Topic name.
  std::int32_t partition{0};  ///< Partition number, from 0.
  /// Orders by topic, then partition.
  friend auto operator<=>(const TopicPartition&, const TopicPartition&) = default;
};

/// A record together with its position in the log: topic, partition and offset.
struct ConsumedRecord {
  TopicPartition source;   ///< Topic and partition the record was read from.
  std::int64_t offset{0};  ///< Offset of the record within its partition.
  Record record;           ///< The record itself.
  /// Field-by-field equality.
  friend bool operator==(const ConsumedRecord&, const ConsumedRecord&) = default;
};

}  // namespace streamlab
