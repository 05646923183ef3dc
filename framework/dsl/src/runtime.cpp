#include "streamlab/runtime/runtime.hpp"

#include "streamlab/bytes.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <variant>

#include "streamlab/dsl/detail/window_aggregate_operator.hpp"
#include "streamlab/runtime/repartition_origin.hpp"

namespace streamlab {

namespace {
nlohmann::json partition_ids_to_json(const std::map<TopicPartition, PartitionId>& ids) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [tp, id] : ids)
    out.push_back({{"topic", tp.topic}, {"partition", tp.partition}, {"id", id}});
  return out;
}
}  // namespace

Runtime::Runtime(Topology& topology, Source& source, Sink& sink, RuntimeOptions options)
    : graph_(topology.graph()), source_(source), sink_(sink), options_(options) {
  for (const auto& binding : graph_.sources) bindings_[binding.topic] = &binding;
  if (options_.scale_out) {
    for (const auto& binding : graph_.repartition_sources) {
      bindings_[binding.topic] = &binding;
      repartition_topics_.insert(binding.topic);
    }
  }
  check_copartitioning();
  // One watermark per stream partition the source declares; changelogs of tables do not count.
  for (const auto& tp : source_.partitions()) {
    auto it = bindings_.find(tp.topic);
    if (it != bindings_.end() && !it->second->table && !repartition_topics_.contains(tp.topic)) {
      partition_ids_.emplace(tp, partition_ids_.size());
    }
  }
  tracker_ = std::make_unique<WatermarkTracker>(
      graph_.config.watermark, std::max<std::size_t>(1, partition_ids_.size()), options_.start);
  if (options_.start) clock_ = *options_.start;
  std::optional<Checkpoint> saved;
  if (options_.checkpoints != nullptr) saved = options_.checkpoints->latest();
  for (const auto& open : graph_.on_start) open(!saved.has_value());
  if (saved) restore(*saved);
}

Runtime::~Runtime() = default;

void Runtime::check_copartitioning() const {
  std::map<std::string, int> counts;
  for (const auto& tp : source_.partitions()) ++counts[tp.topic];
  for (const auto& rule : graph_.copartition) {
    auto l = counts.find(rule.left);
    auto r = counts.find(rule.right);
    if (l == counts.end() || r == counts.end() || l->second == r->second) continue;
    throw TopologyError(rule.what + ": stream topic '" + rule.left + "' has " + std::to_string(l->second) +
                        " partitions but table topic '" + rule.right + "' has " + std::to_string(r->second) +
                        "; a stream-table join needs co-partitioned topics (the same partition count), "
                        "so repartition one side or recreate a topic");
  }
}

void Runtime::restore(const Checkpoint& c) {
  for (const auto& op : graph_.operators) {
    auto it = c.operators.find(op->name());
    if (it == c.operators.end()) {
      throw std::runtime_error("checkpoint " + std::to_string(c.id) + " has no state for operator '" +
                               op->name() + "': was it taken from a different topology?");
    }
    op->restore(*it);
  }
  next_offsets_ = c.next_offsets;
  caches_.clear();
  accounting_ = c.accounting;
  partition_ids_.clear();
  for (const auto& e : c.watermarks.at("partitions")) {
    partition_ids_.emplace(
        TopicPartition{e.at("topic").get<std::string>(), e.at("partition").get<std::int32_t>()},
        e.at("id").get<PartitionId>());
  }
  tracker_->restore(detail::tracker_state_from_json(c.watermarks.at("tracker")));
  watermark_ = from_millis(c.watermarks.at("watermark").get<std::int64_t>());
  clock_ = from_millis(c.watermarks.at("clock").get<std::int64_t>());
  last_checkpoint_clock_ = clock_;
  checkpoint_id_ = c.id;
}

void Runtime::run() {
  while (!finished_) step();
}

bool Runtime::process(std::int64_t records) {
  const std::int64_t target = accounting_.records_in + records;
  while (!finished_ && accounting_.records_in < target) step();
  return finished_;
}

bool Runtime::process_events(std::int64_t events) {
  for (std::int64_t i = 0; i < events && !finished_; ++i) step();
  return finished_;
}

bool Runtime::step() {
  if (finished_) return false;
  if (!source_.next_into(options_.poll_timeout, event_)) {
    finish();
    return false;
  }
  on_event(event_);
  return true;
}

void Runtime::on_event(const SourceEvent& event) {
  advance_clock(event.processing_time);
  std::visit(
      [this](const auto& payload) {
        using T = std::decay_t<decltype(payload)>;
        if constexpr (std::is_same_v<T, ConsumedRecord>) {
          on_record(payload);
        } else if constexpr (std::is_same_v<T, MalformedRecord>) {
          on_record(payload.record, &payload.reason);
        } else if constexpr (std::is_same_v<T, WatermarkMark>) {
          ++accounting_.control_events;
          if (options_.observer != nullptr) options_.observer->mark(payload.line, payload.watermark);
          advance_watermark(tracker_->on_mark(payload.watermark));
        } else if constexpr (std::is_same_v<T, ClockTick>) {
          ++accounting_.control_events;
        } else if constexpr (std::is_same_v<T, InputProgress>) {
          on_progress(payload);
        } else if constexpr (std::is_same_v<T, AssignmentChange>) {
          for (const auto& tp : payload.assigned) {
            auto it = bindings_.find(tp.topic);
            if (it != bindings_.end() && !it->second->table && !repartition_topics_.contains(tp.topic)) {
              partition_id(tp);
            }
          }
        }
      },
      event.payload);
  if (last_checkpoint_clock_ == kMinTimestamp) last_checkpoint_clock_ = clock_;
  if (options_.checkpoint_every > 0 && records_since_checkpoint_ >= options_.checkpoint_every) {
    checkpoint();
  } else if (options_.checkpoint_interval && records_since_checkpoint_ > 0 &&
             clock_ - last_checkpoint_clock_ >= *options_.checkpoint_interval) {
    checkpoint();
  }
}

PartitionId Runtime::partition_id(const TopicPartition& tp) {
  auto [it, inserted] = partition_ids_.emplace(tp, partition_ids_.size());
  return it->second;
}

Runtime::PartitionCache& Runtime::cache_for(const TopicPartition& source) {
  // The records of several partitions interleave (a source merges them in timestamp order), so
  // each partition keeps its entry; there are as many as the instance reads partitions.
  for (auto& cache : caches_) {
    if (cache.source.partition == source.partition && cache.source.topic == source.topic) return cache;
  }
  PartitionCache& cache = caches_.emplace_back();
  cache.source = source;
  auto binding = bindings_.find(source.topic);
  if (binding != bindings_.end()) {
    cache.binding = binding->second;
    // Offsets start at 0, so an entry made here holds back no record.
    cache.next_offset = &next_offsets_.try_emplace(source, 0).first->second;
  }
  return cache;
}

void Runtime::on_record(const ConsumedRecord& record, const std::string* malformed) {
  PartitionCache& cache = cache_for(record.source);
  if (cache.binding == nullptr) {
    ++accounting_.records_ignored;
    return;
  }
  // A repartition topic read back (scale-out) arrives in the global order, not in offset order;
  // its source keeps its position, and its records are not input records.
  const bool read_back = options_.scale_out && repartition_topics_.contains(record.source.topic);
  reading_back_ = read_back ? &record.source : nullptr;
  reading_input_ = read_back || !options_.scale_out ? nullptr : &record.source;
  if (read_back) {
    ++accounting_.repartition_in;
  } else {
    if (record.offset < *cache.next_offset) return;  // replayed after a restart
    *cache.next_offset = record.offset + 1;
    ++accounting_.records_in;
    ++records_since_checkpoint_;
  }
  const detail::SourceBinding& binding = *cache.binding;
  if (origin_.source != record.source) origin_.source = record.source;
  origin_.offset = record.offset;
  if (read_back) {  // late records name the input record it came from, as on one instance
    const Header* h = record.record.header(kOriginHeader);
    if (auto from = h == nullptr ? std::nullopt : RepartitionOrigin::parse(h->value)) {
      origin_.source = std::move(from->source);
      origin_.offset = from->offset;
    }
  }
  repartition_index_ = 0;
  fate_.active = true;
  fate_.contributed = fate_.late = fate_.dead = false;
  fate_.reason.clear();
  fate_.field.clear();
  current_ = &record;
  std::optional<Timestamp> t;
  if (malformed != nullptr) {
    dead_letter(*malformed);
  } else {
    t = binding.handle(*this, record);
  }
  current_ = nullptr;
  // reading_back_ stays set through the fate below: a dead letter's envelope belongs to the
  // record's channel too.
  // The record's fate is settled before its watermark advance fires windows built by others.
  if (fate_.contributed) {
    ++accounting_.contributed;
  } else if (fate_.late) {
    ++accounting_.late_output;
  } else if (fate_.dead) {
    ++accounting_.dead_letters;
    if (options_.observer != nullptr) options_.observer->dead_letter(record.offset + 1, fate_.reason);
    DeadLetter d{record.source,     record.offset,       fate_.reason,
                 record.record.key, record.record.value, fate_.field};
    // The envelope keeps the original key and headers, as Kafka Connect's dead-letter queue does.
    Record out{record.record.key, nlohmann::json(d).dump(), record.record.timestamp, record.record.headers};
    if (options_.log_records) accounting_.dead_letter_log.push_back(std::move(d));
    emit(graph_.config.dead_letter_topic(), std::move(out), false);
  } else {
    ++accounting_.unaccounted;
  }
  fate_.active = false;
  reading_back_ = nullptr;
  reading_input_ = nullptr;
  if (options_.scale_out) {
    // The watermark moves with InputProgress events, in the order every instance sees.
    if (!read_back) source_.processed(record.source, record.offset, binding.table ? std::nullopt : t);
    return;
  }
  if (t && !binding.table) {
    if (*t < watermark_) ++accounting_.behind_watermark;
    if (!cache.id) cache.id = partition_id(record.source);
    const Timestamp w = tracker_->on_event(*cache.id, *t, clock_);
    report_partitions();
    advance_watermark(w);
  }
}

void Runtime::on_progress(const InputProgress& progress) {
  if (!progress.event_time) return;
  auto it = bindings_.find(progress.partition.topic);
  if (it == bindings_.end() || it->second->table) return;
  const Timestamp w = tracker_->on_event(partition_id(progress.partition), *progress.event_time, clock_);
  report_partitions();
  advance_watermark(w);
}

void Runtime::report_partitions() {
  if (options_.observer == nullptr || tracker_->partition_count() < 2) return;
  reported_partitions_.resize(tracker_->partition_count(), {kMinTimestamp, false});
  for (PartitionId p = 0; p < tracker_->partition_count(); ++p) {
    const std::pair<Timestamp, bool> now{tracker_->partition_watermark(p), tracker_->is_idle(p)};
    if (now == reported_partitions_[p]) continue;
    reported_partitions_[p] = now;
    options_.observer->partition_watermark(p, now.first, now.second);
  }
}

void Runtime::advance_clock(Timestamp now) {
  if (now <= clock_) return;
  if (options_.observer != nullptr && clock_ != kMinTimestamp)
    options_.observer->processing_time(clock_, now);
  clock_ = now;
  Timestamp w = tracker_->on_processing_time(now);
  report_partitions();
  for (const auto& op : graph_.operators) op->on_processing_time(*this, now);
  advance_watermark(w);
}

void Runtime::advance_watermark(Timestamp w) {
  if (w <= watermark_) return;
  watermark_ = w;
  for (const auto& op : graph_.operators) op->on_watermark(*this, w);
}

void Runtime::finish() {
  tracker_->on_end_of_input();
  advance_watermark(kMaxTimestamp);
  if (options_.observer != nullptr) options_.observer->end_of_input();
  for (const auto& op : graph_.operators) op->on_finished(*this);
  finished_ = true;
  checkpoint();
}

void Runtime::checkpoint() {
  ++checkpoint_id_;
  // The checkpoint and the output it covers are committed in one step: save, release, flush.
  // Without a store the state is not snapshotted at all: a snapshot of every window each 1,000
  // records, thrown away, was most of a simulator run's time.
  if (options_.checkpoints != nullptr) {
    Checkpoint c;
    c.id = checkpoint_id_;
    c.records = accounting_.records_in;
    c.next_offsets = next_offsets_;
    c.operators = nlohmann::json::object();
    for (const auto& op : graph_.operators) c.operators[op->name()] = op->snapshot();
    c.watermarks = {{"partitions", partition_ids_to_json(partition_ids_)},
                    {"tracker", detail::tracker_state_to_json(tracker_->state())},
                    {"watermark", to_millis(watermark_)},
                    {"clock", to_millis(clock_)}};
    c.accounting = accounting_;
    options_.checkpoints->save(c);
  }
  std::vector<std::function<void()>> out;
  out.swap(pending_);
  for (auto& action : out) action();
  sink_.flush();
  for (const auto& [tp, next] : next_offsets_) source_.commit(tp, next - 1);
  records_since_checkpoint_ = 0;
  last_checkpoint_clock_ = clock_;
  ++checkpoints_taken_;
}

std::size_t Runtime::windows_held() const {
  std::size_t n = 0;
  for (const auto& op : graph_.operators) n += op->windows_held();
  return n;
}

std::size_t Runtime::windows_open() const {
  std::size_t n = 0;
  for (const auto& op : graph_.operators) n += op->windows_open();
  return n;
}

void Runtime::release(std::function<void()> action) {
  if (options_.delivery == Delivery::ExactlyOnce) {
    pending_.push_back(std::move(action));
  } else {
    action();
  }
}

void Runtime::emit(const std::string& topic, Record record, bool is_result) {
  if (options_.scale_out) {
    // A keyed result belongs to its key's repartition partition; anything else written while a
    // record is handled, to the partition the record came from.
    const TopicPartition* channel = output_channel_ != nullptr ? output_channel_
                                    : reading_back_ != nullptr ? reading_back_
                                                               : reading_input_;
    if (channel != nullptr && source_.suppress_output(*channel)) {
      ++accounting_.suppressed;
      return;
    }
  }
  if (is_result) ++accounting_.results_out;
  if (options_.delivery == Delivery::AtLeastOnce) {
    sink_.write(topic, record);
    return;
  }
  release([this, topic, record = std::move(record)] { sink_.write(topic, record); });
}

void Runtime::defer_result(std::function<void()> action) {
  ++accounting_.results_out;
  release(std::move(action));
}

void Runtime::mark_contributed() {
  if (fate_.active) fate_.contributed = true;
}

void Runtime::send_late(LateOutputRecord record) {
  ++accounting_.dropped_late;
  if (fate_.active) fate_.late = true;
  Record out{std::nullopt, nlohmann::json(record).dump(), record.timestamp, {}};
  if (fate_.active && current_ != nullptr) {  // the input record's own key and headers
    out.key = current_->record.key;
    out.headers = current_->record.headers;
  }
  if (options_.log_records) accounting_.late_log.push_back(std::move(record));
  emit(graph_.config.late_topic(), std::move(out), false);
}

void Runtime::count_late_accepted(std::int64_t n) { accounting_.late_accepted += n; }

void Runtime::count_join_unmatched() { ++accounting_.join_unmatched; }

void Runtime::repartition(const std::string& topic, Record record) {
  ++accounting_.repartitioned;
  if (options_.scale_out) {
    if (reading_back_ != nullptr) {
      throw TopologyError("repartition topic '" + topic + "' is fed from repartition topic '" +
                          reading_back_->topic +
                          "': a scale-out run supports one repartition step between an input topic and "
                          "the stateful operator behind it");
    }
    // Which input record it came from: the reading instance orders and de-duplicates by it.
    const RepartitionOrigin from{origin_.source, origin_.offset, repartition_index_++};
    record.headers.push_back(Header{std::string{kOriginHeader}, from.format()});
  }
  emit(topic, std::move(record), false);
}

detail::RepartitionPath Runtime::repartition_path() const {
  using detail::RepartitionPath;
  if (options_.scale_out) return RepartitionPath::ThroughTopic;
  return options_.write_unread_repartition_topics ? RepartitionPath::WrittenAndInProcess
                                                  : RepartitionPath::InProcess;
}

void Runtime::count_repartitioned() { ++accounting_.repartitioned; }

void Runtime::dead_letter(std::string reason) { dead_letter(std::move(reason), {}); }

void Runtime::dead_letter(std::string reason, std::string field) {
  if (!fate_.active) return;
  fate_.dead = true;
  if (fate_.reason.empty()) {
    fate_.reason = escape_invalid_utf8(reason);  // a reason may quote the record's bad bytes
    fate_.field = std::move(field);
  }
}

}  // namespace streamlab
