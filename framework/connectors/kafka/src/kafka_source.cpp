// KafkaSource: a consumer-group member whose rebalances, records and idle periods become
// SourceEvents, and whose commits follow the runtime's delivered results.
#include "streamlab/kafka/kafka_source.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <variant>

#include "rdkafka_util.hpp"
#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/kafka/message_record.hpp"

namespace streamlab::kafka {
namespace {

Timestamp wall_clock_now() {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

/// Owns TopicPartition objects for the C++ API's vectors of raw pointers.
class PartitionList {
 public:
  void add(const TopicPartition& tp, std::int64_t offset) {
    owned_.emplace_back(RdKafka::TopicPartition::create(tp.topic, tp.partition, offset));
    raw_.push_back(owned_.back().get());
  }
  std::vector<RdKafka::TopicPartition*>& raw() { return raw_; }
  [[nodiscard]] bool empty() const { return raw_.empty(); }

 private:
  std::vector<std::unique_ptr<RdKafka::TopicPartition>> owned_;
  std::vector<RdKafka::TopicPartition*> raw_;
};

std::vector<TopicPartition> to_partitions(const std::vector<RdKafka::TopicPartition*>& list) {
  std::vector<TopicPartition> out;
  out.reserve(list.size());
  for (const auto* tp : list) out.push_back({tp->topic(), tp->partition()});
  std::sort(out.begin(), out.end());
  return out;
}

Record record_of(RdKafka::Message& message, Timestamp arrival) {
  KafkaMessageView view;
  if (message.key_pointer() != nullptr) {
    view.key = std::string_view(static_cast<const char*>(message.key_pointer()), message.key_len());
  }
  if (message.payload() != nullptr) {
    view.value = std::string_view(static_cast<const char*>(message.payload()), message.len());
  }
  const auto ts = message.timestamp();
  if (ts.type != RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE) view.timestamp_ms = ts.timestamp;
  Record record = to_record(view, arrival);
  // The headers go straight into the record: get_all() already copies each name and value.
  auto* h = message.headers();
  if (h == nullptr) return record;
  const std::vector<RdKafka::Headers::Header> headers = h->get_all();
  record.headers.reserve(headers.size());
  for (const auto& header : headers) {
    record.headers.push_back(
        {header.key(), header.value() == nullptr
                           ? std::string()
                           : std::string(static_cast<const char*>(header.value()), header.value_size())});
  }
  return record;
}

bool is_fatal_for_source(RdKafka::ErrorCode err) {
  return err == RdKafka::ERR_UNKNOWN_TOPIC_OR_PART || err == RdKafka::ERR__UNKNOWN_TOPIC ||
         err == RdKafka::ERR_TOPIC_AUTHORIZATION_FAILED || err == RdKafka::ERR_GROUP_AUTHORIZATION_FAILED ||
         err == RdKafka::ERR__FATAL || err == RdKafka::ERR__AUTHENTICATION || err == RdKafka::ERR__SSL;
}

}  // namespace

struct KafkaSource::Impl final : RdKafka::RebalanceCb, RdKafka::OffsetCommitCb {
  KafkaSourceOptions options;
  detail::ErrorWatch errors;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer;
  std::deque<SourceEvent> pending;                             // ready for next()
  std::map<TopicPartition, std::deque<SourceEvent>> buffered;  // records awaiting synchronization
  std::set<TopicPartition> paused;                             // buffer full: fetching stopped
  std::optional<std::chrono::steady_clock::time_point> blocked_since;
  std::set<TopicPartition> assigned;
  std::set<TopicPartition> at_end;
  std::set<TopicPartition> fetched;                 // assigned partitions that gave a record since assigned
  std::map<TopicPartition, std::int64_t> released;  // next offset to commit
  std::map<TopicPartition, std::int64_t> sent;      // last position sent to the coordinator
  std::chrono::steady_clock::time_point last_commit{std::chrono::steady_clock::now()};
  std::chrono::steady_clock::time_point created{std::chrono::steady_clock::now()};
  bool joined{false};               // an assignment (possibly empty) arrived from the coordinator
  std::string last_consumer_error;  // the latest transient error the consumer reported
  KafkaSourceStats stats;
  std::string async_commit_error;
  std::function<void(const std::vector<TopicPartition>&)> revocation_listener;

  explicit Impl(KafkaSourceOptions opts) : options(std::move(opts)) {}
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() override = default;

  void rebalance_cb(RdKafka::KafkaConsumer* c, RdKafka::ErrorCode err,
                    std::vector<RdKafka::TopicPartition*>& list) override {
    const bool cooperative = c->rebalance_protocol() == "COOPERATIVE";
    const auto changed = to_partitions(list);
    if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
      joined = true;
      for (auto* tp : list) {
        if (options.from_beginning_topics.contains(tp->topic()))
          tp->set_offset(RdKafka::Topic::OFFSET_BEGINNING);
      }
      if (cooperative) {
        std::unique_ptr<RdKafka::Error> e(c->incremental_assign(list));
      } else {
        c->assign(list);
      }
      for (const auto& tp : changed) {
        assigned.insert(tp);
        at_end.erase(tp);
        fetched.erase(tp);
      }
      pending.push_back({wall_clock_now(), AssignmentChange{changed, {}}});
      ++stats.rebalances;
      return;
    }
    // Revocation (or a rebalance error): hand over cleanly by committing what was delivered.
    // Records still buffered were never delivered, so the next owner reads them again.
    for (const auto& tp : changed) {
      if (paused.contains(tp)) set_paused(tp, false);
      buffered.erase(tp);
    }
    if (revocation_listener) revocation_listener(changed);
    PartitionList offsets;
    for (const auto& tp : changed) {
      if (auto it = released.find(tp); it != released.end() && sent[tp] != it->second) {
        offsets.add(tp, it->second);
      }
    }
    if (!offsets.empty() && c->commitSync(offsets.raw()) == RdKafka::ERR_NO_ERROR) {
      ++stats.commits;
    }
    if (cooperative) {
      std::unique_ptr<RdKafka::Error> e(c->incremental_unassign(list));
    } else {
      c->unassign();
    }
    std::vector<TopicPartition> revoked;
    for (const auto& tp : changed) {
      if (assigned.erase(tp) > 0) revoked.push_back(tp);
      at_end.erase(tp);
      fetched.erase(tp);
      released.erase(tp);
      sent.erase(tp);
    }
    if (!revoked.empty()) {
      pending.push_back({wall_clock_now(), AssignmentChange{{}, revoked}});
      ++stats.rebalances;
    }
  }

  void offset_commit_cb(RdKafka::ErrorCode err, std::vector<RdKafka::TopicPartition*>& offsets) override {
    if (err == RdKafka::ERR_NO_ERROR || err == RdKafka::ERR__NO_OFFSET) return;
    // Forget what was sent so the next commit point retries these partitions.
    for (const auto* tp : offsets) sent.erase({tp->topic(), tp->partition()});
    async_commit_error = RdKafka::err2str(err);
  }

  PartitionList unsent() const {
    PartitionList offsets;
    for (const auto& [tp, next] : released) {
      if (auto it = sent.find(tp); it == sent.end() || it->second != next) offsets.add(tp, next);
    }
    return offsets;
  }

  void mark_sent(std::vector<RdKafka::TopicPartition*>& offsets) {
    for (const auto* tp : offsets) sent[{tp->topic(), tp->partition()}] = tp->offset();
  }

  void commit_async_if_due() {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_commit < options.commit_interval) return;
    last_commit = now;
    auto offsets = unsent();
    if (offsets.empty()) return;
    if (consumer->commitAsync(offsets.raw()) == RdKafka::ERR_NO_ERROR) {
      mark_sent(offsets.raw());
      ++stats.commits;
    }
  }

  [[nodiscard]] bool finished() const {
    return options.stop_at_end && pending.empty() && !assigned.empty() &&
           std::all_of(buffered.begin(), buffered.end(),
                       [](const auto& entry) { return entry.second.empty(); }) &&
           std::all_of(assigned.begin(), assigned.end(),
                       [this](const TopicPartition& tp) { return at_end.contains(tp); });
  }

  void check_health() {
    if (!joined && std::chrono::steady_clock::now() - created > options.join_timeout) {
      std::string topics;
      for (const auto& t : options.topics) topics += (topics.empty() ? "'" : ", '") + t + "'";
      const std::string last = !last_consumer_error.empty() ? last_consumer_error : errors.last_error();
      throw KafkaError("consumer group '" + options.group_id + "' got no partition assignment for " + topics +
                       " from the cluster at '" + options.client.bootstrap_servers + "' within " +
                       format_duration(options.join_timeout) +
                       (last.empty() ? std::string() : " (last error: " + last + ")") +
                       "; check session.timeout.ms against the brokers' "
                       "group.min.session.timeout.ms and group.max.session.timeout.ms, and the "
                       "group's access rights");
    }
    if (auto fatal = errors.fatal()) {
      throw KafkaError("fatal Kafka consumer error at '" + options.client.bootstrap_servers + "': " + *fatal);
    }
    const auto down = errors.all_down_since();
    if (!down || std::chrono::steady_clock::now() - *down < options.client.broker_down_timeout) {
      return;
    }
    RdKafka::Metadata* raw = nullptr;
    const auto err = consumer->metadata(true, nullptr, &raw, 1000);
    std::unique_ptr<RdKafka::Metadata> metadata(raw);
    if (err == RdKafka::ERR_NO_ERROR) {
      errors.clear_all_down();
      return;
    }
    throw BrokersUnreachable(options.client.bootstrap_servers,
                             "every broker has been down for more than " +
                                 format_duration(options.client.broker_down_timeout) + " (" +
                                 errors.last_error() + ")");
  }

  void handle(RdKafka::Message& message) {
    const auto err = message.err();
    if (err == RdKafka::ERR__TIMED_OUT) return;
    if (err == RdKafka::ERR__PARTITION_EOF) {
      at_end.insert({message.topic_name(), message.partition()});
      return;
    }
    if (err != RdKafka::ERR_NO_ERROR) {
      if (is_fatal_for_source(err)) {
        throw KafkaError("Kafka consumer error for topic '" + message.topic_name() + "' at '" +
                         options.client.bootstrap_servers + "': " + message.errstr());
      }
      last_consumer_error = message.errstr();
      return;  // transient (a broker restarting, a leader moving): librdkafka retries
    }
    errors.clear_all_down();
    const TopicPartition tp{message.topic_name(), message.partition()};
    if (!assigned.contains(tp)) return;  // a straggler from a partition revoked meanwhile
    at_end.erase(tp);
    fetched.insert(tp);
    const auto arrival = wall_clock_now();
    SourceEvent event{arrival, ConsumedRecord{tp, message.offset(), record_of(message, arrival)}};
    if (!options.synchronize_partitions || options.unsynchronized_topics.contains(tp.topic)) {
      pending.push_back(std::move(event));
      return;
    }
    auto& queue = buffered[tp];
    queue.push_back(std::move(event));
    if (queue.size() >= options.max_buffered_per_partition && !paused.contains(tp)) {
      set_paused(tp, true);
    }
  }

  /// Stops or restarts librdkafka's fetching of `tp`; fetching restarts after the last record
  /// consume() returned, so nothing buffered here is fetched twice.
  void set_paused(const TopicPartition& tp, bool pause) {
    PartitionList list;
    list.add(tp, RdKafka::Topic::OFFSET_INVALID);
    const auto err = pause ? consumer->pause(list.raw()) : consumer->resume(list.raw());
    if (err != RdKafka::ERR_NO_ERROR) return;  // the buffer bound is best effort
    if (pause) {
      paused.insert(tp);
      ++stats.pauses;
    } else {
      paused.erase(tp);
    }
  }

  /// Synchronized mode: moves the buffered head record with the smallest message timestamp into
  /// `pending`, unless an empty partition with unread data on the broker must be waited for.
  /// Returns whether a record was released.
  bool release_next() {
    std::deque<SourceEvent>* earliest = nullptr;
    const TopicPartition* earliest_tp = nullptr;
    bool waiting = false;
    for (const auto& tp : assigned) {  // in (topic, partition) order: ties go to the first
      if (options.unsynchronized_topics.contains(tp.topic)) continue;
      const auto it = buffered.find(tp);
      if (it == buffered.end() || it->second.empty()) {
        waiting = waiting || !at_end.contains(tp);
        continue;
      }
      if (earliest == nullptr || head_time(it->second) < head_time(*earliest)) {
        earliest = &it->second;
        earliest_tp = &it->first;
      }
    }
    if (earliest == nullptr) return false;
    if (waiting) {
      const auto now = std::chrono::steady_clock::now();
      if (!blocked_since) blocked_since = now;
      if (now - *blocked_since < options.max_partition_wait) return false;
      ++stats.forced_releases;
    } else {
      blocked_since.reset();
    }
    pending.push_back(std::move(earliest->front()));
    earliest->pop_front();
    if (paused.contains(*earliest_tp) && earliest->size() <= options.max_buffered_per_partition / 2) {
      set_paused(*earliest_tp, false);
    }
    return true;
  }

  /// Leaves the group before the consumer is closed: unsubscribes, then serves the revocation
  /// (rebalance_cb, which commits and unassigns) from consume() until no partition is assigned,
  /// for at most `kLeaveTimeout`. librdkafka 2.0.2 serves a revocation still pending at close()
  /// from inside close(), and if the group coordinator ends its termination meanwhile (another
  /// member left, the group rebalances) it drops the unassign request unanswered: unassign()
  /// then never returns and close() hangs. Once nothing is assigned, close() has no revocation
  /// to serve. The partitions move to the other members at once either way.
  void leave_group() {
    constexpr auto kLeaveTimeout = std::chrono::seconds{10};
    if (consumer->unsubscribe() != RdKafka::ERR_NO_ERROR) return;  // close() leaves then
    const auto until = std::chrono::steady_clock::now() + kLeaveTimeout;
    while (std::chrono::steady_clock::now() < until) {
      std::vector<RdKafka::TopicPartition*> held;
      const auto err = consumer->assignment(held);
      const bool none = err == RdKafka::ERR_NO_ERROR && held.empty();
      RdKafka::TopicPartition::destroy(held);
      if (none && assigned.empty()) return;
      // Records and events after the end of the run are dropped: the next owner reads them.
      std::unique_ptr<RdKafka::Message> message(consumer->consume(50));
    }
  }

  static Timestamp head_time(const std::deque<SourceEvent>& queue) {
    return std::get<ConsumedRecord>(queue.front().payload).record.timestamp;
  }
};

KafkaSource::KafkaSource(KafkaSourceOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  auto& o = impl_->options;
  if (o.topics.empty()) throw ConfigurationError("a Kafka source needs at least one topic");
  auto conf = detail::make_conf(o.client, detail::ClientRole::Consumer,
                                {{"client.id", "streamlab"},
                                 {"group.id", o.group_id},
                                 {"enable.auto.commit", "false"},
                                 {"enable.auto.offset.store", "false"},
                                 {"enable.partition.eof", "true"},
                                 // A partition with nothing new is answered after this wait
                                 // (Kafka's 500 ms default): a run learns that each partition is
                                 // at its end, and the merge in timestamp order gets a drained
                                 // partition's next records, only as fast as that. 50 ms made a
                                 // run over an empty 4-partition topic 0.55 s instead of 3.3 s
                                 // (docs/kafka.md, Performance); -X overrides it.
                                 {"fetch.wait.max.ms", "50"},
                                 {"auto.offset.reset", o.auto_offset_reset},
                                 // Kafka's 45 s default keeps a crashed member's partitions that
                                 // long; and librdkafka's mock cluster (the classroom broker)
                                 // waits out the session of a member that left before it admits a
                                 // rerun. 10 s is Kafka Streams' default before Kafka 3.0.
                                 {"session.timeout.ms", "10000"},
                                 {"heartbeat.interval.ms", "3000"}});
  std::string errstr;
  if (conf->set("rebalance_cb", static_cast<RdKafka::RebalanceCb*>(impl_.get()), errstr) !=
          RdKafka::Conf::CONF_OK ||
      conf->set("offset_commit_cb", static_cast<RdKafka::OffsetCommitCb*>(impl_.get()), errstr) !=
          RdKafka::Conf::CONF_OK ||
      conf->set("event_cb", static_cast<RdKafka::EventCb*>(&impl_->errors), errstr) !=
          RdKafka::Conf::CONF_OK) {
    throw KafkaError("cannot install the consumer callbacks: " + errstr);
  }
  impl_->consumer.reset(RdKafka::KafkaConsumer::create(conf.get(), errstr));
  if (!impl_->consumer) throw KafkaError("cannot create a Kafka consumer: " + errstr);
  detail::probe_brokers(*impl_->consumer, o.client);
  if (const auto err = impl_->consumer->subscribe(o.topics); err != RdKafka::ERR_NO_ERROR) {
    throw KafkaError("cannot subscribe to the topics: " + RdKafka::err2str(err));
  }
}

KafkaSource::~KafkaSource() {
  try {
    close();
  } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
  }
}

std::optional<SourceEvent> KafkaSource::next(Duration max_wait) {
  auto& s = *impl_;
  if (!s.consumer) return std::nullopt;
  const auto deadline = std::chrono::steady_clock::now() + max_wait;
  for (bool polled = false; s.pending.empty() && !s.release_next(); polled = true) {
    s.check_health();
    s.commit_async_if_due();
    if (s.finished()) return std::nullopt;
    const auto left =
        std::max(Duration{0}, std::chrono::ceil<Duration>(deadline - std::chrono::steady_clock::now()));
    if (polled && left == Duration{0}) break;
    std::unique_ptr<RdKafka::Message> message(s.consumer->consume(detail::to_timeout_ms(left)));
    if (message) s.handle(*message);
  }
  if (!s.pending.empty()) {
    auto event = std::move(s.pending.front());
    s.pending.pop_front();
    if (std::holds_alternative<ConsumedRecord>(event.payload)) ++s.stats.records;
    return event;
  }
  if (s.finished()) return std::nullopt;
  return SourceEvent{wall_clock_now(), ClockTick{}};
}

std::vector<TopicPartition> KafkaSource::partitions() const {
  return {impl_->assigned.begin(), impl_->assigned.end()};
}

std::optional<bool> KafkaSource::has_records(const TopicPartition& partition) const {
  const auto& s = *impl_;
  if (s.fetched.contains(partition)) return true;
  if (s.at_end.contains(partition)) return false;
  return std::nullopt;
}

bool KafkaSource::at_end(const TopicPartition& partition) const {
  const auto& s = *impl_;
  if (!s.at_end.contains(partition)) return false;
  const auto it = s.buffered.find(partition);
  if (it != s.buffered.end() && !it->second.empty()) return false;
  return std::none_of(s.pending.begin(), s.pending.end(), [&](const SourceEvent& e) {
    const auto* record = std::get_if<ConsumedRecord>(&e.payload);
    return record != nullptr && record->source == partition;
  });
}

std::int32_t KafkaSource::partition_count(const std::string& topic, Duration timeout) const {
  if (!impl_->consumer) throw KafkaError("the Kafka source is closed");
  std::string errstr;
  std::unique_ptr<RdKafka::Topic> handle(
      RdKafka::Topic::create(impl_->consumer.get(), topic, nullptr, errstr));
  if (!handle) throw KafkaError("cannot open topic '" + topic + "': " + errstr);
  RdKafka::Metadata* raw = nullptr;
  const auto err = impl_->consumer->metadata(false, handle.get(), &raw, detail::to_timeout_ms(timeout));
  std::unique_ptr<RdKafka::Metadata> metadata(raw);
  if (err != RdKafka::ERR_NO_ERROR) {
    throw KafkaError("cannot read the metadata of topic '" + topic + "': " + RdKafka::err2str(err));
  }
  for (const auto* t : *metadata->topics()) {
    if (t->topic() != topic) continue;
    if (t->err() != RdKafka::ERR_NO_ERROR) {
      throw KafkaError("topic '" + topic + "': " + RdKafka::err2str(t->err()));
    }
    return static_cast<std::int32_t>(t->partitions()->size());
  }
  throw KafkaError("topic '" + topic + "' is not in the cluster's metadata");
}

void KafkaSource::commit(const TopicPartition& partition, std::int64_t offset) {
  auto& s = *impl_;
  if (!s.assigned.contains(partition)) {
    ++s.stats.ignored_commits;
    return;
  }
  auto& next = s.released[partition];
  next = std::max(next, offset + 1);
}

void KafkaSource::on_revocation(std::function<void(const std::vector<TopicPartition>&)> listener) {
  impl_->revocation_listener = std::move(listener);
}

void KafkaSource::commit_now() {
  auto& s = *impl_;
  if (!s.consumer) return;
  auto offsets = s.unsent();
  if (offsets.empty()) return;
  const auto err = s.consumer->commitSync(offsets.raw());
  if (err == RdKafka::ERR_REBALANCE_IN_PROGRESS || err == RdKafka::ERR_ILLEGAL_GENERATION ||
      err == RdKafka::ERR_UNKNOWN_MEMBER_ID) {
    // The group is moving the partitions: whoever gets them resumes from the last committed
    // offset and reads these records again (at-least-once). Not a failure of the run.
    return;
  }
  if (err != RdKafka::ERR_NO_ERROR) {
    throw KafkaError("cannot commit offsets of group '" + s.options.group_id + "' at '" +
                     s.options.client.bootstrap_servers + "': " + RdKafka::err2str(err));
  }
  for (const auto* tp : offsets.raw()) {
    if (tp->err() != RdKafka::ERR_NO_ERROR) {
      throw KafkaError("cannot commit offset " + std::to_string(tp->offset()) + " of '" + tp->topic() +
                       "' partition " + std::to_string(tp->partition()) + ": " + RdKafka::err2str(tp->err()));
    }
  }
  s.mark_sent(offsets.raw());
  ++s.stats.commits;
}

void KafkaSource::close() {
  auto& s = *impl_;
  if (!s.consumer) return;
  try {
    commit_now();
  } catch (...) {
    s.leave_group();
    s.consumer->close();
    s.consumer.reset();
    throw;
  }
  s.leave_group();
  s.consumer->close();
  s.consumer.reset();
  s.assigned.clear();
}

std::map<TopicPartition, std::int64_t> KafkaSource::committed(const std::vector<TopicPartition>& partitions,
                                                              Duration timeout) const {
  if (!impl_->consumer) throw KafkaError("the Kafka source is closed");
  PartitionList list;
  for (const auto& tp : partitions) list.add(tp, RdKafka::Topic::OFFSET_INVALID);
  std::map<TopicPartition, std::int64_t> out;
  if (list.empty()) return out;
  if (const auto err = impl_->consumer->committed(list.raw(), detail::to_timeout_ms(timeout));
      err != RdKafka::ERR_NO_ERROR) {
    throw KafkaError("cannot read committed offsets: " + RdKafka::err2str(err));
  }
  for (const auto* tp : list.raw()) {
    out[TopicPartition{tp->topic(), tp->partition()}] = tp->offset() < 0 ? -1 : tp->offset();
  }
  return out;
}

std::int64_t KafkaSource::committed(const TopicPartition& partition, Duration timeout) const {
  return committed(std::vector<TopicPartition>{partition}, timeout).at(partition);
}

std::int64_t KafkaSource::log_start_offset(const TopicPartition& partition, Duration timeout) const {
  if (!impl_->consumer) throw KafkaError("the Kafka source is closed");
  std::int64_t low = 0;
  std::int64_t high = 0;
  if (const auto err = impl_->consumer->query_watermark_offsets(partition.topic, partition.partition, &low,
                                                                &high, detail::to_timeout_ms(timeout));
      err != RdKafka::ERR_NO_ERROR) {
    throw KafkaError("cannot read the offsets of " + partition.topic + "[" +
                     std::to_string(partition.partition) + "]: " + RdKafka::err2str(err));
  }
  return low;
}

KafkaSourceStats KafkaSource::stats() const { return impl_->stats; }

const std::string& KafkaSource::group_id() const noexcept { return impl_->options.group_id; }

void* KafkaSource::native_handle() const noexcept { return impl_->consumer.get(); }

}  // namespace streamlab::kafka
