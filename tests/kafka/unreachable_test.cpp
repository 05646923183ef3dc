// Unreachable brokers, and a group coordinator that refuses to let the consumer join, fail within
// a bounded time with a message naming the bootstrap servers (and the group).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "kafka_test_support.hpp"
#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/kafka/kafka_sink.hpp"
#include "streamlab/kafka/mock_cluster.hpp"

namespace streamlab::kafka {
namespace {

// Port 1 on loopback: nothing listens there, so connections are refused at once.
constexpr const char* kNowhere = "127.0.0.1:1";
constexpr auto kBound = std::chrono::seconds{15};

template <typename Make>
void expect_unreachable_within_bound(Make make) {
  const auto start = std::chrono::steady_clock::now();
  try {
    make();
    ADD_FAILURE() << "construction against " << kNowhere << " succeeded";
  } catch (const BrokersUnreachable& e) {
    EXPECT_NE(std::string(e.what()).find(kNowhere), std::string::npos) << e.what();
    EXPECT_EQ(e.bootstrap_servers(), kNowhere);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, kBound);
}

TEST(KafkaUnreachable, SourceFailsWithinBoundNamingTheServers) {
  expect_unreachable_within_bound([] {
    auto options = test::source_options(kNowhere, "t", "g");
    options.client.connect_timeout = std::chrono::seconds{3};
    KafkaSource source(options);
  });
}

TEST(KafkaUnreachable, SinkFailsWithinBoundNamingTheServers) {
  expect_unreachable_within_bound([] {
    KafkaSinkOptions options;
    options.client.bootstrap_servers = kNowhere;
    options.client.connect_timeout = std::chrono::seconds{3};
    KafkaSink sink(options);
  });
}

TEST(KafkaUnreachable, RunningSourceGivesUpWhenEveryBrokerStaysDown) {
  MockCluster cluster(1);
  cluster.create_topic("t", 1);
  auto options = test::source_options(cluster.bootstrap_servers(), "t", "g-down");
  options.client.broker_down_timeout = std::chrono::seconds{2};
  KafkaSource source(options);
  (void)test::drain(source, 1, std::chrono::seconds{5});  // join the group
  cluster.set_broker_down(1);
  const auto start = std::chrono::steady_clock::now();
  bool reported = false;
  while (!reported && std::chrono::steady_clock::now() - start < kBound) {
    try {
      (void)source.next(std::chrono::milliseconds{100});
    } catch (const BrokersUnreachable& e) {
      reported = true;
      EXPECT_NE(std::string(e.what()).find(cluster.bootstrap_servers()), std::string::npos) << e.what();
    }
  }
  EXPECT_TRUE(reported) << "a source whose brokers are all down must report it within the bound";
  cluster.set_broker_up(1);
}

TEST(KafkaUnreachable, AGroupJoinTheBrokerRefusesFailsWithinTheJoinTimeoutNamingGroupAndServers) {
  MockCluster cluster(1);
  cluster.create_topic("t", 1);
  constexpr std::int16_t kJoinGroup = 11;
  constexpr int kInvalidSessionTimeout = 26;
  cluster.fail_requests(kJoinGroup, kInvalidSessionTimeout, 100'000);  // every join, all test long
  auto options = test::source_options(cluster.bootstrap_servers(), "t", "g-refused");
  options.join_timeout = std::chrono::seconds{3};
  KafkaSource source(options);
  const auto start = std::chrono::steady_clock::now();
  std::string message;
  while (message.empty() && std::chrono::steady_clock::now() - start < kBound) {
    try {
      (void)source.next(std::chrono::milliseconds{100});
    } catch (const KafkaError& e) {
      message = e.what();
    }
  }
  ASSERT_FALSE(message.empty()) << "a consumer the group never lets in must say so, not wait forever";
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::seconds{2});
  EXPECT_NE(message.find("'g-refused'"), std::string::npos) << message;
  EXPECT_NE(message.find("'t'"), std::string::npos) << message;
  EXPECT_NE(message.find(cluster.bootstrap_servers()), std::string::npos) << message;
  EXPECT_NE(message.find("Invalid session timeout"), std::string::npos) << message;
  EXPECT_NE(message.find("session.timeout.ms"), std::string::npos) << message;
}

}  // namespace
}  // namespace streamlab::kafka
