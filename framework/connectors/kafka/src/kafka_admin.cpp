// KafkaAdmin over librdkafka's C Admin API: each request goes to a private queue and is waited
// for with a deadline, so no call can hang on a cluster that stops answering.
#include "streamlab/kafka/kafka_admin.hpp"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <set>
#include <thread>

#include "rdkafka_util.hpp"
#include "streamlab/kafka/kafka_error.hpp"

namespace streamlab::kafka {
namespace {

using Clock = std::chrono::steady_clock;

struct QueueDeleter {
  void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
};
struct EventDeleter {
  void operator()(rd_kafka_event_t* e) const { rd_kafka_event_destroy(e); }
};
struct OptionsDeleter {
  void operator()(rd_kafka_AdminOptions_t* o) const { rd_kafka_AdminOptions_destroy(o); }
};
struct MetadataDeleter {
  void operator()(const rd_kafka_metadata_t* m) const { rd_kafka_metadata_destroy(m); }
};
using Event = std::unique_ptr<rd_kafka_event_t, EventDeleter>;

/// Owns an array of admin request objects (DeleteTopic, DeleteGroup, ...) built from names,
/// and destroys them with librdkafka's `*_destroy_array` however the request ends.
template <typename T, T* (*Make)(const char*), void (*DestroyArray)(T**, std::size_t)>
class RequestArray {
 public:
  explicit RequestArray(const std::vector<std::string>& names) {
    items_.reserve(names.size());
    for (const auto& n : names) items_.push_back(Make(n.c_str()));
  }
  RequestArray(const RequestArray&) = delete;
  RequestArray& operator=(const RequestArray&) = delete;
  ~RequestArray() { DestroyArray(items_.data(), items_.size()); }

  [[nodiscard]] T** data() { return items_.data(); }
  [[nodiscard]] std::size_t size() const { return items_.size(); }

 private:
  std::vector<T*> items_;
};
using DeleteTopics =
    RequestArray<rd_kafka_DeleteTopic_t, rd_kafka_DeleteTopic_new, rd_kafka_DeleteTopic_destroy_array>;
using DeleteGroups =
    RequestArray<rd_kafka_DeleteGroup_t, rd_kafka_DeleteGroup_new, rd_kafka_DeleteGroup_destroy_array>;

int remaining_ms(Clock::time_point deadline) {
  return detail::to_timeout_ms(
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
}

/// Runs one admin request: `launch(options, queue)` issues it, the result event is awaited
/// until `timeout` and returned; a request-level error throws KafkaError naming `what`.
template <class Launch>
Event admin_request(rd_kafka_t* rk, Duration timeout, const std::string& what, Launch launch) {
  std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue(rd_kafka_queue_new(rk));
  std::unique_ptr<rd_kafka_AdminOptions_t, OptionsDeleter> options(
      rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_ANY));
  std::array<char, 512> errstr{};
  const int ms =
      std::max(1, detail::to_timeout_ms(std::chrono::duration_cast<std::chrono::milliseconds>(timeout)));
  rd_kafka_AdminOptions_set_request_timeout(options.get(), ms, errstr.data(), errstr.size());
  launch(options.get(), queue.get());
  Event event(rd_kafka_queue_poll(queue.get(), ms + 1000));
  if (!event) throw KafkaError(what + ": no answer from the cluster within " + format_duration(timeout));
  if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError(what + ": " + rd_kafka_event_error_string(event.get()));
  }
  return event;
}

}  // namespace

struct KafkaAdmin::Impl {
  ClientConfig client;
  std::unique_ptr<RdKafka::Producer> producer;
  [[nodiscard]] rd_kafka_t* rk() const { return producer->c_ptr(); }

  [[nodiscard]] std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter> metadata(const std::string* topic,
                                                                                     Duration timeout) const {
    const rd_kafka_metadata_t* raw = nullptr;
    std::unique_ptr<rd_kafka_topic_t, decltype(&rd_kafka_topic_destroy)> handle(
        topic != nullptr ? rd_kafka_topic_new(rk(), topic->c_str(), nullptr) : nullptr,
        &rd_kafka_topic_destroy);
    const auto err = rd_kafka_metadata(
        rk(), topic == nullptr ? 1 : 0, handle.get(), &raw,
        detail::to_timeout_ms(std::chrono::duration_cast<std::chrono::milliseconds>(timeout)));
    std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter> owned(raw);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw KafkaError("cannot read the metadata of '" + client.bootstrap_servers +
                       "': " + rd_kafka_err2str(err));
    }
    return owned;
  }

  /// Whether every partition of `topic` exists and has a leader.
  /// `partitions` -1 accepts any count.
  [[nodiscard]] bool ready(const std::string& topic, std::int32_t partitions, Duration timeout) const {
    const auto md = metadata(&topic, timeout);
    if (md->topic_cnt != 1 || md->topics[0].err != RD_KAFKA_RESP_ERR_NO_ERROR) return false;
    if (md->topics[0].partition_cnt < 1) return false;
    if (partitions != -1 && md->topics[0].partition_cnt != partitions) return false;
    for (int p = 0; p < md->topics[0].partition_cnt; ++p) {
      if (md->topics[0].partitions[p].err != RD_KAFKA_RESP_ERR_NO_ERROR ||
          md->topics[0].partitions[p].leader < 0) {
        return false;
      }
    }
    return true;
  }
};

KafkaAdmin::KafkaAdmin(const ClientConfig& client) : impl_(std::make_unique<Impl>()) {
  impl_->client = client;
  auto conf = detail::make_conf(client, detail::ClientRole::Producer, {{"client.id", "streamlab-admin"}});
  std::string errstr;
  impl_->producer.reset(RdKafka::Producer::create(conf.get(), errstr));
  if (!impl_->producer) throw KafkaError("cannot create a Kafka admin client: " + errstr);
  detail::probe_brokers(*impl_->producer, client);
}

KafkaAdmin::~KafkaAdmin() = default;

std::map<std::string, std::int32_t> KafkaAdmin::topics(Duration timeout) const {
  const auto md = impl_->metadata(nullptr, timeout);
  std::map<std::string, std::int32_t> out;
  for (int i = 0; i < md->topic_cnt; ++i) {
    const auto& t = md->topics[i];
    const std::string name = t.topic;
    if (name.rfind("__", 0) == 0 || t.err != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    out.emplace(name, t.partition_cnt);
  }
  return out;
}

void KafkaAdmin::create_topic(const std::string& topic, std::int32_t partitions, std::int16_t replication,
                              Duration timeout) const {
  const auto deadline = Clock::now() + timeout;
  const std::string what = "cannot create topic '" + topic + "' on '" + impl_->client.bootstrap_servers + "'";
  std::string last_error = "it did not get a leader for every partition";
  while (Clock::now() < deadline) {
    const auto existing = topics(timeout);
    if (auto it = existing.find(topic); it != existing.end()) {
      if (partitions != -1 && it->second != partitions) {
        throw KafkaError(what + ": it exists with " + std::to_string(it->second) + " partitions, not " +
                         std::to_string(partitions) + " (delete it or recreate it with the right count)");
      }
      if (impl_->ready(topic, partitions, timeout) && serves_offsets(topic, it->second, timeout)) return;
    } else {
      std::array<char, 512> errstr{};
      rd_kafka_NewTopic_t* raw =
          rd_kafka_NewTopic_new(topic.c_str(), partitions, replication, errstr.data(), errstr.size());
      if (raw == nullptr) throw KafkaError(what + ": " + errstr.data());
      std::unique_ptr<rd_kafka_NewTopic_t, decltype(&rd_kafka_NewTopic_destroy)> new_topic(
          raw, &rd_kafka_NewTopic_destroy);
      const auto event = admin_request(impl_->rk(), Duration{std::max(1000, remaining_ms(deadline))}, what,
                                       [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
                                         rd_kafka_NewTopic_t* list[] = {new_topic.get()};
                                         rd_kafka_CreateTopics(impl_->rk(), list, 1, options, queue);
                                       });
      std::size_t count = 0;
      const auto** results =
          rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &count);
      for (std::size_t i = 0; i < count; ++i) {
        const auto err = rd_kafka_topic_result_error(results[i]);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) continue;
        const char* message = rd_kafka_topic_result_error_string(results[i]);
        last_error = message != nullptr ? message : rd_kafka_err2str(err);
        // A topic still being deleted, or a controller moving: retried below. Others are final.
        if (err == RD_KAFKA_RESP_ERR_INVALID_PARTITIONS ||
            err == RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR || err == RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION ||
            err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
            err == RD_KAFKA_RESP_ERR_POLICY_VIOLATION) {
          throw KafkaError(what + ": " + last_error);
        }
      }
    }
    // Short: a run creates its topics before it starts reading (a real broker gives a new
    // topic's partitions their leaders within tens of milliseconds).
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  throw KafkaError(what + " within " + format_duration(timeout) + ": " + last_error);
}

bool KafkaAdmin::serves_offsets(const std::string& topic, std::int32_t partitions, Duration timeout) const {
  // Right after a creation (above all of a name just deleted) the metadata can name a leader
  // that does not serve the partition yet and answers "not leader for partition".
  for (std::int32_t p = 0; p < partitions; ++p) {
    PartitionOffsets ignored;
    if (rd_kafka_query_watermark_offsets(
            impl_->rk(), topic.c_str(), p, &ignored.low, &ignored.high,
            detail::to_timeout_ms(std::chrono::duration_cast<std::chrono::milliseconds>(timeout))) !=
        RD_KAFKA_RESP_ERR_NO_ERROR) {
      return false;
    }
  }
  return true;
}

bool KafkaAdmin::has_controller(Duration timeout) const {
  const auto md = impl_->metadata(nullptr, timeout);  // names the controller, if there is one
  const std::int32_t controller = rd_kafka_controllerid(impl_->rk(), 0);
  for (int i = 0; i < md->broker_cnt; ++i) {
    if (md->brokers[i].id == controller) return true;
  }
  return false;
}

std::int32_t KafkaAdmin::auto_create_topic(const std::string& topic, Duration timeout) const {
  const auto deadline = Clock::now() + timeout;
  // The admin client's handle is a producer: its metadata request for a named topic allows
  // auto-creation (librdkafka's `allow.auto.create.topics` defaults to true for producers).
  while (Clock::now() < deadline) {
    const auto md = impl_->metadata(&topic, Duration{std::max(1000, remaining_ms(deadline))});
    if (md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR &&
        impl_->ready(topic, -1, timeout) && serves_offsets(topic, md->topics[0].partition_cnt, timeout)) {
      return md->topics[0].partition_cnt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  throw KafkaError("cannot create topic '" + topic + "' on '" + impl_->client.bootstrap_servers +
                   "': the cluster did not create it on a metadata request within " +
                   format_duration(timeout) + " (is auto.create.topics.enable off? create it first)");
}

void KafkaAdmin::delete_topics(const std::vector<std::string>& names, Duration timeout) const {
  const auto deadline = Clock::now() + timeout;
  const auto existing = topics(timeout);
  std::vector<std::string> doomed;
  for (const auto& n : names) {
    if (existing.contains(n)) doomed.push_back(n);
  }
  if (doomed.empty()) return;
  const std::string what = "cannot delete topics on '" + impl_->client.bootstrap_servers + "'";
  DeleteTopics list(doomed);
  const auto event = admin_request(
      impl_->rk(), timeout, what, [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_DeleteTopics(impl_->rk(), list.data(), list.size(), options, queue);
      });
  std::size_t count = 0;
  const auto** results =
      rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event.get()), &count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto err = rd_kafka_topic_result_error(results[i]);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
      throw KafkaError(what + ": topic '" + rd_kafka_topic_result_name(results[i]) +
                       "': " + rd_kafka_err2str(err));
    }
  }
  while (Clock::now() < deadline) {
    const auto now = topics(timeout);
    if (std::none_of(doomed.begin(), doomed.end(), [&](const std::string& n) { return now.contains(n); }))
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  throw KafkaError(what + ": still listed after " + format_duration(timeout));
}

std::vector<std::string> KafkaAdmin::consumer_groups(Duration timeout) const {
  const auto event = admin_request(
      impl_->rk(), timeout, "cannot list the consumer groups of '" + impl_->client.bootstrap_servers + "'",
      [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_ListConsumerGroups(impl_->rk(), options, queue);
      });
  std::size_t count = 0;
  const auto** groups =
      rd_kafka_ListConsumerGroups_result_valid(rd_kafka_event_ListConsumerGroups_result(event.get()), &count);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) out.emplace_back(rd_kafka_ConsumerGroupListing_group_id(groups[i]));
  std::sort(out.begin(), out.end());
  return out;
}

void KafkaAdmin::delete_consumer_groups(const std::vector<std::string>& groups, Duration timeout) const {
  if (groups.empty()) return;
  const std::string what = "cannot delete consumer groups on '" + impl_->client.bootstrap_servers + "'";
  DeleteGroups list(groups);
  const auto event = admin_request(
      impl_->rk(), timeout, what, [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_DeleteGroups(impl_->rk(), list.data(), list.size(), options, queue);
      });
  std::size_t count = 0;
  const auto** results =
      rd_kafka_DeleteGroups_result_groups(rd_kafka_event_DeleteGroups_result(event.get()), &count);
  for (std::size_t i = 0; i < count; ++i) {
    const rd_kafka_error_t* error = rd_kafka_group_result_error(results[i]);
    if (error == nullptr) continue;
    const auto code = rd_kafka_error_code(error);
    if (code == RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND) continue;
    throw KafkaError(what + ": group '" + rd_kafka_group_result_name(results[i]) +
                     "': " + rd_kafka_error_string(error));
  }
}

void KafkaAdmin::delete_records(const TopicPartition& partition, std::int64_t offset,
                                Duration timeout) const {
  const std::string what = "cannot delete the records of " + partition.topic + "[" +
                           std::to_string(partition.partition) + "] before offset " + std::to_string(offset);
  std::unique_ptr<rd_kafka_topic_partition_list_t, decltype(&rd_kafka_topic_partition_list_destroy)> list(
      rd_kafka_topic_partition_list_new(1), &rd_kafka_topic_partition_list_destroy);
  rd_kafka_topic_partition_list_add(list.get(), partition.topic.c_str(), partition.partition)->offset =
      offset;
  std::unique_ptr<rd_kafka_DeleteRecords_t, decltype(&rd_kafka_DeleteRecords_destroy)> request(
      rd_kafka_DeleteRecords_new(list.get()), &rd_kafka_DeleteRecords_destroy);
  const auto event = admin_request(impl_->rk(), timeout, what,
                                   [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
                                     rd_kafka_DeleteRecords_t* requests[] = {request.get()};
                                     rd_kafka_DeleteRecords(impl_->rk(), requests, 1, options, queue);
                                   });
  const auto* offsets =
      rd_kafka_DeleteRecords_result_offsets(rd_kafka_event_DeleteRecords_result(event.get()));
  for (int i = 0; offsets != nullptr && i < offsets->cnt; ++i) {
    if (offsets->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw KafkaError(what + ": " + rd_kafka_err2str(offsets->elems[i].err));
    }
  }
}

PartitionOffsets KafkaAdmin::offsets(const TopicPartition& partition, Duration timeout) const {
  PartitionOffsets out;
  const auto err = rd_kafka_query_watermark_offsets(
      impl_->rk(), partition.topic.c_str(), partition.partition, &out.low, &out.high,
      detail::to_timeout_ms(std::chrono::duration_cast<std::chrono::milliseconds>(timeout)));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError("cannot read the offsets of " + partition.topic + "[" +
                     std::to_string(partition.partition) + "] on '" + impl_->client.bootstrap_servers +
                     "': " + rd_kafka_err2str(err));
  }
  return out;
}

}  // namespace streamlab::kafka
