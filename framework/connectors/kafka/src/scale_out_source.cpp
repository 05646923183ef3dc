// ScaleOutSource: one instance's share of a scale-out run, in the global order of positions.
#include "scale_out_source.hpp"

#include <algorithm>
#include <charconv>
#include <random>
#include <sstream>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/runtime/repartition_origin.hpp"

namespace streamlab::kafka::detail {
namespace {

Timestamp scale_out_now() { return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now()); }

/// Progress entries are written in batches of at most this many, or after this long.
constexpr std::int64_t kProgressBatch = 1000;
constexpr auto kProgressLinger = std::chrono::milliseconds{20};
/// Under exactly-once, a source waiting for input commits what is pending after this long.
constexpr auto kTransactionLinger = std::chrono::milliseconds{100};

std::int64_t parse_count(const std::string& text) {
  std::int64_t n = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  return ec == std::errc{} && ptr == text.data() + text.size() ? n : 0;
}

}  // namespace

ScaleOutSource::ScaleOutSource(KafkaSource& source, KafkaSink& sink, ScaleOutTopics topics,
                               const ShutdownSignal* shutdown, bool exactly_once)
    : source_(source),
      sink_(sink),
      topics_(std::move(topics)),
      shutdown_(shutdown),
      exactly_once_(exactly_once) {
  std::random_device entropy;  // unique per owner: a fence is recognised only by its writer
  std::ostringstream id;
  id << std::hex << entropy() << entropy();
  fence_id_ = id.str();
  for (const auto& topic : topics_.inputs) {
    const std::int32_t n = topics_.partition_counts.at(topic);
    for (std::int32_t p = 0; p < n; ++p) {
      TopicPartition tp{topic, p};
      if (!topics_.empty_inputs.contains(tp)) inputs_.push_back(std::move(tp));
    }
  }
  std::sort(inputs_.begin(), inputs_.end());
  source_.on_revocation([this](const std::vector<TopicPartition>&) {
    // Called from inside librdkafka: nothing may be thrown through it. Without this commit the
    // next owner writes this output again (at-least-once), and a failed delivery is reported by
    // the next flush.
    try {
      hand_over();
    } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch)
    }
  });
}

ScaleOutSource::~ScaleOutSource() { source_.on_revocation({}); }

void ScaleOutSource::checkpoint() {
  if (!exactly_once_) {
    sink_.flush();
    flushed();
    return;
  }
  if (mid_position()) {  // next() takes it once the position's output is complete
    checkpoint_due_ = true;
    return;
  }
  checkpoint_due_ = false;
  write_progress(true);
  flushed();  // the markers are in the transaction: they become visible with the output
  std::vector<std::pair<TopicPartition, std::int64_t>> offsets(processed_.begin(), processed_.end());
  sink_.commit_transaction(source_, offsets);
  dirty_ = false;
  last_transaction_ = std::chrono::steady_clock::now();
}

void ScaleOutSource::hand_over() {
  write_progress(true);
  checkpoint();
  if (exactly_once_) return;  // the transaction carried the markers and the input offsets
  sink_.flush();              // the delivered markers checkpoint() wrote
  // Everything processed is delivered with its progress: the next owner resumes after it and
  // writes none of it again.
  for (const auto& [p, offset] : processed_) source_.commit(p, offset);
}

bool ScaleOutSource::is_repartition(const std::string& topic) const {
  return std::find(topics_.repartition.begin(), topics_.repartition.end(), topic) !=
         topics_.repartition.end();
}

bool ScaleOutSource::start() {
  while (source_.partitions().empty()) {
    if (shutdown_ != nullptr && shutdown_->requested()) return false;
    auto event = source_.next(std::chrono::milliseconds{100});
    if (!event) return false;
    if (std::holds_alternative<ConsumedRecord>(event->payload)) {
      local_.push_back(std::move(*event));  // sorted out once the assignment is known
    }
  }
  std::vector<TopicPartition> got;
  for (const auto& tp : source_.partitions()) {
    if (is_repartition(tp.topic)) {
      channels_.emplace(tp, Channel{});
      got.push_back(tp);
    } else {
      owned_inputs_.insert(tp);
    }
  }
  // Records read while waiting: repartition ones go to their channel.
  std::deque<SourceEvent> early;
  early.swap(local_);
  for (auto& event : early) {
    auto& record = std::get<ConsumedRecord>(event.payload);
    if (is_repartition(record.source.topic)) {
      on_repartition_record(std::move(record));
    } else {
      local_.push_back(std::move(event));
    }
  }
  fence(got);
  return true;
}

void ScaleOutSource::fence(const std::vector<TopicPartition>& channels) {
  if (channels.empty()) return;
  for (const auto& channel : channels) {
    sink_.write_to_partition(channel.topic, channel.partition,
                             Record{std::nullopt, {}, scale_out_now(), {Header{kFenceHeader, fence_id_}}});
  }
  // Committed (or flushed) at once: the owner releases nothing until it reads its fences back.
  if (exactly_once_) {
    checkpoint();
  } else {
    sink_.flush();
  }
}

void ScaleOutSource::write_to_every_channel(const Record& record) {
  for (const auto& topic : topics_.repartition) {
    for (std::int32_t r = 0; r < topics_.partition_counts.at(topic); ++r)
      sink_.write_to_partition(topic, r, record);
  }
}

std::vector<TopicPartition> ScaleOutSource::partitions() const { return inputs_; }

void ScaleOutSource::processed(const TopicPartition& partition, std::int64_t offset,
                               std::optional<Timestamp> event_time) {
  if (!handed_ || handed_->source != partition || handed_->offset != offset) return;
  pending_progress_[partition].entries.push_back(Entry{offset, handed_->timestamp, event_time});
  ++pending_entries_;
  processed_[partition] = offset;
  handed_.reset();
}

void ScaleOutSource::commit(const TopicPartition& partition, std::int64_t offset) {
  // Repartition partitions are always read from 0; under exactly-once the input offsets go into
  // each transaction (checkpoint()) instead.
  if (is_repartition(partition.topic) || exactly_once_) return;
  // Progress of every record up to `offset` must be on the broker before its offset is, or
  // the next owner would resume after records whose progress nobody will ever write.
  if (write_progress(true)) sink_.flush();
  source_.commit(partition, offset);
}

void ScaleOutSource::flushed() {
  const std::int64_t k = ended_ ? released_ + 1 : completed_;
  for (const auto& entry : channels_) {
    const TopicPartition& channel = entry.first;
    if (k <= delivered_[channel] || k <= marked_delivered_[channel]) continue;
    // In the partition itself, where the next owner reads it before releasing anything; a
    // write is never refused while the group rebalances, where a commit would be.
    sink_.write_to_partition(
        channel.topic, channel.partition,
        Record{std::nullopt, {}, scale_out_now(), {Header{kDeliveredHeader, std::to_string(k)}}});
    marked_delivered_[channel] = k;
    dirty_ = true;
  }
  for (const auto& [p, offset] : processed_) {
    auto& marked = inputs_marked_.try_emplace(p, -1).first->second;
    if (offset <= marked) continue;
    write_to_every_channel(Record{std::nullopt,
                                  RepartitionOrigin{p, offset, 0}.format(),
                                  scale_out_now(),
                                  {Header{kInputDeliveredHeader, "1"}}});
    marked = offset;
    dirty_ = true;
  }
}

bool ScaleOutSource::suppress_output(const TopicPartition& channel) const {
  if (handed_ && handed_->source == channel) {  // an input record's own output
    const auto it = inputs_delivered_.find(channel);
    return it != inputs_delivered_.end() && handed_->offset <= it->second;
  }
  const auto it = delivered_.find(channel);
  return it != delivered_.end() && position_ <= it->second;
}

bool ScaleOutSource::fenced() const {
  return std::all_of(channels_.begin(), channels_.end(),
                     [](const auto& entry) { return entry.second.fenced; });
}

void ScaleOutSource::on_repartition_record(ConsumedRecord&& record) {
  auto channel = channels_.find(record.source);
  if (channel == channels_.end()) return;  // a straggler of a partition no longer owned
  if (const Header* fence = record.record.header(kFenceHeader)) {
    if (fence->value == fence_id_) channel->second.fenced = true;  // an earlier owner's says nothing
    return;
  }
  if (record.record.header(kInputDeliveredHeader) != nullptr) {
    if (const auto marker = RepartitionOrigin::parse(record.record.value)) {
      auto& delivered = inputs_delivered_.try_emplace(marker->source, -1).first->second;
      delivered = std::max(delivered, marker->offset);
    }
    return;
  }
  if (record.record.header(kProgressHeader) != nullptr) {
    on_progress_message(channel->second, record);
    return;
  }
  if (const Header* delivered = record.record.header(kDeliveredHeader)) {
    auto& k = delivered_[record.source];
    k = std::max(k, parse_count(delivered->value));
    return;
  }
  const Header* header = record.record.header(kOriginHeader);
  const auto origin = header == nullptr ? std::nullopt : RepartitionOrigin::parse(header->value);
  if (!origin) {
    ++foreign_records_;  // written by a run without scale-out: not part of this order
    return;
  }
  auto& last = channel->second.last_origin.try_emplace(origin->source, -1, -1).first->second;
  const std::pair<std::int64_t, std::int64_t> at{origin->offset, origin->index};
  if (at <= last) return;  // a second copy, written again by a restarted upstream
  last = at;
  channel->second.held[{origin->source, origin->offset}].push_back(std::move(record));
}

void ScaleOutSource::on_progress_message(Channel& channel, const ConsumedRecord& record) {
  // Only StreamLab writes progress messages; one that does not read is a foreign or corrupted
  // writer on the repartition topic, and the run stops naming where it is.
  TopicPartition p;
  std::vector<Entry> entries;
  bool end = false;
  try {
    const nlohmann::json message = nlohmann::json::parse(record.record.value);
    p = TopicPartition{message.at("topic").get<std::string>(), message.at("partition").get<std::int32_t>()};
    for (const auto& e : message.at("records")) {
      std::optional<Timestamp> event_time;
      if (!e.at(2).is_null()) event_time = from_millis(e.at(2).get<std::int64_t>());
      entries.push_back(
          Entry{e.at(0).get<std::int64_t>(), from_millis(e.at(1).get<std::int64_t>()), event_time});
    }
    end = message.value("end", false);
  } catch (const nlohmann::json::exception& e) {
    throw KafkaError("repartition topic '" + record.source.topic + "' partition " +
                     std::to_string(record.source.partition) + " offset " + std::to_string(record.offset) +
                     ": a progress message StreamLab cannot read (" + e.what() + ")");
  }
  auto& marked = channel.marked.try_emplace(p, -1).first->second;
  auto& max = entries_max_.try_emplace(p, -1).first->second;
  for (auto& e : entries) {
    marked = std::max(marked, e.offset);
    if (e.offset <= max) continue;  // known from another channel, or written again after a restart
    max = e.offset;
    entries_[p].push_back(std::move(e));
  }
  if (end) channel.ended.insert(p);
}

bool ScaleOutSource::write_progress(bool force) {
  if (pending_progress_.empty()) return false;
  const auto now = std::chrono::steady_clock::now();
  if (!force && pending_entries_ < kProgressBatch && now - last_progress_write_ < kProgressLinger)
    return false;
  for (auto& [p, progress] : pending_progress_) {
    // At most kProgressBatch entries a message (about 36 kB): a message must stay under the
    // brokers' size limit (1 MB) however many records were handed since the last write.
    const std::size_t n = progress.entries.size();
    for (std::size_t from = 0; from < n || (from == 0 && progress.end); from += kProgressBatch) {
      const std::size_t to = std::min(n, from + static_cast<std::size_t>(kProgressBatch));
      nlohmann::json records = nlohmann::json::array();
      Timestamp last{};
      for (std::size_t i = from; i < to; ++i) {
        const Entry& e = progress.entries[i];
        records.push_back({e.offset, to_millis(e.timestamp),
                           e.event_time ? nlohmann::json(to_millis(*e.event_time)) : nlohmann::json()});
        last = e.timestamp;
      }
      const std::string value = nlohmann::json{
          {"topic", p.topic},
          {"partition", p.partition},
          {"records", records},
          {"end",
           progress.end && to == n}}.dump();
      // Each reader needs every input's progress.
      write_to_every_channel(Record{std::nullopt, value, last, {Header{kProgressHeader, "1"}}});
    }
    if (progress.end) end_written_.insert(p);
  }
  dirty_ = true;
  pending_progress_.clear();
  pending_entries_ = 0;
  last_progress_write_ = now;
  return true;
}

void ScaleOutSource::mark_ended_inputs() {
  if (!topics_.stop_at_end || handed_) return;
  for (const auto& p : owned_inputs_) {
    if (end_written_.contains(p) || pending_progress_[p].end) continue;
    const bool queued = std::any_of(local_.begin(), local_.end(), [&](const SourceEvent& e) {
      const auto* record = std::get_if<ConsumedRecord>(&e.payload);
      return record != nullptr && record->source == p;
    });
    if (!queued && source_.at_end(p)) pending_progress_[p].end = true;
  }
  std::erase_if(pending_progress_,
                [](const auto& entry) { return entry.second.entries.empty() && !entry.second.end; });
}

bool ScaleOutSource::inputs_done() const {
  return !handed_ && local_.empty() && pending_progress_.empty() &&
         std::all_of(owned_inputs_.begin(), owned_inputs_.end(),
                     [this](const TopicPartition& p) { return end_written_.contains(p); });
}

bool ScaleOutSource::downstream_done() const {
  for (const auto& p : inputs_) {
    const auto it = entries_.find(p);
    if (it != entries_.end() && !it->second.empty()) return false;
    for (const auto& [tp, channel] : channels_) {
      if (!channel.ended.contains(p)) return false;
    }
  }
  return true;
}

void ScaleOutSource::release_ready() {
  if (channels_.empty()) return;
  // The previous owners' delivered markers must be known before any position is released.
  if (!fenced()) return;
  for (;;) {
    const TopicPartition* best = nullptr;
    for (const auto& p : inputs_) {
      const auto it = entries_.find(p);
      if (it == entries_.end() || it->second.empty()) {
        const bool finished = std::all_of(channels_.begin(), channels_.end(),
                                          [&](const auto& entry) { return entry.second.ended.contains(p); });
        if (finished) continue;
        return;  // p's next record is not known yet: it may come first
      }
      if (best == nullptr || it->second.front().timestamp < entries_[*best].front().timestamp) best = &p;
    }
    if (best == nullptr) return;
    auto& queue = entries_[*best];
    const Entry entry = queue.front();
    for (const auto& [tp, channel] : channels_) {
      if (channel.ended.contains(*best)) continue;
      const auto m = channel.marked.find(*best);
      if (m == channel.marked.end() || m->second < entry.offset) return;  // records may still come
    }
    queue.pop_front();
    ++released_;
    const Timestamp now = scale_out_now();
    for (auto& [tp, channel] : channels_) {
      const auto held = channel.held.find({*best, entry.offset});
      if (held == channel.held.end()) continue;
      for (auto& record : held->second) ready_.emplace_back(released_, SourceEvent{now, std::move(record)});
      channel.held.erase(held);
    }
    ready_.emplace_back(released_, SourceEvent{now, InputProgress{*best, entry.offset, entry.event_time}});
  }
}

std::optional<SourceEvent> ScaleOutSource::next(Duration max_wait) {
  if (handed_) {  // the runtime did not report it processed (a topic it ignores)
    pending_progress_[handed_->source].entries.push_back(
        Entry{handed_->offset, handed_->timestamp, std::nullopt});
    ++pending_entries_;
    processed_[handed_->source] = handed_->offset;
    handed_.reset();
  }
  // A stop and a transaction wait for the end of a position: the next owner redoes it whole.
  if (!mid_position()) {
    if (shutdown_ != nullptr && shutdown_->requested()) throw ScaleOutStop{false};
    if (checkpoint_due_) checkpoint();
  }
  const auto deadline = std::chrono::steady_clock::now() + max_wait;
  for (;;) {
    release_ready();
    if (!ready_.empty()) {
      auto [position, event] = std::move(ready_.front());
      ready_.pop_front();
      position_ = position;
      if (std::holds_alternative<InputProgress>(event.payload)) completed_ = position;
      return event;
    }
    position_ = completed_;
    if (!local_.empty() && fenced()) {  // the inputs-delivered markers are known
      // The progress of what was handed goes out as it accrues, not only once local_ runs dry:
      // the other instances release records in the global order only as far as it reaches.
      write_progress(false);
      SourceEvent event = std::move(local_.front());
      local_.pop_front();
      if (const auto* record = std::get_if<ConsumedRecord>(&event.payload)) {
        handed_ = Handed{record->source, record->offset, record->record.timestamp};
      }
      return event;
    }
    mark_ended_inputs();
    write_progress(false);
    if (topics_.stop_at_end && inputs_done() && downstream_done()) {
      if (write_progress(true)) sink_.flush();
      ended_ = true;
      position_ = released_ + 1;  // the end of input fires what is left
      return std::nullopt;
    }
    // Under exactly-once the other instances (and this one's own downstream) read only committed
    // records: what was written since the last checkpoint must not wait for the runtime's next
    // one, which comes only with more input.
    if (exactly_once_ && dirty_ &&
        std::chrono::steady_clock::now() - last_transaction_ >= kTransactionLinger) {
      checkpoint();
    }
    const auto left = std::chrono::ceil<Duration>(deadline - std::chrono::steady_clock::now());
    auto event = source_.next(std::max(Duration{0}, std::min(left, Duration{std::chrono::milliseconds{20}})));
    if (!event) return std::nullopt;
    if (auto* record = std::get_if<ConsumedRecord>(&event->payload)) {
      if (is_repartition(record->source.topic)) {
        on_repartition_record(std::move(*record));
      } else {
        local_.push_back(std::move(*event));
      }
      continue;
    }
    if (const auto* change = std::get_if<AssignmentChange>(&event->payload)) {
      if (!change->revoked.empty()) throw ScaleOutStop{true};
      std::vector<TopicPartition> got;
      for (const auto& tp : change->assigned) {
        if (is_repartition(tp.topic)) {
          if (channels_.try_emplace(tp).second) got.push_back(tp);
        } else {
          owned_inputs_.insert(tp);
        }
      }
      fence(got);
      continue;
    }
    if (std::holds_alternative<ClockTick>(event->payload)) {
      write_progress(true);
      if (std::chrono::steady_clock::now() >= deadline) return event;
    }
  }
}

}  // namespace streamlab::kafka::detail
