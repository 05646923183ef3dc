/// @file
/// The framework-facing output of the simulator: a streamlab::Sink that appends to the log.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "streamlab/io/sink.hpp"
#include "streamlab/sim/log.hpp"
#include "streamlab/sim/virtual_clock.hpp"

namespace streamlab::sim {

/// Appends each written record to a topic of the log at the clock's current processing time,
/// partitioned by key with Kafka's default partitioner. A topic that does not exist yet is
/// created with `partitions_for_new_topics` partitions (Kafka's auto-creation, num.partitions).
class SimulatorSink : public Sink {
 public:
  /// A sink into `log` stamped by `clock`; both must outlive the sink.
  /// @throws std::invalid_argument when `partitions_for_new_topics` is not positive.
  SimulatorSink(Log& log, const VirtualClock& clock, std::int32_t partitions_for_new_topics = 1);

  /// Appends `record` to `topic` at clock.now(); never buffers.
  void write(std::string_view topic, const Record& record) override;

  /// Records written so far.
  [[nodiscard]] std::size_t written() const noexcept { return written_; }

 private:
  Log* log_;
  const VirtualClock* clock_;
  std::int32_t partitions_for_new_topics_;
  std::size_t written_{0};
};

}  // namespace streamlab::sim
