/// @file
/// The time parameters of the joins that handle time: JoinWindows (stream-stream), JoinGrace
/// (temporal stream-table) and Versioned (a table that keeps its versions by event time).
#pragma once

#include <stdexcept>

#include "streamlab/time.hpp"

namespace streamlab {

/// The window of a stream-stream join (Kafka Streams' JoinWindows): records of the two streams
/// pair when their event times are at most the time difference apart; the grace keeps accepting
/// records that far behind the watermark (docs/semantics.md, "Joins").
class JoinWindows {
 public:
  /// Pairs with `|t_left - t_right| <= difference`, records accepted `grace` behind the watermark.
  /// @throws std::invalid_argument for a negative difference or grace.
  static JoinWindows ofTimeDifferenceAndGrace(Duration difference, Duration grace) {
    if (difference < Duration{0} || grace < Duration{0})
      throw std::invalid_argument("JoinWindows: the time difference and the grace must not be negative");
    return JoinWindows{difference, grace};
  }
  /// Pairs with `|t_left - t_right| <= difference`, no grace.
  static JoinWindows ofTimeDifferenceWithNoGrace(Duration difference) {
    return ofTimeDifferenceAndGrace(difference, Duration{0});
  }
  /// The largest time difference of a pair.
  [[nodiscard]] Duration time_difference() const { return difference_; }
  /// How far behind the watermark a record is still accepted.
  [[nodiscard]] Duration grace_period() const { return grace_; }

 private:
  JoinWindows(Duration difference, Duration grace) : difference_(difference), grace_(grace) {}
  Duration difference_;
  Duration grace_;
};

/// How long a stream record may wait for a temporal join (Kafka Streams' `Joined.withGracePeriod`):
/// it is released when the watermark passes its time, or at the latest when the stream has
/// seen an event time `grace` past it. Zero joins on arrival with the versions known then.
struct JoinGrace {
  Duration grace{0};  ///< The longest wait, on the stream's own event-time clock.
};

/// Makes StreamsBuilder::table() keep each key's versions by event time (Kafka Streams'
/// versioned state stores): versions valid within `history_retention` behind the watermark are
/// kept, and a temporal join looks up the version valid at a record's event time.
struct Versioned {
  Duration history_retention{0};  ///< How far behind the watermark versions are kept.
};

}  // namespace streamlab
