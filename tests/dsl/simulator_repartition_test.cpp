// The same topology on the simulator's log: a re-keyed stream travels through the internal
// repartition topic, where each record lands on the partition Kafka's murmur2 partitioner picks
// for its new key, and the windowed result equals a plain batch group-by.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "streamlab/sim/log.hpp"
#include "streamlab/sim/partitioner.hpp"
#include "streamlab/sim/simulator_sink.hpp"
#include "streamlab/sim/simulator_source.hpp"
#include "streamlab/sim/virtual_clock.hpp"
#include "streamlab/streamlab.hpp"

namespace {

using namespace std::chrono_literals;
namespace sim = streamlab::sim;
namespace serdes = streamlab::serdes;

struct Click {
  std::string user;
  std::string page;
  std::int64_t ts{0};
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Click, user, page, ts)

TEST(SimulatorRepartition, ReKeyedRecordsLandOnTheMurmur2PartitionOfTheirNewKey) {
  sim::Log log;
  sim::VirtualClock clock;
  log.create_topic("clicks", 3);
  log.create_topic("web-by-page-repartition", 4);
  const std::vector<std::string> pages{"home", "cart", "search", "help", "about", "blog"};
  std::map<std::pair<std::string, std::int64_t>, std::int64_t> oracle;  // (page, window start) -> count
  for (int i = 0; i < 60; ++i) {
    Click c{"u" + std::to_string(i % 7), pages[static_cast<std::size_t>((i * 5) % 6)], 1000 * i};
    log.append("clicks",
               streamlab::Record{c.user, nlohmann::json(c).dump(), streamlab::from_millis(c.ts), {}},
               streamlab::from_millis(10 * i));
    ++oracle[{c.page, c.ts / 10000 * 10000}];
  }

  streamlab::StreamsBuilder b{{"web", streamlab::WatermarkStrategy::bounded(0ms)}};
  streamlab::Collector<std::string, streamlab::WindowResult<std::string, std::int64_t>> counts;
  b.stream("clicks", streamlab::Consumed{serdes::String(), serdes::Json<Click>()}.withTimestampField("ts"))
      .groupBy([](const Click& c) { return c.page; },
               streamlab::Grouped<std::string, Click>::with(serdes::String(), serdes::Json<Click>())
                   .withName("by-page"))
      .windowedBy(streamlab::TimeWindows::ofSize(10s))
      .count()
      .toStream()
      .collect(counts);
  auto topo = b.build();
  sim::SimulatorSource source{
      log, sim::SimulatorSourceOptions{{"clicks"}, "web", 0, 1, sim::StartFrom::Beginning, {}, true}, &clock};
  sim::SimulatorSink sink{log, clock};
  streamlab::Runtime rt{topo, source, sink};
  rt.run();

  // Every record of the repartition topic sits on murmur2(new key) % 4, and keys moved: the
  // input was partitioned by user, the repartition topic by page.
  int moved = 0;
  int total = 0;
  for (const auto& tp : log.partitions("web-by-page-repartition")) {
    for (const auto& cr : log.read(tp, 0)) {
      ++total;
      ASSERT_TRUE(cr.record.key.has_value());
      EXPECT_EQ(tp.partition, sim::partition_for_key(*cr.record.key, 4)) << *cr.record.key;
      const auto user = nlohmann::json::parse(cr.record.value).at("user").get<std::string>();
      if (sim::partition_for_key(user, 3) != tp.partition) ++moved;
    }
  }
  EXPECT_EQ(total, 60);
  EXPECT_GT(moved, 0);

  std::map<std::pair<std::string, std::int64_t>, std::int64_t> got;
  for (const auto& e : counts.entries())
    got[{e.key, streamlab::to_millis(e.value.window.start)}] = e.value.value;
  EXPECT_EQ(got, oracle);
  EXPECT_TRUE(rt.accounting().invariant_holds());
  EXPECT_EQ(rt.accounting().records_in, 60);
  EXPECT_EQ(log.committed("web", streamlab::TopicPartition{"clicks", 0}), log.end_offset({"clicks", 0}));
}

// The Grouped serdes run only where the next stage decodes the topic (a scale-out run). On the
// simulator the record is written and handed on as it is, so a value the serde cannot carry — a
// NaN double, which JSON writes as null and no double reads back — still reaches the aggregate
// and is counted, while the topic holds the bytes a scale-out reader would dead-letter.
TEST(SimulatorRepartition, AValueTheGroupedSerdeCannotCarryIsHandedOnAsItIsInProcess) {
  sim::Log log;
  sim::VirtualClock clock;
  log.create_topic("clicks", 1);
  log.create_topic("nan-by-page-repartition", 1);
  const std::vector<Click> clicks{{"u1", "home", 1000}, {"u2", "help", 2000}, {"u3", "home", 3000}};
  for (std::size_t i = 0; i < clicks.size(); ++i) {
    const auto& c = clicks[i];
    log.append("clicks",
               streamlab::Record{c.user, nlohmann::json(c).dump(), streamlab::from_millis(c.ts), {}},
               streamlab::from_millis(static_cast<std::int64_t>(10 * i)));
  }

  streamlab::StreamsBuilder b{{"nan", streamlab::WatermarkStrategy::bounded(0ms)}};
  streamlab::Collector<std::string, std::int64_t> counts;
  b.stream("clicks", streamlab::Consumed{serdes::String(), serdes::Json<Click>()}.withTimestampField("ts"))
      .map([](const std::string&, const Click& c) {
        return streamlab::KeyValue<std::string, double>{
            c.page, c.page == "help" ? std::numeric_limits<double>::quiet_NaN() : 1.0};
      })
      .groupByKey(streamlab::Grouped<std::string, double>::with(serdes::String(), serdes::Json<double>())
                      .withName("by-page"))
      .count()
      .toStream()
      .collect(counts);
  auto topo = b.build();
  sim::SimulatorSource source{
      log, sim::SimulatorSourceOptions{{"clicks"}, "nan", 0, 1, sim::StartFrom::Beginning, {}, true}, &clock};
  sim::SimulatorSink sink{log, clock};
  streamlab::Runtime rt{topo, source, sink};
  rt.run();

  std::map<std::string, std::int64_t> last;  // the table's final count per page
  for (const auto& e : counts.entries()) last[e.key] = e.value;
  EXPECT_EQ(last, (std::map<std::string, std::int64_t>{{"home", 2}, {"help", 1}}));
  EXPECT_EQ(rt.accounting().dead_letters, 0);
  EXPECT_TRUE(rt.accounting().invariant_holds());

  std::vector<std::string> written;
  for (const auto& cr : log.read({"nan-by-page-repartition", 0}, 0)) written.push_back(cr.record.value);
  ASSERT_EQ(written.size(), 3U);
  EXPECT_EQ(written[1], "null");
  EXPECT_THROW((void)serdes::Json<double>().deserialize(written[1]), std::exception);
}

}  // namespace
