/// @file
/// One entry of a partition of the simulator's log: a record or a watermark control mark.
#pragma once

#include <cstdint>

#include "streamlab/record.hpp"
#include "streamlab/time.hpp"

namespace streamlab::sim {

/// What a log entry holds.
enum class EntryKind {
  Record,     ///< A data record; the only kind ordinary readers see.
  Watermark,  ///< A control mark `{"$watermark": T}` kept for replay (Beam's TestStream).
};

/// One entry of a partition. Like Kafka's transaction markers, a control entry takes an offset,
/// so offsets stay dense, and readers of records skip it by its kind.
struct LogEntry {
  std::int64_t offset{0};    ///< Dense offset within the partition, from 0.
  std::int64_t sequence{0};  ///< Log-wide append sequence: the global order of appends.
  /// Virtual processing time of the append (Kafka's LogAppendTime); never decreases within a
  /// partition.
  Timestamp append_time{};
  EntryKind kind{EntryKind::Record};  ///< Record or control mark.
  Record record;                      ///< The record (EntryKind::Record only).
  Timestamp watermark{};              ///< The watermark the mark raises to (EntryKind::Watermark only).

  /// True for a control entry, which ordinary record readers skip.
  [[nodiscard]] bool is_control() const noexcept { return kind != EntryKind::Record; }
};

}  // namespace streamlab::sim
