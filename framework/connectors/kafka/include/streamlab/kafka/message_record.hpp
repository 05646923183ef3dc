/// @file
/// A consumed Kafka message as a Record: the one conversion every Kafka read goes through.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "streamlab/record.hpp"
#include "streamlab/time.hpp"

namespace streamlab::kafka {

/// One header of a consumed message: a name and its value bytes (none for a null value).
struct KafkaHeaderView {
  std::string_view name;                  ///< Header name.
  std::optional<std::string_view> value;  ///< Value bytes; std::nullopt for a null header value.
};

/// The parts of a consumed Kafka message a Record is made from, without librdkafka's types, so
/// the conversion can be tested (and fuzzed) with any bytes a producer could have written.
struct KafkaMessageView {
  std::optional<std::string_view> key;       ///< Key bytes; std::nullopt for a null key.
  std::optional<std::string_view> value;     ///< Value bytes; std::nullopt for a null value (tombstone).
  std::optional<std::int64_t> timestamp_ms;  ///< The message timestamp; none when the broker has none.
  std::vector<KafkaHeaderView> headers;      ///< Headers in the order the producer added them.
};

/// A consumed message's record timestamp: its own (`timestamp_ms`), or `arrival` when it has none.
[[nodiscard]] Timestamp record_timestamp(std::optional<std::int64_t> timestamp_ms, Timestamp arrival);

/// The Record a consumed message becomes: its key (a null key stays null), its value bytes (a
/// null value becomes empty), its headers (a null header value becomes empty), and its
/// timestamp, or `arrival` when the message has none. The timestamp is taken as it is: a
/// producer may set any 64-bit value, and whether it is a usable event time is decided where
/// event time is read (out-of-range times are dead letters there).
[[nodiscard]] Record to_record(const KafkaMessageView& message, Timestamp arrival);

/// to_record() into an existing `record`, reusing the storage of its strings: a source that
/// hands the runtime one record after another converts without allocating.
void assign_record(Record& record, const KafkaMessageView& message, Timestamp arrival);

}  // namespace streamlab::kafka
