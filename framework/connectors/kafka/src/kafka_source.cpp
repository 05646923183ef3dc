// KafkaSource: a consumer-group member whose rebalances, records and idle periods become
// SourceEvents, and whose commits follow the runtime's delivered results.
#include "streamlab/kafka/kafka_source.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <optional>
#include <utility>
#include <set>
#include <variant>

#include <librdkafka/rdkafka.h>

#include "rdkafka_util.hpp"
#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/kafka/message_record.hpp"

namespace streamlab::kafka {

using MessagePtr = std::unique_ptr<rd_kafka_message_t, decltype(&rd_kafka_message_destroy)>;

/// A record taken from librdkafka and not delivered yet: the message itself, converted to a
/// Record only when it is delivered (into the runtime's event, whose storage is reused).
struct HeldRecord {
  MessagePtr message;
  Timestamp time;     ///< Its record timestamp, which the merge orders by.
  Timestamp arrival;  ///< When its batch was taken from librdkafka (processing time).
};

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

/// The message's timestamp in milliseconds, none when the broker gave it none.
std::optional<std::int64_t> timestamp_ms_of(const rd_kafka_message_t& message) {
  rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
  const std::int64_t ts = rd_kafka_message_timestamp(&message, &type);
  if (type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE) return std::nullopt;
  return ts;
}

KafkaMessageView view_of(const rd_kafka_message_t& message) {
  KafkaMessageView view;
  if (message.key != nullptr)
    view.key = std::string_view(static_cast<const char*>(message.key), message.key_len);
  if (message.payload != nullptr) {
    view.value = std::string_view(static_cast<const char*>(message.payload), message.len);
  }
  view.timestamp_ms = timestamp_ms_of(message);
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(&message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR && headers != nullptr) {
    const char* name = nullptr;
    const void* value = nullptr;
    std::size_t size = 0;
    for (std::size_t i = 0;
         rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
      view.headers.push_back({name, value == nullptr ? std::nullopt
                                                     : std::optional<std::string_view>(std::string_view(
                                                           static_cast<const char*>(value), size))});
    }
  }
  return view;
}

/// Writes the record `held` of `tp` into `event`, reusing the event's storage.
void deliver(const TopicPartition& tp, const HeldRecord& held, SourceEvent& event) {
  event.processing_time = held.arrival;
  auto* consumed = std::get_if<ConsumedRecord>(&event.payload);
  if (consumed == nullptr) consumed = &event.payload.emplace<ConsumedRecord>();
  consumed->source = tp;
  consumed->offset = held.message->offset;
  assign_record(consumed->record, view_of(*held.message), held.arrival);
}

/// The name of the topic a consumed message or consumer error is about, empty when none.
std::string topic_of(const rd_kafka_message_t& message) {
  return message.rkt == nullptr ? std::string() : std::string(rd_kafka_topic_name(message.rkt));
}

/// Destroys the messages of one batch taken from librdkafka, whatever happens to them.
class MessageBatch {
 public:
  MessageBatch() = default;
  MessageBatch(const MessageBatch&) = delete;
  MessageBatch& operator=(const MessageBatch&) = delete;
  ~MessageBatch() {
    for (std::size_t i = 0; i < size_; ++i) {
      if (messages_[i] != nullptr) rd_kafka_message_destroy(messages_[i]);
    }
  }
  /// Takes the next message or event, waiting up to `timeout_ms` for it, then whatever else the
  /// consumer queue holds already, up to the batch size; rebalance and error callbacks run
  /// inside. It polls once a message rather than calling rd_kafka_consume_batch_queue(), whose
  /// librdkafka 2.0.2 version can skip offsets of a partition paused and resumed meanwhile
  /// (librdkafka's changelog, fixed in 2.1.0): the source pauses partitions whose buffer is full.
  void take(rd_kafka_t* consumer, int timeout_ms) {
    rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer, timeout_ms);
    while (message != nullptr) {
      messages_[size_++] = message;
      if (size_ == messages_.size()) return;
      message = rd_kafka_consumer_poll(consumer, 0);
    }
  }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] const rd_kafka_message_t& operator[](std::size_t i) const { return *messages_[i]; }
  /// Hands message `i` over to the caller.
  MessagePtr release(std::size_t i) {
    return {std::exchange(messages_[i], nullptr), &rd_kafka_message_destroy};
  }

 private:
  // At most this many messages a call: enough that the cost of a call (the clock reads, the
  // health and commit checks) is spread thin over the records.
  std::array<rd_kafka_message_t*, 1024> messages_{};
  std::size_t size_{0};
};

bool is_fatal_for_source(rd_kafka_resp_err_t err) {
  return err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC ||
         err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
         err == RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED || err == RD_KAFKA_RESP_ERR__FATAL ||
         err == RD_KAFKA_RESP_ERR__AUTHENTICATION || err == RD_KAFKA_RESP_ERR__SSL;
}

}  // namespace

/// What the source knows of one assigned partition.
struct AssignedPartition {
  bool synchronized{true};          // takes part in the merge in timestamp order
  bool at_end{false};               // read to its end, nothing fetched since
  bool fetched{false};              // gave a record since it was assigned
  bool paused{false};               // its buffer was full: librdkafka stopped fetching it
  std::deque<HeldRecord> buffered;  // records awaiting the merge
};

/// An assigned partition's name and state, as the hot path looks them up.
struct Lane {
  const TopicPartition* tp{nullptr};
  AssignedPartition* state{nullptr};
};

struct KafkaSource::Impl final : RdKafka::RebalanceCb, RdKafka::OffsetCommitCb {
  KafkaSourceOptions options;
  detail::ErrorWatch errors;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer;
  std::deque<SourceEvent> pending;  // ready for next()
  std::map<TopicPartition, AssignedPartition> assigned;
  std::vector<Lane> merged;  // the synchronized assigned partitions in (topic, partition) order
  // The lane of the last message handled: a fetch brings thousands of one partition in a row.
  const rd_kafka_topic_t* cached_topic{nullptr};
  std::int32_t cached_partition{-1};
  Lane cached;
  std::optional<std::chrono::steady_clock::time_point> blocked_since;
  /// How long records already taken from librdkafka may be delivered without polling it.
  static constexpr auto kServeInterval = std::chrono::milliseconds{10};
  std::chrono::steady_clock::time_point last_polled{};  // when poll() last asked librdkafka
  std::map<TopicPartition, std::int64_t> released;      // next offset to commit
  std::map<TopicPartition, std::int64_t> sent;          // last position sent to the coordinator
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

  /// Rebuilds the lanes after the assignment changed.
  void relane() {
    merged.clear();
    for (auto& [tp, state] : assigned) {
      if (state.synchronized) merged.push_back({&tp, &state});
    }
    cached_topic = nullptr;
    cached_partition = -1;
    cached = {};
  }

  /// The lane of the assigned partition `message` is from, or nullptr when it is not assigned
  /// (a straggler of a partition revoked meanwhile).
  const Lane* lane_of(const rd_kafka_message_t& message) {
    if (message.rkt == nullptr) return nullptr;
    if (message.rkt == cached_topic && message.partition == cached_partition) return &cached;
    const auto it = assigned.find(TopicPartition{rd_kafka_topic_name(message.rkt), message.partition});
    if (it == assigned.end()) return nullptr;
    cached_topic = message.rkt;
    cached_partition = message.partition;
    cached = {&it->first, &it->second};
    return &cached;
  }

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
        auto& state = assigned[tp] = AssignedPartition{};
        state.synchronized =
            options.synchronize_partitions && !options.unsynchronized_topics.contains(tp.topic);
      }
      relane();
      pending.push_back({wall_clock_now(), AssignmentChange{changed, {}}});
      ++stats.rebalances;
      return;
    }
    // Revocation (or a rebalance error): hand over cleanly by committing what was delivered.
    // Records still buffered were never delivered, so the next owner reads them again.
    for (const auto& tp : changed) {
      const auto it = assigned.find(tp);
      if (it == assigned.end()) continue;
      if (it->second.paused) set_paused(tp, it->second, false);
      it->second.buffered.clear();
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
      released.erase(tp);
      sent.erase(tp);
    }
    relane();
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
           std::all_of(assigned.begin(), assigned.end(), [](const auto& entry) {
             return entry.second.at_end && entry.second.buffered.empty();
           });
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

  /// Takes what librdkafka has fetched (waiting up to `timeout` when it has nothing) and sorts
  /// it: records into `pending` or their partition's buffer, ends of partitions and errors into
  /// the partitions' states. The records of one batch share their arrival time.
  void poll(Duration timeout) {
    MessageBatch batch;
    batch.take(consumer->c_ptr(), detail::to_timeout_ms(timeout));
    last_polled = std::chrono::steady_clock::now();
    if (batch.size() == 0) return;
    const auto arrival = wall_clock_now();
    bool answered = false;
    for (std::size_t i = 0; i < batch.size(); ++i) answered = handle(batch, i, arrival) || answered;
    if (answered) errors.clear_all_down();
  }

  /// Sorts message `i` of `batch`, a record or a consumer event, taking the records it keeps;
  /// returns whether it was a record (the brokers answer).
  bool handle(MessageBatch& batch, std::size_t i, Timestamp arrival) {
    const rd_kafka_message_t& message = batch[i];
    const auto err = message.err;
    if (err == RD_KAFKA_RESP_ERR__TIMED_OUT) return false;
    if (err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      if (const Lane* lane = lane_of(message)) lane->state->at_end = true;
      return false;
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (is_fatal_for_source(err)) {
        throw KafkaError("Kafka consumer error for topic '" + topic_of(message) + "' at '" +
                         options.client.bootstrap_servers + "': " + rd_kafka_message_errstr(&message));
      }
      last_consumer_error = rd_kafka_message_errstr(&message);
      return false;  // transient (a broker restarting, a leader moving): librdkafka retries
    }
    const Lane* lane = lane_of(message);
    if (lane == nullptr) return true;  // a straggler from a partition revoked meanwhile
    auto& state = *lane->state;
    state.at_end = false;
    state.fetched = true;
    HeldRecord held{batch.release(i), record_timestamp(timestamp_ms_of(message), arrival), arrival};
    if (!state.synchronized) {
      deliver(*lane->tp, held, pending.emplace_back());
      return true;
    }
    state.buffered.push_back(std::move(held));
    if (state.buffered.size() >= options.max_buffered_per_partition && !state.paused) {
      set_paused(*lane->tp, state, true);
    }
    return true;
  }

  /// Stops or restarts librdkafka's fetching of `tp`; fetching restarts after the last record
  /// consume() returned, so nothing buffered here is fetched twice.
  void set_paused(const TopicPartition& tp, AssignedPartition& state, bool pause) {
    PartitionList list;
    list.add(tp, RdKafka::Topic::OFFSET_INVALID);
    const auto err = pause ? consumer->pause(list.raw()) : consumer->resume(list.raw());
    if (err != RdKafka::ERR_NO_ERROR) return;  // the buffer bound is best effort
    state.paused = pause;
    if (pause) ++stats.pauses;
  }

  /// Synchronized mode: the partition whose buffered head record has the smallest message
  /// timestamp, or nullptr when no partition has one or an empty partition with unread data on
  /// the broker must be waited for.
  const Lane* next_in_order() {
    const Lane* earliest = nullptr;
    bool waiting = false;
    for (const Lane& lane : merged) {  // in (topic, partition) order: ties go to the first
      const auto& queue = lane.state->buffered;
      if (queue.empty()) {
        waiting = waiting || !lane.state->at_end;
        continue;
      }
      if (earliest == nullptr || head_time(queue) < head_time(earliest->state->buffered)) earliest = &lane;
    }
    if (earliest == nullptr) return nullptr;
    if (waiting) {
      const auto now = std::chrono::steady_clock::now();
      if (!blocked_since) blocked_since = now;
      if (now - *blocked_since < options.max_partition_wait) return nullptr;
      ++stats.forced_releases;
    } else {
      blocked_since.reset();
    }
    return earliest;
  }

  /// Moves the next event for the runtime into `event`: a pending one, else the next record in
  /// timestamp order. Returns false when there is none yet.
  bool take_next(SourceEvent& event) {
    if (!pending.empty()) {
      event = std::move(pending.front());
      pending.pop_front();
      if (std::holds_alternative<ConsumedRecord>(event.payload)) ++stats.records;
      return true;
    }
    const Lane* lane = next_in_order();
    if (lane == nullptr) return false;
    auto& state = *lane->state;
    deliver(*lane->tp, state.buffered.front(), event);
    state.buffered.pop_front();
    ++stats.records;
    if (state.paused && state.buffered.size() <= options.max_buffered_per_partition / 2) {
      set_paused(*lane->tp, state, false);
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
      std::unique_ptr<RdKafka::Message> message(consumer->consume(10));
    }
  }

  /// Leaves the group and closes the consumer, whatever state the run ended in.
  void shut_down() {
    leave_group();
    consumer->close();
    consumer.reset();
    assigned.clear();
    relane();
  }

  static Timestamp head_time(const std::deque<HeldRecord>& queue) { return queue.front().time; }
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
                                 // librdkafka stops fetching once its queue holds this many
                                 // records (all partitions together: they share the consumer
                                 // queue) and, in 2.0.2, looks again only a second later
                                 // (librdkafka issue #2879), so the queue must hold a second of
                                 // the run's consumption. With the default 100,000 a 1 M-sale
                                 // run took 7.4 s, fetching in bursts a second apart; with this
                                 // one it takes 1.9 s, and the queue's 64 MB of message bytes
                                 // (`queued.max.messages.kbytes`) bounds it first (docs/kafka.md,
                                 // Performance). -X overrides it, to trade speed for memory.
                                 {"queued.min.messages", "1000000"},
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
  SourceEvent event;
  if (!next_into(max_wait, event)) return std::nullopt;
  return event;
}

bool KafkaSource::next_into(Duration max_wait, SourceEvent& event) {
  auto& s = *impl_;
  if (!s.consumer) return false;
  // Records already taken are delivered without asking librdkafka, but not for longer than
  // kServeInterval: the group's rebalances wait for this member to serve them, and offsets are
  // committed only from here.
  const auto now = std::chrono::steady_clock::now();
  if (now - s.last_polled >= Impl::kServeInterval) {
    s.check_health();
    s.commit_async_if_due();
    s.poll(Duration{0});
  }
  if (s.take_next(event)) return true;
  const auto deadline = now + max_wait;
  for (bool polled = false;; polled = true) {
    s.check_health();
    s.commit_async_if_due();
    if (s.finished()) return false;
    const auto left =
        std::max(Duration{0}, std::chrono::ceil<Duration>(deadline - std::chrono::steady_clock::now()));
    if (polled && left == Duration{0}) break;
    s.poll(left);
    if (s.take_next(event)) return true;
  }
  if (s.finished()) return false;
  event = SourceEvent{wall_clock_now(), ClockTick{}};
  return true;
}

std::vector<TopicPartition> KafkaSource::partitions() const {
  std::vector<TopicPartition> out;
  out.reserve(impl_->assigned.size());
  for (const auto& entry : impl_->assigned) out.push_back(entry.first);
  return out;
}

std::optional<bool> KafkaSource::has_records(const TopicPartition& partition) const {
  const auto it = impl_->assigned.find(partition);
  if (it == impl_->assigned.end()) return std::nullopt;
  if (it->second.fetched) return true;
  if (it->second.at_end) return false;
  return std::nullopt;
}

bool KafkaSource::at_end(const TopicPartition& partition) const {
  const auto& s = *impl_;
  const auto it = s.assigned.find(partition);
  if (it == s.assigned.end() || !it->second.at_end || !it->second.buffered.empty()) return false;
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
    s.shut_down();
    throw;
  }
  s.shut_down();
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

std::map<TopicPartition, std::int64_t> KafkaSource::log_start_offsets(
    const std::vector<TopicPartition>& partitions, Duration timeout) const {
  if (!impl_->consumer) throw KafkaError("the Kafka source is closed");
  // One ListOffsets request a leader for all of them, asking for the "earliest" timestamp (-2):
  // a request queues behind the consumer's fetch on the same connection, which waits up to
  // fetch.wait.max.ms on a partition with nothing new, so one request a partition cost that wait
  // each time.
  PartitionList list;
  for (const auto& tp : partitions) list.add(tp, RdKafka::Topic::OFFSET_BEGINNING);
  std::map<TopicPartition, std::int64_t> out;
  if (list.empty()) return out;
  if (const auto err = impl_->consumer->offsetsForTimes(list.raw(), detail::to_timeout_ms(timeout));
      err != RdKafka::ERR_NO_ERROR) {
    throw KafkaError("cannot read the first offsets the brokers hold: " + RdKafka::err2str(err));
  }
  for (const auto* tp : list.raw()) {
    if (tp->err() != RdKafka::ERR_NO_ERROR) {
      throw KafkaError("cannot read the first offset of " + tp->topic() + "[" +
                       std::to_string(tp->partition()) + "]: " + RdKafka::err2str(tp->err()));
    }
    out[TopicPartition{tp->topic(), tp->partition()}] = tp->offset();
  }
  return out;
}

KafkaSourceStats KafkaSource::stats() const { return impl_->stats; }

const std::string& KafkaSource::group_id() const noexcept { return impl_->options.group_id; }

void* KafkaSource::native_handle() const noexcept { return impl_->consumer.get(); }

}  // namespace streamlab::kafka
