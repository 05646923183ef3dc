// MockCluster over librdkafka's mock cluster API (rdkafka_mock.h).
#include "streamlab/kafka/mock_cluster.hpp"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <algorithm>
#include <array>
#include <vector>

#include "streamlab/kafka/kafka_error.hpp"

namespace streamlab::kafka {

struct MockCluster::State {
  rd_kafka_t* handle{nullptr};
  rd_kafka_mock_cluster_t* cluster{nullptr};

  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() {
    if (cluster != nullptr) rd_kafka_mock_cluster_destroy(cluster);
    if (handle != nullptr) rd_kafka_destroy(handle);
  }
};

MockCluster::MockCluster(int broker_count) : state_(std::make_unique<State>()) {
  if (broker_count < 1) throw KafkaError("a mock cluster needs at least one broker");
  std::array<char, 512> errstr{};
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // The handle only hosts the cluster; it never connects anywhere, so keep it quiet.
  rd_kafka_conf_set(conf, "log_level", "0", errstr.data(), errstr.size());
  state_->handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr.data(), errstr.size());
  if (state_->handle == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw KafkaError(std::string("cannot create the mock cluster's handle: ") + errstr.data());
  }
  state_->cluster = rd_kafka_mock_cluster_new(state_->handle, broker_count);
  if (state_->cluster == nullptr) throw KafkaError("librdkafka could not start a mock cluster");
  broker_count_ = broker_count;
}

MockCluster::~MockCluster() = default;
MockCluster::MockCluster(MockCluster&&) noexcept = default;
MockCluster& MockCluster::operator=(MockCluster&&) noexcept = default;

std::string MockCluster::bootstrap_servers() const {
  return state_ ? rd_kafka_mock_cluster_bootstraps(state_->cluster) : "";
}

void MockCluster::create_topic(const std::string& topic, int partitions, int replication_factor) {
  if (partitions < 1) throw KafkaError("topic '" + topic + "' needs at least one partition");
  const int replicas = std::clamp(replication_factor, 1, broker_count_);
  const auto err = rd_kafka_mock_topic_create(state_->cluster, topic.c_str(), partitions, replicas);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError("cannot create topic '" + topic + "' in the mock cluster: " + rd_kafka_err2str(err));
  }
}

void MockCluster::fail_requests(std::int16_t api_key, int error, std::size_t count) {
  const std::vector<rd_kafka_resp_err_t> errors(count, static_cast<rd_kafka_resp_err_t>(error));
  rd_kafka_mock_push_request_errors_array(state_->cluster, api_key, errors.size(), errors.data());
}

void MockCluster::set_broker_down(std::int32_t broker_id) {
  const auto err = rd_kafka_mock_broker_set_down(state_->cluster, broker_id);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError("cannot take mock broker " + std::to_string(broker_id) +
                     " down: " + rd_kafka_err2str(err));
  }
}

void MockCluster::set_broker_up(std::int32_t broker_id) {
  const auto err = rd_kafka_mock_broker_set_up(state_->cluster, broker_id);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError("cannot bring mock broker " + std::to_string(broker_id) +
                     " up: " + rd_kafka_err2str(err));
  }
}

}  // namespace streamlab::kafka
