#include "streamlab/sim/log.hpp"

#include <algorithm>
#include <stdexcept>

namespace streamlab::sim {
namespace {
std::string describe(const TopicPartition& tp) { return tp.topic + "-" + std::to_string(tp.partition); }
}  // namespace

void Log::create_topic(const std::string& topic, std::int32_t partitions) {
  if (topic.empty()) throw std::invalid_argument("a topic needs a name");
  if (partitions <= 0)
    throw std::invalid_argument("topic '" + topic + "' needs a positive number of partitions");
  if (auto it = topics_.find(topic); it != topics_.end()) {
    if (static_cast<std::int32_t>(it->second.partitions.size()) != partitions)
      throw std::invalid_argument("topic '" + topic + "' already exists with " +
                                  std::to_string(it->second.partitions.size()) + " partitions");
    return;
  }
  topics_.emplace(topic, Topic{std::vector<std::vector<LogEntry>>(static_cast<std::size_t>(partitions)),
                               DefaultPartitioner(partitions)});
}

bool Log::has_topic(std::string_view topic) const { return topics_.find(topic) != topics_.end(); }

const Log::Topic& Log::topic_at(std::string_view topic) const {
  auto it = topics_.find(topic);
  if (it == topics_.end()) throw std::out_of_range("no topic '" + std::string(topic) + "'");
  return it->second;
}

Log::Topic& Log::topic_at(std::string_view topic) {
  auto it = topics_.find(topic);
  if (it == topics_.end()) throw std::out_of_range("no topic '" + std::string(topic) + "'");
  return it->second;
}

const std::vector<LogEntry>& Log::partition_at(const TopicPartition& partition) const {
  const Topic& t = topic_at(partition.topic);
  if (partition.partition < 0 || partition.partition >= static_cast<std::int32_t>(t.partitions.size()))
    throw std::out_of_range("no partition " + describe(partition));
  return t.partitions[static_cast<std::size_t>(partition.partition)];
}

std::vector<LogEntry>& Log::partition_at(const TopicPartition& partition) {
  Topic& t = topic_at(partition.topic);
  if (partition.partition < 0 || partition.partition >= static_cast<std::int32_t>(t.partitions.size()))
    throw std::out_of_range("no partition " + describe(partition));
  return t.partitions[static_cast<std::size_t>(partition.partition)];
}

std::int32_t Log::partition_count(std::string_view topic) const {
  return static_cast<std::int32_t>(topic_at(topic).partitions.size());
}

std::vector<std::string> Log::topics() const {
  std::vector<std::string> names;
  names.reserve(topics_.size());
  for (const auto& [name, topic] : topics_) names.push_back(name);
  return names;
}

std::vector<TopicPartition> Log::partitions(std::string_view topic) const {
  const Topic& t = topic_at(topic);
  std::vector<TopicPartition> out;
  for (std::size_t p = 0; p < t.partitions.size(); ++p)
    out.push_back(TopicPartition{std::string(topic), static_cast<std::int32_t>(p)});
  return out;
}

LogEntry& Log::push(std::vector<LogEntry>& entries, Timestamp append_time, std::int64_t sequence) {
  LogEntry entry;
  entry.offset = static_cast<std::int64_t>(entries.size());
  entry.sequence = sequence;
  entry.append_time = entries.empty() ? append_time : std::max(append_time, entries.back().append_time);
  entries.push_back(std::move(entry));
  return entries.back();
}

AppendResult Log::append(std::string_view topic, Record record, Timestamp append_time) {
  Topic& t = topic_at(topic);
  const std::int32_t partition = t.partitioner.partition(record.key);
  return append(TopicPartition{std::string(topic), partition}, std::move(record), append_time);
}

AppendResult Log::append(const TopicPartition& partition, Record record, Timestamp append_time) {
  auto& entries = partition_at(partition);
  LogEntry& entry = push(entries, append_time, next_sequence_++);
  entry.kind = EntryKind::Record;
  entry.record = std::move(record);
  return AppendResult{partition, entry.offset};
}

std::vector<AppendResult> Log::append_watermark(std::string_view topic, Timestamp watermark,
                                                Timestamp append_time) {
  Topic& t = topic_at(topic);
  const std::int64_t sequence = next_sequence_++;
  std::vector<AppendResult> out;
  for (std::size_t p = 0; p < t.partitions.size(); ++p) {
    LogEntry& entry = push(t.partitions[p], append_time, sequence);
    entry.kind = EntryKind::Watermark;
    entry.watermark = watermark;
    out.push_back(
        AppendResult{TopicPartition{std::string(topic), static_cast<std::int32_t>(p)}, entry.offset});
  }
  return out;
}

std::int64_t Log::beginning_offset(const TopicPartition& partition) const {
  (void)partition_at(partition);
  return 0;
}

std::int64_t Log::end_offset(const TopicPartition& partition) const {
  return static_cast<std::int64_t>(partition_at(partition).size());
}

std::span<const LogEntry> Log::entries(const TopicPartition& partition) const {
  return partition_at(partition);
}

std::vector<ConsumedRecord> Log::read(const TopicPartition& partition, std::int64_t from_offset,
                                      std::size_t max_records) const {
  const auto& entries = partition_at(partition);
  if (from_offset < 0 || from_offset > static_cast<std::int64_t>(entries.size()))
    throw std::out_of_range("offset " + std::to_string(from_offset) + " is outside " + describe(partition) +
                            " [0, " + std::to_string(entries.size()) + "]");
  std::vector<ConsumedRecord> out;
  for (auto i = static_cast<std::size_t>(from_offset); i < entries.size() && out.size() < max_records; ++i) {
    if (entries[i].is_control()) continue;
    out.push_back(ConsumedRecord{partition, entries[i].offset, entries[i].record});
  }
  return out;
}

std::optional<std::int64_t> Log::offset_for_timestamp(const TopicPartition& partition, Timestamp t) const {
  for (const LogEntry& e : partition_at(partition))
    if (!e.is_control() && e.record.timestamp >= t) return e.offset;
  return std::nullopt;
}

std::vector<ConsumedRecord> Log::read_from_timestamp(const TopicPartition& partition, Timestamp t) const {
  const auto offset = offset_for_timestamp(partition, t);
  if (!offset) return {};
  return read(partition, *offset);
}

void Log::commit(const std::string& group, const TopicPartition& partition, std::int64_t next_offset) {
  if (group.empty()) throw std::invalid_argument("a commit needs a consumer group");
  const auto end = end_offset(partition);
  if (next_offset < 0 || next_offset > end)
    throw std::invalid_argument("cannot commit offset " + std::to_string(next_offset) + " of " +
                                describe(partition) + ": outside [0, " + std::to_string(end) + "]");
  committed_[group][partition] = next_offset;
}

std::optional<std::int64_t> Log::committed(std::string_view group, const TopicPartition& partition) const {
  auto g = committed_.find(group);
  if (g == committed_.end()) return std::nullopt;
  auto it = g->second.find(partition);
  if (it == g->second.end()) return std::nullopt;
  return it->second;
}

std::map<TopicPartition, std::int64_t> Log::committed_offsets(std::string_view group) const {
  auto g = committed_.find(group);
  if (g == committed_.end()) return {};
  return g->second;
}

}  // namespace streamlab::sim
