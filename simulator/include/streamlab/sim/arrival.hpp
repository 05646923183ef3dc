/// @file
/// The arrival sequence: a dataset's events as they reach the log under a scenario.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "streamlab/record.hpp"
#include "streamlab/time.hpp"

namespace streamlab::sim {

/// One delivery of an event into the log.
struct Arrival {
  /// Virtual processing time of the arrival, from the start of the replay (the epoch).
  Timestamp processing_time{};
  std::int32_t partition{0};  ///< Partition the event lands on.
  std::size_t index{0};       ///< Position of the event in the dataset.
  std::int32_t copy{0};       ///< 0 for the original delivery, 1 for the duplicate.
  bool duplicate{false};      ///< True for the duplicate copy.
  bool late_injected{false};  ///< True when the scenario held this event back beyond the watermark.
  /// The random delay drawn for the event (the late delay for a late-injected one), before skew,
  /// the duplicate's delay and idle or burst holds.
  Duration drawn_delay{0};
  /// Total lag: processing_time minus the event's offset from the first event time.
  Duration delay{0};
  Record record;  ///< The original record (value = the original JSON line).
};

/// Counts over an arrival sequence; every event is accounted for.
struct ArrivalStats {
  std::size_t events{0};         ///< Events in the dataset.
  std::size_t arrivals{0};       ///< Arrivals: events + duplicates.
  std::size_t duplicates{0};     ///< Duplicate copies injected.
  std::size_t late_injected{0};  ///< Events held back beyond the watermark.
  std::size_t held_by_idle{0};   ///< Arrivals held back by an idle partition.
  std::size_t held_by_burst{0};  ///< Arrivals held back into a burst.
};

/// A dataset's arrivals in delivery order: by processing time, ties by dataset index, then by
/// copy number.
struct ArrivalSequence {
  std::vector<Arrival> arrivals;  ///< The deliveries, in order.
  ArrivalStats stats;             ///< Counts.
  std::int32_t partitions{1};     ///< Partition count of the target topic.
  Timestamp first_event_time{};   ///< Earliest event time: processing time 0 corresponds to it.
  Duration watermark_delay{0};    ///< The scenario's watermark delay, for `$watermark` lines.
  std::uint64_t seed{0};          ///< The seed actually used.
};

}  // namespace streamlab::sim
