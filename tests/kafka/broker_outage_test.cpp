// A broker taken down mid-run and brought back: every record is delivered, none lost or doubled.
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "kafka_test_support.hpp"
#include "streamlab/kafka/kafka_sink.hpp"
#include "streamlab/kafka/mock_cluster.hpp"

namespace streamlab::kafka {
namespace {

TEST(KafkaBrokerOutage, BrokerDownAndUpLosesNothing) {
  MockCluster cluster(3);
  constexpr int kBrokerOutagePartitions = 6;
  constexpr int kRecords = 150;
  cluster.create_topic("orders", kBrokerOutagePartitions, 3);
  KafkaSinkOptions sink_options;
  sink_options.client.bootstrap_servers = cluster.bootstrap_servers();
  KafkaSink sink(sink_options);
  auto source_options = test::source_options(cluster.bootstrap_servers(), "orders", "g-outage");
  KafkaSource source(source_options);

  std::map<std::string, int> seen;
  const auto poll_for = [&](std::chrono::milliseconds how_long) {
    const auto until = std::chrono::steady_clock::now() + how_long;
    while (std::chrono::steady_clock::now() < until) {
      auto event = source.next(std::chrono::milliseconds{20});
      ASSERT_TRUE(event.has_value());
      if (auto* r = std::get_if<ConsumedRecord>(&event->payload)) {
        ++seen[r->record.value];
        source.commit(r->source, r->offset);
      }
    }
  };

  for (int i = 0; i < kRecords / 3; ++i) {
    sink.write("orders", test::keyed("o" + std::to_string(i), std::to_string(i), i));
  }
  sink.flush();
  poll_for(std::chrono::milliseconds{500});

  cluster.set_broker_down(2);  // leads some partitions; no leader change happens in the mock
  for (int i = kRecords / 3; i < 2 * kRecords / 3; ++i) {
    sink.write("orders", test::keyed("o" + std::to_string(i), std::to_string(i), i));
  }
  poll_for(std::chrono::seconds{2});
  cluster.set_broker_up(2);
  for (int i = 2 * kRecords / 3; i < kRecords; ++i) {
    sink.write("orders", test::keyed("o" + std::to_string(i), std::to_string(i), i));
  }
  sink.flush();  // throws if any record failed: a loss is never silent
  EXPECT_EQ(sink.stats().delivered, kRecords);

  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{30};
  while (seen.size() < static_cast<std::size_t>(kRecords) && std::chrono::steady_clock::now() < until) {
    poll_for(std::chrono::milliseconds{200});
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kRecords)) << "records lost in the outage";
  for (const auto& [value, count] : seen) {
    EXPECT_EQ(count, 1) << "record " << value << " was written twice (idempotence broken)";
  }
}

}  // namespace
}  // namespace streamlab::kafka
