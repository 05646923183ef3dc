// Kafka mode end to end: a windowed topology run over the mock cluster gives the final window
// results of a plain batch group-by of the same input; shutdown and unreachable brokers are bounded.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <thread>

#include "kafka_test_support.hpp"
#include "streamlab/kafka/kafka_admin.hpp"
#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/kafka/kafka_run.hpp"
#include "test_cluster.hpp"
#include "streamlab/kafka/topic_writer.hpp"
#include "streamlab/streamlab.hpp"

namespace streamlab::kafka {
namespace {

struct Click {
  std::string user;
  std::int64_t ts{0};
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Click, user, ts)

constexpr std::int64_t kBase = 1'750'000'000'000;  // 2025-06-15, a multiple of 10 s
constexpr std::int64_t kWindow = 10'000;

/// Per-minute click counts per user in 10 s tumbling windows, results to `counts`.
Topology clicks_per_window(Duration out_of_orderness) {
  StreamsBuilder b{{"kafka-mode"}};
  b.stream("clicks", Consumed{serdes::String(), serdes::Json<Click>()}.withTimestampField("ts"))
      .groupByKey()
      .windowedBy(TimeWindows::ofSize(Duration{kWindow}))
      .count()
      .toStream()
      .to("counts");
  auto topology = b.build();
  topology.graph().config.watermark = WatermarkStrategy::bounded(out_of_orderness);
  return topology;
}

/// 400 clicks of 7 users over a minute, in a scrambled (but at most 60 s out of order) sequence.
std::vector<Click> input() {
  std::vector<Click> clicks;
  for (int i = 0; i < 400; ++i) {
    clicks.push_back({"user-" + std::to_string((i * 31) % 7), kBase + (i * 7919) % 60'000});
  }
  return clicks;
}

using WindowKey = std::pair<std::string, std::int64_t>;  // key, window start (ms)

std::map<WindowKey, std::int64_t> batch_counts(const std::vector<Click>& clicks) {
  std::map<WindowKey, std::int64_t> out;
  for (const auto& c : clicks) ++out[{c.user, c.ts - c.ts % kWindow}];
  return out;
}

TEST(KafkaMode, WindowedCountsEqualABatchGroupByOfTheSameInput) {
  test::TestCluster cluster(1);
  cluster.create_topic("clicks", 3);
  cluster.create_topic("counts", 1);
  const auto clicks = input();
  {
    ClientConfig client{cluster.bootstrap_servers(), {}, std::chrono::seconds{5}};
    TopicWriter writer(client, "clicks");
    for (const auto& c : clicks) {
      writer.write(Record{c.user, nlohmann::json(c).dump(), from_millis(c.ts), {}});
    }
    writer.flush();
  }

  auto topology = clicks_per_window(std::chrono::seconds{60});
  KafkaRunOptions options;
  options.client.bootstrap_servers = cluster.bootstrap_servers();
  options.client.properties = {{"session.timeout.ms", "3000"}, {"heartbeat.interval.ms", "500"}};
  options.stop_at_end = true;
  const auto report = run_on_kafka(topology, options);
  EXPECT_EQ(report.accounting.records_in, static_cast<std::int64_t>(clicks.size()));
  EXPECT_EQ(report.accounting.contributed, static_cast<std::int64_t>(clicks.size()));
  EXPECT_EQ(report.accounting.unaccounted, 0);
  EXPECT_EQ(report.sink.failed, 0);

  auto read = test::source_options(cluster.bootstrap_servers(), "counts", "g-read");
  read.stop_at_end = true;
  KafkaSource results(read);
  const auto expected = batch_counts(clicks);
  const auto got = test::drain(results, expected.size() + 1);
  std::map<WindowKey, std::int64_t> actual;
  for (const auto& r : got.records) {
    const auto j = nlohmann::json::parse(r.record.value);
    EXPECT_EQ(j.at("pane"), "ON_TIME");
    const WindowKey key{j.at("key").get<std::string>(),
                        to_millis(parse_timestamp(j.at("window_start").get<std::string>()))};
    EXPECT_FALSE(actual.contains(key)) << "window reported twice: " << r.record.value;
    actual[key] = j.at("value").get<std::int64_t>();
    EXPECT_EQ(j.at("count").get<std::int64_t>(), actual[key]);
  }
  EXPECT_EQ(actual, expected);

  // Every input offset was committed after the results were delivered.
  auto probe = test::source_options(cluster.bootstrap_servers(), "clicks", "kafka-mode");
  KafkaSource group_view(probe);
  std::int64_t committed = 0;
  for (int p = 0; p < 3; ++p) {
    committed += std::max<std::int64_t>(0, group_view.committed({"clicks", p}, std::chrono::seconds{5}));
  }
  EXPECT_EQ(committed, static_cast<std::int64_t>(clicks.size()));
}

TEST(KafkaMode, ShutdownRequestStopsALiveRunWithinBound) {
  test::TestCluster cluster(1);
  cluster.create_topic("clicks", 2);
  cluster.create_topic("counts", 1);
  auto topology = clicks_per_window(std::chrono::seconds{0});
  ShutdownSignal stop;
  KafkaRunOptions options;
  options.client.bootstrap_servers = cluster.bootstrap_servers();
  options.client.properties = {{"session.timeout.ms", "3000"}, {"heartbeat.interval.ms", "500"}};
  options.idleness = std::chrono::seconds{1};
  options.shutdown = &stop;
  KafkaRunReport report;
  std::thread run([&] { report = run_on_kafka(topology, options); });
  std::this_thread::sleep_for(std::chrono::seconds{2});
  const auto start = std::chrono::steady_clock::now();
  stop.request();
  run.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds{10});
  EXPECT_TRUE(report.interrupted);
}

TEST(KafkaMode, UnreachableBrokersFailTheRunWithinBoundNamingThem) {
  auto topology = clicks_per_window(std::chrono::seconds{0});
  KafkaRunOptions options;
  options.client.bootstrap_servers = "127.0.0.1:1";
  options.client.connect_timeout = std::chrono::seconds{3};
  const auto start = std::chrono::steady_clock::now();
  try {
    (void)run_on_kafka(topology, options);
    ADD_FAILURE() << "a run against 127.0.0.1:1 must fail";
  } catch (const BrokersUnreachable& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:1"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds{15});
}

TEST(KafkaTopicUrl, ParsesHostPortAndTopic) {
  const auto url = parse_kafka_url("kafka://127.0.0.1:9092/clicks");
  EXPECT_EQ(url.bootstrap_servers, "127.0.0.1:9092");
  EXPECT_EQ(url.topic, "clicks");
  EXPECT_EQ(parse_kafka_url("kafka://a:1,b:2/t").bootstrap_servers, "a:1,b:2");
  EXPECT_THROW(parse_kafka_url("http://a:1/t"), std::invalid_argument);
  EXPECT_THROW(parse_kafka_url("kafka://a:1/"), std::invalid_argument);
  EXPECT_THROW(parse_kafka_url("kafka://a/t"), std::invalid_argument);
}

TEST(KafkaMode, OutputLateAndDeadLetterTopicsAreCreatedUpFront) {
  // With an empty input nothing is written, so the topics exist only if the run created them
  // before reading: through the Admin API on a real broker, on a metadata request on the mock.
  test::TestCluster cluster(1);
  cluster.create_topic("clicks", 2);
  auto topology = clicks_per_window(std::chrono::seconds{1});
  KafkaRunOptions options;
  options.client.bootstrap_servers = cluster.bootstrap_servers();
  options.client.properties = {{"session.timeout.ms", "3000"}, {"heartbeat.interval.ms", "500"}};
  options.stop_at_end = true;
  run_on_kafka(topology, options);
  const KafkaAdmin admin(ClientConfig{cluster.bootstrap_servers(), {}, std::chrono::seconds{5}});
  const auto topics = admin.topics(std::chrono::seconds{10});
  for (const std::string topic : {"counts", "kafka-mode-late", "kafka-mode-dead-letters"}) {
    ASSERT_TRUE(topics.contains(topic)) << topic << " was not created up front";
    for (std::int32_t p = 0; p < topics.at(topic); ++p) {
      EXPECT_EQ(admin.offsets({topic, p}, std::chrono::seconds{10}).high, 0) << topic << " holds records";
    }
  }
}

}  // namespace
}  // namespace streamlab::kafka

namespace streamlab::kafka {
namespace {

TEST(KafkaMode, ARunSaysWhenTheBrokerNoLongerHoldsTheRecordsItMustStartFrom) {
  // The broker deletes the oldest records of the input: the mock cluster by its per-partition size
  // cap (a few MiB), a real broker by deleteRecords (what time or size retention does).
  test::TestCluster cluster(1);
  cluster.create_topic("clicks", 1);
  cluster.create_topic("counts", 1);
  const ClientConfig client{cluster.bootstrap_servers(), {}, std::chrono::seconds{5}};
  const std::string pad(1000, 'x');
  const int written = cluster.real() ? 100 : 8000;  // 8000 x 1 KiB overflows the mock's cap
  {
    TopicWriter writer(client, "clicks");
    for (int i = 0; i < written; ++i) {
      const nlohmann::json value{{"user", "u"}, {"ts", kBase + i}, {"pad", pad}};
      writer.write(Record{"u", value.dump(), from_millis(kBase + i), {}});
    }
    writer.flush();
  }
  const KafkaAdmin admin(client);
  if (cluster.real()) admin.delete_records({"clicks", 0}, 40, std::chrono::seconds{20});
  const auto held = admin.offsets({"clicks", 0}, std::chrono::seconds{10});
  ASSERT_GT(held.low, 0) << "the broker kept every record: the test would prove nothing";
  ASSERT_EQ(held.high, written);

  auto topology = clicks_per_window(std::chrono::seconds{0});
  KafkaRunOptions options;
  options.client = client;
  options.client.properties = {{"session.timeout.ms", "3000"}, {"heartbeat.interval.ms", "500"}};
  options.stop_at_end = true;
  const auto report = run_on_kafka(topology, options);
  ASSERT_EQ(report.truncated.size(), 1U);
  EXPECT_EQ(report.truncated[0], (TruncatedInput{{"clicks", 0}, 0, held.low}));
  EXPECT_EQ(report.accounting.records_in, held.high - held.low);  // what could still be read
}

}  // namespace
}  // namespace streamlab::kafka
