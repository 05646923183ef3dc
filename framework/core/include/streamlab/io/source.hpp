/// @file
/// The interface every input of a topology implements: the simulator's log, Kafka, a file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "streamlab/record.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// A control line of a replayed input (Beam's TestStream): raise the watermark to `watermark`.
/// Under the `manual` watermark strategy only these marks move the watermark.
struct WatermarkMark {
  Timestamp watermark;   ///< The new watermark; a mark below the current one changes nothing.
  std::int64_t line{0};  ///< 1-based position of the mark in its input (a JSONL line), 0 unknown.
  /// Field-by-field equality.
  friend bool operator==(const WatermarkMark&, const WatermarkMark&) = default;
};

/// The source's partition assignment changed (a Kafka rebalance, or the simulator's start).
struct AssignmentChange {
  std::vector<TopicPartition> assigned;  ///< Partitions this instance now reads.
  std::vector<TopicPartition> revoked;   ///< Partitions this instance no longer reads.
  /// Field-by-field equality.
  friend bool operator==(const AssignmentChange&, const AssignmentChange&) = default;
};

/// Nothing arrived, but processing time has moved on to SourceEvent::processing_time.
/// Lets the runtime fire processing-time timers and detect idle partitions.
struct ClockTick {
  /// Field-by-field equality.
  friend bool operator==(const ClockTick&, const ClockTick&) = default;
};

/// In a scale-out run, the input record at `offset` of `partition` was processed by the instance
/// that owns the partition, and every record it sent through the repartition topics this
/// instance reads has been delivered before this event. Carries that record's event time, so
/// every instance's watermark moves with every input partition, in one global order, as Flink
/// carries watermarks through a shuffle to every downstream channel.
struct InputProgress {
  TopicPartition partition;             ///< The input partition.
  std::int64_t offset{0};               ///< The record's offset in it.
  std::optional<Timestamp> event_time;  ///< Its event time; none for a dead letter or a table.
  /// Field-by-field equality.
  friend bool operator==(const InputProgress&, const InputProgress&) = default;
};

/// An input record the source could not hand over as data, with why: the runtime counts it as
/// read and sends it to the dead letters, so a line that looks wrong is never silently dropped.
/// The JSONL file source delivers one for a line that mixes `$watermark` or `$advance` with
/// other fields (an ambiguous control line): it is neither a control line nor a record.
struct MalformedRecord {
  ConsumedRecord record;  ///< The input record as read, with its position.
  std::string reason;     ///< Why it is not a record, for the dead letter.
  /// Field-by-field equality.
  friend bool operator==(const MalformedRecord&, const MalformedRecord&) = default;
};

/// One thing a source delivers, in arrival order, stamped with the processing time it arrived at.
struct SourceEvent {
  /// Processing time of the arrival: the simulator's virtual clock, or the wall clock in Kafka mode.
  Timestamp processing_time{};
  /// What arrived.
  std::variant<ConsumedRecord, WatermarkMark, AssignmentChange, ClockTick, InputProgress, MalformedRecord>
      payload;
  /// Field-by-field equality.
  friend bool operator==(const SourceEvent&, const SourceEvent&) = default;
};

/// An input of a topology. The runtime pulls events one at a time so that a run on the simulator
/// is a deterministic function of what the source delivers.
class Source {
 public:
  virtual ~Source() = default;

  /// The next event, or std::nullopt when a bounded input is exhausted (the watermark then jumps
  /// to +infinity). A live source waits at most `max_wait` and returns a ClockTick if nothing came.
  virtual std::optional<SourceEvent> next(Duration max_wait) = 0;

  /// The next event like next(), written into `event`; false (and `event` unspecified) when a
  /// bounded input is exhausted. `event` holds what the previous call delivered, so a source may
  /// reuse its buffers (a record value's capacity) instead of allocating for every event; the
  /// default moves next()'s event in.
  virtual bool next_into(Duration max_wait, SourceEvent& event) {
    std::optional<SourceEvent> e = next(max_wait);
    if (!e) return false;
    event = std::move(*e);
    return true;
  }

  /// The partitions currently read; the runtime keeps one watermark for each.
  [[nodiscard]] virtual std::vector<TopicPartition> partitions() const = 0;

  /// Every record up to and including `offset` in `partition` is reflected in delivered results,
  /// so its position may be committed (at-least-once). The default does nothing.
  virtual void commit(const TopicPartition& partition, std::int64_t offset) {
    (void)partition;
    (void)offset;
  }

  /// The runtime finished processing the input record at `offset` of `partition`, whose event
  /// time was `event_time` (none when it went to the dead letters). Only a scale-out run asks for
  /// it (RuntimeOptions::scale_out): its source tells the other instances. The default does nothing.
  virtual void processed(const TopicPartition& partition, std::int64_t offset,
                         std::optional<Timestamp> event_time) {
    (void)partition;
    (void)offset;
    (void)event_time;
  }

  /// Whether output belonging to `channel` must not be written now: in a scale-out run, a
  /// restarted instance rebuilds its state by processing again what the channel's previous owner
  /// already processed, and that owner already delivered the output. `channel` is the repartition
  /// partition of the key a result belongs to, or the input partition of the record being
  /// processed for anything it writes directly. The default (every source but a scale-out one)
  /// never suppresses.
  [[nodiscard]] virtual bool suppress_output(const TopicPartition& channel) const {
    (void)channel;
    return false;
  }
};

}  // namespace streamlab
