#include "streamlab/sim/simulator_sink.hpp"

#include <stdexcept>
#include <string>

namespace streamlab::sim {

SimulatorSink::SimulatorSink(Log& log, const VirtualClock& clock, std::int32_t partitions_for_new_topics)
    : log_(&log), clock_(&clock), partitions_for_new_topics_(partitions_for_new_topics) {
  if (partitions_for_new_topics <= 0)
    throw std::invalid_argument("new topics need a positive number of partitions");
}

void SimulatorSink::write(std::string_view topic, const Record& record) {
  if (!log_->has_topic(topic)) log_->create_topic(std::string(topic), partitions_for_new_topics_);
  log_->append(topic, record, clock_->now());
  ++written_;
}

}  // namespace streamlab::sim
