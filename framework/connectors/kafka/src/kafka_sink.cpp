// KafkaSink: an idempotent (optionally transactional) producer whose delivery reports are all
// checked, so a result is never lost silently.
#include "streamlab/kafka/kafka_sink.hpp"

#include <algorithm>
#include <mutex>

#include "rdkafka_util.hpp"
#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/kafka/kafka_source.hpp"

namespace streamlab::kafka {
namespace {

/// Throws a KafkaError built from an RdKafka::Error, which it frees.
void check(RdKafka::Error* raw, const std::string& what) {
  std::unique_ptr<RdKafka::Error> error(raw);
  if (error) throw KafkaError(what + ": " + error->str());
}

constexpr std::size_t kMaxListedFailures = 10;

}  // namespace

struct KafkaSink::Impl final : RdKafka::DeliveryReportCb {
  KafkaSinkOptions options;
  detail::ErrorWatch errors;
  std::unique_ptr<RdKafka::Producer> producer;
  bool transactional{false};
  std::mutex mutex;  // guards the counters and failures the delivery callback updates
  KafkaSinkStats stats;
  std::vector<std::string> failures;

  explicit Impl(KafkaSinkOptions opts) : options(std::move(opts)) {}
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() override = default;

  void dr_cb(RdKafka::Message& message) override {
    std::scoped_lock lock(mutex);
    if (message.err() == RdKafka::ERR_NO_ERROR) {
      ++stats.delivered;
      return;
    }
    ++stats.failed;
    failures.push_back("topic '" + message.topic_name() + "' partition " +
                       std::to_string(message.partition()) + ": " + message.errstr());
  }

  /// Waits for every outstanding acknowledgement, bounded by the delivery timeout.
  void wait_for_acknowledgements() {
    const auto deadline =
        std::chrono::steady_clock::now() + options.delivery_timeout + std::chrono::seconds{10};
    while (producer->outq_len() > 0) {
      producer->flush(100);
      if (std::chrono::steady_clock::now() > deadline) {
        throw DeliveryFailed(std::to_string(producer->outq_len()) + " record(s) still unacknowledged by '" +
                             options.client.bootstrap_servers + "' after " +
                             format_duration(options.delivery_timeout));
      }
    }
  }

  void throw_failures() {
    std::scoped_lock lock(mutex);
    if (failures.empty()) return;
    std::string message = std::to_string(failures.size()) + " record(s) were not delivered to '" +
                          options.client.bootstrap_servers + "': ";
    for (std::size_t i = 0; i < std::min(failures.size(), kMaxListedFailures); ++i) {
      message += (i > 0 ? "; " : "") + failures[i];
    }
    if (failures.size() > kMaxListedFailures) message += "; ...";
    failures.clear();
    throw DeliveryFailed(message);
  }
};

KafkaSink::KafkaSink(KafkaSinkOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  auto& o = impl_->options;
  auto conf =
      detail::make_conf(o.client, detail::ClientRole::Producer,
                        {{"client.id", "streamlab"},
                         {"enable.idempotence", "true"},
                         {"acks", "all"},
                         {"partitioner", "murmur2_random"},
                         {"message.timeout.ms", std::to_string(detail::to_timeout_ms(o.delivery_timeout))}});
  std::string errstr;
  if (conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(impl_.get()), errstr) !=
          RdKafka::Conf::CONF_OK ||
      conf->set("event_cb", static_cast<RdKafka::EventCb*>(&impl_->errors), errstr) !=
          RdKafka::Conf::CONF_OK) {
    throw KafkaError("cannot install the producer callbacks: " + errstr);
  }
  std::string transactional_id;
  impl_->transactional =
      conf->get("transactional.id", transactional_id) == RdKafka::Conf::CONF_OK && !transactional_id.empty();
  impl_->producer.reset(RdKafka::Producer::create(conf.get(), errstr));
  if (!impl_->producer) throw KafkaError("cannot create a Kafka producer: " + errstr);
  detail::probe_brokers(*impl_->producer, o.client);
  if (impl_->transactional) {
    check(impl_->producer->init_transactions(detail::to_timeout_ms(o.client.connect_timeout)),
          "cannot initialise transactions at '" + o.client.bootstrap_servers + "'");
    check(impl_->producer->begin_transaction(), "cannot begin a transaction");
  }
}

KafkaSink::~KafkaSink() {
  if (!impl_->producer) return;
  try {
    if (impl_->transactional) {
      // An unfinished transaction is aborted: its records were never promised to anyone.
      std::unique_ptr<RdKafka::Error> e(
          impl_->producer->abort_transaction(detail::to_timeout_ms(impl_->options.client.connect_timeout)));
    } else {
      impl_->producer->flush(detail::to_timeout_ms(impl_->options.delivery_timeout));
    }
  } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
  }
}

void KafkaSink::write(std::string_view topic, const Record& record) {
  write_to_partition(topic, RdKafka::Topic::PARTITION_UA, record);
}

void KafkaSink::write_to_partition(std::string_view topic, std::int32_t partition, const Record& record) {
  auto& s = *impl_;
  if (auto fatal = s.errors.fatal()) {
    throw KafkaError("fatal Kafka producer error at '" + s.options.client.bootstrap_servers + "': " + *fatal);
  }
  const std::string topic_name(topic);
  const auto deadline = std::chrono::steady_clock::now() + s.options.delivery_timeout;
  for (;;) {
    RdKafka::Headers* headers = nullptr;
    if (!record.headers.empty()) {
      headers = RdKafka::Headers::create();
      for (const auto& h : record.headers) headers->add(h.name, h.value.data(), h.value.size());
    }
    const auto err = s.producer->produce(
        topic_name, partition, RdKafka::Producer::RK_MSG_COPY, const_cast<char*>(record.value.data()),
        record.value.size(),  // copied, never modified
        record.key ? record.key->data() : nullptr, record.key ? record.key->size() : 0,
        to_millis(record.timestamp), headers, nullptr);
    if (err == RdKafka::ERR_NO_ERROR) break;
    delete headers;  // NOLINT(cppcoreguidelines-owning-memory): produce() took no ownership
    if (err != RdKafka::ERR__QUEUE_FULL || std::chrono::steady_clock::now() > deadline) {
      throw KafkaError("cannot produce to topic '" + topic_name + "' at '" +
                       s.options.client.bootstrap_servers + "': " + RdKafka::err2str(err));
    }
    s.producer->poll(100);  // the local queue is full: serve acknowledgements, then retry
  }
  {
    std::scoped_lock lock(s.mutex);
    ++s.stats.written;
  }
  s.producer->poll(0);
}

void KafkaSink::flush() {
  impl_->wait_for_acknowledgements();
  impl_->throw_failures();
}

bool KafkaSink::transactional() const noexcept { return impl_->transactional; }

void KafkaSink::commit_transaction(KafkaSource& source,
                                   const std::vector<std::pair<TopicPartition, std::int64_t>>& offsets) {
  auto& s = *impl_;
  if (!s.transactional) {
    throw KafkaError("commit_transaction() needs a transactional sink (set transactional.id)");
  }
  auto* consumer = static_cast<RdKafka::KafkaConsumer*>(source.native_handle());
  if (consumer == nullptr) throw KafkaError("commit_transaction(): the Kafka source is closed");
  const int timeout = detail::to_timeout_ms(s.options.delivery_timeout);
  try {
    s.wait_for_acknowledgements();
    s.throw_failures();
    std::vector<std::unique_ptr<RdKafka::TopicPartition>> owned;
    std::vector<RdKafka::TopicPartition*> raw;
    for (const auto& [tp, offset] : offsets) {
      owned.emplace_back(RdKafka::TopicPartition::create(tp.topic, tp.partition, offset + 1));
      raw.push_back(owned.back().get());
    }
    if (!raw.empty()) {
      std::unique_ptr<RdKafka::ConsumerGroupMetadata> group(consumer->groupMetadata());
      check(s.producer->send_offsets_to_transaction(raw, group.get(), timeout),
            "cannot add offsets to the transaction");
    }
    check(s.producer->commit_transaction(timeout), "cannot commit the transaction");
  } catch (const KafkaError&) {
    std::unique_ptr<RdKafka::Error> e(s.producer->abort_transaction(timeout));
    check(s.producer->begin_transaction(), "cannot begin a transaction");
    throw;
  }
  check(s.producer->begin_transaction(), "cannot begin a transaction");
}

KafkaSinkStats KafkaSink::stats() const {
  std::scoped_lock lock(impl_->mutex);
  return impl_->stats;
}

}  // namespace streamlab::kafka
