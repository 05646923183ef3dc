// Grouping and aggregations (count, reduce, aggregate, table) by hand-worked cases, and
// repartitioning when the key changes.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "streamlab/streamlab.hpp"
#include "test_support.hpp"

namespace {

using streamlab::Collector;
using streamlab::Consumed;
using streamlab::Runtime;
using streamlab::StreamsBuilder;
using streamlab::test::MemorySink;
using streamlab::test::ScriptSource;
namespace serdes = streamlab::serdes;

/// A sale with a decimal amount, for the aggregations that sum money.
struct PricedSale {
  std::string store;
  std::string category;
  double amount{0};
  std::int64_t ts{0};
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PricedSale, store, category, amount, ts)

ScriptSource sales_script() {
  ScriptSource s;
  s.declare("sales", 1);
  auto add = [&s](const char* store, const char* cat, double amount, std::int64_t ts) {
    s.record("sales", 0, store, nlohmann::json(PricedSale{store, cat, amount, ts}).dump(), ts);
  };
  add("s1", "books", 10, 1000);
  add("s2", "games", 5, 2000);
  add("s1", "games", 7, 3000);
  add("s3", "books", 1.5, 4000);
  add("s2", "books", 2, 5000);
  return s;
}

Consumed<std::string, PricedSale> sale_consumed() {
  return Consumed{serdes::String(), serdes::Json<PricedSale>()}.withTimestampField("ts");
}

void expect_balanced(const Runtime& rt) {
  EXPECT_TRUE(rt.accounting().invariant_holds());
  EXPECT_EQ(rt.accounting().unaccounted, 0);
}

TEST(Aggregation, CountPerKeyEmitsEveryUpdateAndKeepsTheLatestInTheTable) {
  StreamsBuilder b{{"app"}};
  Collector<std::string, std::int64_t> counts;
  auto table = b.stream("sales", sale_consumed()).groupByKey().count();
  table.toStream().collect(counts);
  auto topo = b.build();
  auto src = sales_script();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  // s1: 1, s2: 1, s1: 2, s3: 1, s2: 2 (one update per record).
  EXPECT_EQ(counts.values(), (std::vector<std::int64_t>{1, 1, 2, 1, 2}));
  EXPECT_EQ(counts.latest(), (std::map<std::string, std::int64_t>{{"s1", 2}, {"s2", 2}, {"s3", 1}}));
  EXPECT_EQ(*table.store()->get("s1"), 2);
  EXPECT_EQ(rt.accounting().repartitioned, 0);  // the key did not change
  expect_balanced(rt);
}

TEST(Aggregation, GroupByNewKeyRepartitionsThroughTheNamedInternalTopic) {
  StreamsBuilder b{{"shop"}};
  Collector<std::string, double> revenue;
  b.stream("sales", sale_consumed())
      .groupBy([](const PricedSale& s) { return s.category; },
               streamlab::Grouped<std::string, PricedSale>::with(serdes::String(), serdes::Json<PricedSale>())
                   .withName("by-category"))
      .aggregate([] { return 0.0; }, [](const PricedSale& s, double sum) { return sum + s.amount; })
      .toStream()
      .collect(revenue);
  auto topo = b.build();
  ASSERT_EQ(topo.internal_topics(), (std::vector<std::string>{"shop-by-category-repartition"}));
  auto src = sales_script();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_EQ(revenue.latest(), (std::map<std::string, double>{{"books", 13.5}, {"games", 12.0}}));
  const auto& through = sink.records("shop-by-category-repartition");
  ASSERT_EQ(through.size(), 5U);
  EXPECT_EQ(through[1].key, "games");  // the new key is on the record in the topic
  EXPECT_EQ(through[1].timestamp, streamlab::from_millis(2000));
  EXPECT_EQ(rt.accounting().repartitioned, 5);
  EXPECT_EQ(rt.accounting().results_out, 5);  // the internal topic is not a result
  expect_balanced(rt);
}

TEST(Aggregation, ReduceStartsFromTheFirstValue) {
  StreamsBuilder b;
  Collector<std::string, double> best;
  b.stream("sales", sale_consumed())
      .mapValues([](const PricedSale& s) { return s.amount; })
      .groupByKey(streamlab::Grouped<std::string, double>{})
      .reduce([](double a, double v) { return a > v ? a : v; })
      .toStream()
      .collect(best);
  auto topo = b.build();
  auto src = sales_script();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_EQ(best.values(), (std::vector<double>{10, 5, 10, 1.5, 5}));
  expect_balanced(rt);
}

TEST(Aggregation, AggregateAdderMayTakeTheKey) {
  StreamsBuilder b;
  Collector<std::string, std::string> seen;
  b.stream("sales", sale_consumed())
      .groupByKey()
      .aggregate([] { return std::string{}; },
                 [](const std::string& key, const PricedSale& s, const std::string& acc) {
                   return acc.empty() ? key + ":" + s.category : acc + "," + s.category;
                 })
      .toStream()
      .collect(seen);
  auto topo = b.build();
  auto src = sales_script();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_EQ(seen.latest().at("s1"), "s1:books,games");
  EXPECT_EQ(seen.latest().at("s2"), "s2:games,books");
  expect_balanced(rt);
}

TEST(Aggregation, TableKeepsTheLatestValuePerKeyAndTombstonesDelete) {
  ScriptSource src;
  src.declare("prices", 1);
  src.record("prices", 0, "apple", "3", 1).record("prices", 0, "pear", "4", 2);
  src.record("prices", 0, "apple", "5", 3).record("prices", 0, "pear", "", 4);
  StreamsBuilder b;
  Collector<std::string, std::int64_t> changes;
  auto prices = b.table("prices", Consumed{serdes::String(), serdes::Int64()});
  prices.toStream().collect(changes);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_EQ(changes.values(), (std::vector<std::int64_t>{3, 4, 5}));
  ASSERT_NE(prices.store()->get("apple"), nullptr);
  EXPECT_EQ(*prices.store()->get("apple"), 5);
  EXPECT_EQ(prices.store()->get("pear"), nullptr);
  EXPECT_EQ(rt.accounting().records_in, 4);
  expect_balanced(rt);
}

}  // namespace
