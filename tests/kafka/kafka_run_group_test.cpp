// Kafka mode with two instances in one consumer group: their results together equal a batch
// group-by of the input, also when one instance stops mid-run and the other takes over.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <thread>

#include "kafka_test_support.hpp"
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

constexpr std::int64_t kBase = 1'750'000'000'000;
constexpr std::int64_t kGroupWindow = 10'000;
constexpr int kKafkaRunGroupPartitions = 4;
const std::string kSentinel = "~end";  // a far-future click per partition closes every real window

Topology clicks_per_window() {
  StreamsBuilder b{{"kafka-group"}};
  b.stream("clicks", Consumed{serdes::String(), serdes::Json<Click>()}.withTimestampField("ts"))
      .groupByKey()
      .windowedBy(TimeWindows::ofSize(Duration{kGroupWindow}))
      .count()
      .toStream()
      .to("counts");
  auto topology = b.build();
  topology.graph().config.watermark = WatermarkStrategy::bounded(std::chrono::seconds{60});
  return topology;
}

std::vector<Click> input(int from, int to) {
  std::vector<Click> clicks;
  for (int i = from; i < to; ++i) {
    clicks.push_back({"user-" + std::to_string((i * 31) % 11), kBase + (i * 7919) % 60'000});
  }
  return clicks;
}

void produce(TopicWriter& writer, const std::vector<Click>& clicks) {
  for (const auto& c : clicks) {
    writer.write(Record{c.user, nlohmann::json(c).dump(), from_millis(c.ts), {}});
  }
  writer.flush();
}

void produce_sentinels(TopicWriter& writer) {
  for (int p = 0; p < kKafkaRunGroupPartitions; ++p) {
    const Click c{kSentinel, kBase + 3'600'000};
    writer.write(Record{kSentinel, nlohmann::json(c).dump(), from_millis(c.ts), {}}, p);
  }
  writer.flush();
}

using WindowKey = std::pair<std::string, std::int64_t>;

std::map<WindowKey, std::int64_t> batch_counts(const std::vector<Click>& clicks) {
  std::map<WindowKey, std::int64_t> out;
  for (const auto& c : clicks) ++out[{c.user, c.ts - c.ts % kGroupWindow}];
  return out;
}

/// One `run_on_kafka` instance on its own thread, stoppable like Ctrl-C would.
class Instance {
 public:
  Instance(const std::string& bootstrap, Topology topology) : topology_(std::move(topology)) {
    options_.client.bootstrap_servers = bootstrap;
    options_.client.properties = {{"session.timeout.ms", "3000"}, {"heartbeat.interval.ms", "500"}};
    options_.shutdown = &stop_;
    thread_ = std::thread([this] {
      try {
        report_ = run_on_kafka(topology_, options_);
      } catch (const std::exception& e) {
        error_ = e.what();
      }
    });
  }
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;
  ~Instance() { stop(); }
  void stop() {
    stop_.request();
    if (thread_.joinable()) thread_.join();
  }
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] const KafkaRunReport& report() const { return report_; }

 private:
  Topology topology_;
  ShutdownSignal stop_;
  KafkaRunOptions options_;
  KafkaRunReport report_;
  std::string error_;
  std::thread thread_;
};

/// Reads `counts` until it holds a pane for every expected window (or the deadline passes);
/// checks that a repeated window is an identical pane, as at-least-once promises.
std::map<WindowKey, std::int64_t> read_results(const std::string& bootstrap,
                                               const std::map<WindowKey, std::int64_t>& expected,
                                               std::int64_t& repeats) {
  auto options = test::source_options(bootstrap, "counts", "g-reader");
  KafkaSource source(options);
  std::map<WindowKey, std::int64_t> got;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{45};
  const auto complete = [&] {
    for (const auto& [key, value] : expected) {
      if (!got.contains(key)) return false;
    }
    return true;
  };
  while (!complete() && std::chrono::steady_clock::now() < until) {
    auto event = source.next(std::chrono::milliseconds{100});
    if (!event) break;
    const auto* r = std::get_if<ConsumedRecord>(&event->payload);
    if (r == nullptr) continue;
    const auto j = nlohmann::json::parse(r->record.value);
    const WindowKey key{j.at("key").get<std::string>(),
                        to_millis(parse_timestamp(j.at("window_start").get<std::string>()))};
    if (key.first == kSentinel) continue;
    const auto value = j.at("value").get<std::int64_t>();
    if (auto it = got.find(key); it != got.end()) {
      ++repeats;
      EXPECT_EQ(it->second, value) << "a repeated window must be an identical pane";
    }
    got[key] = value;
  }
  return got;
}

void wait_for_group(std::chrono::seconds how_long) { std::this_thread::sleep_for(how_long); }

TEST(KafkaModeGroup, TwoInstancesTogetherGiveTheBatchResult) {
  test::TestCluster cluster(1);
  cluster.create_topic("clicks", kKafkaRunGroupPartitions);
  cluster.create_topic("counts", 1);
  ClientConfig client{cluster.bootstrap_servers(), {}, std::chrono::seconds{5}};
  TopicWriter writer(client, "clicks");
  Instance a(cluster.bootstrap_servers(), clicks_per_window());
  Instance b(cluster.bootstrap_servers(), clicks_per_window());
  wait_for_group(std::chrono::seconds{6});  // both join and split the four partitions

  const auto clicks = input(0, 400);
  produce(writer, clicks);
  produce_sentinels(writer);
  std::int64_t repeats = 0;
  const auto expected = batch_counts(clicks);
  const auto got = read_results(cluster.bootstrap_servers(), expected, repeats);
  a.stop();
  b.stop();
  EXPECT_TRUE(a.error().empty()) << a.error();
  EXPECT_TRUE(b.error().empty()) << b.error();
  EXPECT_EQ(got, expected);
  EXPECT_GT(a.report().accounting.records_in, 0) << "instance A read a share of the partitions";
  EXPECT_GT(b.report().accounting.records_in, 0) << "instance B read a share of the partitions";
}

TEST(KafkaModeGroup, StoppingOneInstanceMidRunHandsOverWithoutLoss) {
  test::TestCluster cluster(1);
  cluster.create_topic("clicks", kKafkaRunGroupPartitions);
  cluster.create_topic("counts", 1);
  ClientConfig client{cluster.bootstrap_servers(), {}, std::chrono::seconds{5}};
  TopicWriter writer(client, "clicks");
  auto a = std::make_unique<Instance>(cluster.bootstrap_servers(), clicks_per_window());
  Instance b(cluster.bootstrap_servers(), clicks_per_window());
  wait_for_group(std::chrono::seconds{6});

  const auto first = input(0, 200);
  produce(writer, first);
  std::this_thread::sleep_for(std::chrono::seconds{2});
  a->stop();  // Ctrl-C on instance A: flush, commit what is safe, leave the group
  EXPECT_TRUE(a->error().empty()) << a->error();
  EXPECT_TRUE(a->report().interrupted);
  EXPECT_GT(a->report().accounting.records_in, 0) << "A was processing when it stopped";
  a.reset();

  auto all = first;
  const auto second = input(200, 400);
  all.insert(all.end(), second.begin(), second.end());
  produce(writer, second);
  produce_sentinels(writer);
  std::int64_t repeats = 0;
  const auto expected = batch_counts(all);
  const auto got = read_results(cluster.bootstrap_servers(), expected, repeats);
  b.stop();
  EXPECT_TRUE(b.error().empty()) << b.error();
  EXPECT_EQ(got, expected) << "every window is complete after the hand-over";
  EXPECT_GE(b.report().rebalances, 1) << "B restarted from committed offsets when A left";
  RecordProperty("repeated_panes", std::to_string(repeats));
}

}  // namespace
}  // namespace streamlab::kafka
