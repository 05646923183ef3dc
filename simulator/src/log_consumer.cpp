#include "streamlab/sim/log_consumer.hpp"

#include <stdexcept>
#include <tuple>

namespace streamlab::sim {

LogConsumer::LogConsumer(const Log& log, std::vector<TopicPartition> assignment)
    : log_(&log), assignment_(std::move(assignment)), positions_(assignment_.size(), 0) {
  for (const auto& tp : assignment_) (void)log_->end_offset(tp);  // throws for a missing one
}

namespace {
std::size_t index_of(const std::vector<TopicPartition>& assignment, const TopicPartition& tp) {
  for (std::size_t i = 0; i < assignment.size(); ++i)
    if (assignment[i] == tp) return i;
  throw std::out_of_range("partition " + tp.topic + "-" + std::to_string(tp.partition) +
                          " is not assigned to this consumer");
}
}  // namespace

std::int64_t LogConsumer::position(const TopicPartition& partition) const {
  return positions_[index_of(assignment_, partition)];
}

void LogConsumer::seek(const TopicPartition& partition, std::int64_t offset) {
  const std::size_t i = index_of(assignment_, partition);
  const std::int64_t end = log_->end_offset(partition);
  if (offset < 0 || offset > end)
    throw std::out_of_range("cannot seek " + partition.topic + "-" + std::to_string(partition.partition) +
                            " to offset " + std::to_string(offset) + ": outside [0, " + std::to_string(end) +
                            "]");
  positions_[i] = offset;
}

void LogConsumer::seek_to_beginning() {
  for (auto& p : positions_) p = 0;
}

void LogConsumer::seek_to_timestamp(Timestamp t) {
  for (std::size_t i = 0; i < assignment_.size(); ++i) {
    const auto offset = log_->offset_for_timestamp(assignment_[i], t);
    positions_[i] = offset ? *offset : log_->end_offset(assignment_[i]);
  }
}

void LogConsumer::seek_to_committed(std::string_view group) {
  for (std::size_t i = 0; i < assignment_.size(); ++i)
    positions_[i] = log_->committed(group, assignment_[i]).value_or(0);
}

std::optional<std::size_t> LogConsumer::next_index() const {
  std::optional<std::size_t> best;
  const LogEntry* best_entry = nullptr;
  for (std::size_t i = 0; i < assignment_.size(); ++i) {
    const auto entries = log_->entries(assignment_[i]);
    const auto pos = static_cast<std::size_t>(positions_[i]);
    if (pos >= entries.size()) continue;
    const LogEntry& e = entries[pos];
    if (best_entry == nullptr ||
        std::tie(e.append_time, e.sequence, assignment_[i]) <
            std::tie(best_entry->append_time, best_entry->sequence, assignment_[*best])) {
      best = i;
      best_entry = &e;
    }
  }
  return best;
}

std::optional<PolledEntry> LogConsumer::peek() const {
  const auto i = next_index();
  if (!i) return std::nullopt;
  return PolledEntry{assignment_[*i],
                     log_->entries(assignment_[*i])[static_cast<std::size_t>(positions_[*i])]};
}

std::optional<Timestamp> LogConsumer::next_append_time() const {
  const auto i = next_index();
  if (!i) return std::nullopt;
  return log_->entries(assignment_[*i])[static_cast<std::size_t>(positions_[*i])].append_time;
}

std::optional<PolledEntry> LogConsumer::poll() {
  const auto i = next_index();
  if (!i) return std::nullopt;
  PolledEntry out{assignment_[*i], log_->entries(assignment_[*i])[static_cast<std::size_t>(positions_[*i])]};
  ++positions_[*i];
  return out;
}

}  // namespace streamlab::sim
