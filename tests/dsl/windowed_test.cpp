// Windowed aggregations through the DSL: equality with a plain batch group-by when nothing is
// late (also across a repartition), LATE panes and the late output, update mode, per-partition
// watermarks with idleness, manual watermarks, and the number of windows held.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "streamlab/sim/random.hpp"
#include "streamlab/streamlab.hpp"
#include "test_support.hpp"

namespace {

using namespace std::chrono_literals;
using streamlab::Collector;
using streamlab::Consumed;
using streamlab::Pane;
using streamlab::Runtime;
using streamlab::StreamsBuilder;
using streamlab::WatermarkStrategy;
using streamlab::WindowResult;
using streamlab::test::MemorySink;
using streamlab::test::ScriptSource;
namespace serdes = streamlab::serdes;

using streamlab::test::Sale;

// (key, window start ms, window end ms) -> (count, sum)
using Table =
    std::map<std::tuple<std::string, std::int64_t, std::int64_t>, std::pair<std::int64_t, std::int64_t>>;

constexpr std::int64_t kDelay = 2000;  // bounded out-of-orderness, and the largest disorder

// Disordered sales over two partitions: a monotone base time per event minus a jitter <= kDelay,
// so no event is ever behind its partition's watermark (nothing is late).
std::vector<Sale> random_sales(std::uint64_t seed, int n) {
  streamlab::sim::SplitMix64 rng{seed};
  std::vector<Sale> out;
  std::int64_t base = 1'000'000;
  for (int i = 0; i < n; ++i) {
    base += streamlab::sim::uniform_int(rng, 0, 700);
    const std::int64_t t = base - streamlab::sim::uniform_int(rng, 0, kDelay);
    out.push_back(Sale{"s" + std::to_string(streamlab::sim::uniform_int(rng, 0, 3)),
                       "c" + std::to_string(streamlab::sim::uniform_int(rng, 0, 4)),
                       streamlab::sim::uniform_int(rng, 1, 100), t});
  }
  return out;
}

ScriptSource script_of(const std::vector<Sale>& sales) {
  ScriptSource s;
  s.declare("sales", 2);
  for (const auto& sale : sales) {
    s.record("sales", sale.store == "s0" || sale.store == "s1" ? 0 : 1, sale.store,
             nlohmann::json(sale).dump(), 0);
  }
  return s;
}

Table batch_time_windows(const std::vector<Sale>& sales, std::int64_t size, std::int64_t advance) {
  Table t;
  for (const auto& s : sales) {
    // Every [k*advance, k*advance + size) containing s.ts.
    const std::int64_t last_start = s.ts >= 0 ? s.ts / advance * advance : 0;
    for (std::int64_t start = last_start; start > s.ts - size; start -= advance) {
      auto& cell = t[{s.category, start, start + size}];
      cell.first += 1;
      cell.second += s.amount;
    }
  }
  return t;
}

Table batch_sessions(const std::vector<Sale>& sales, std::int64_t gap) {
  std::map<std::string, std::vector<std::pair<std::int64_t, std::int64_t>>> by_key;
  for (const auto& s : sales) by_key[s.category].emplace_back(s.ts, s.amount);
  Table t;
  for (auto& [key, events] : by_key) {
    std::sort(events.begin(), events.end());
    std::int64_t start = events[0].first, end = events[0].first + gap, count = 0, sum = 0;
    for (const auto& [ts, amount] : events) {
      if (ts > end) {  // a gap: the session [start, end) is over (touching sessions merge)
        t[{key, start, end}] = {count, sum};
        start = ts;
        count = 0;
        sum = 0;
      }
      end = std::max(end, ts + gap);
      ++count;
      sum += amount;
    }
    t[{key, start, end}] = {count, sum};
  }
  return t;
}

Table table_of(const Collector<std::string, WindowResult<std::string, std::int64_t>>& counts,
               const Collector<std::string, WindowResult<std::string, std::int64_t>>& sums) {
  Table t;
  for (const auto& e : counts.entries()) {
    EXPECT_EQ(e.value.pane, Pane::OnTime);
    auto& cell =
        t[{e.key, streamlab::to_millis(e.value.window.start), streamlab::to_millis(e.value.window.end)}];
    EXPECT_EQ(cell.first, 0) << "two final panes for one window";
    cell.first = e.value.value;
    EXPECT_EQ(e.value.count, e.value.value);
  }
  for (const auto& e : sums.entries()) {
    t[{e.key, streamlab::to_millis(e.value.window.start), streamlab::to_millis(e.value.window.end)}].second =
        e.value.value;
  }
  return t;
}

Consumed<std::string, Sale> sale_consumed() {
  return Consumed{serdes::String(), serdes::Json<Sale>()}.withTimestampField("ts");
}

template <class Windows>
Table run_windowed(const std::vector<Sale>& sales, const Windows& windows, bool rekey) {
  StreamsBuilder b{{"oracle", WatermarkStrategy::bounded(std::chrono::milliseconds{kDelay})}};
  Collector<std::string, WindowResult<std::string, std::int64_t>> counts;
  Collector<std::string, WindowResult<std::string, std::int64_t>> sums;
  auto stream = b.stream("sales", sale_consumed());
  // Either re-key by category (a repartition), or key by category without changing the key
  // "officially" (mapValues after a selectKey would also repartition, so compare both paths).
  auto grouped =
      rekey ? stream.groupBy([](const Sale& s) { return s.category; })
            : stream.map([](const std::string&, const Sale& s) { return streamlab::pair(s.category, s); })
                  .groupByKey();
  auto windowed = grouped.windowedBy(windows);
  if constexpr (std::is_same_v<Windows, streamlab::SessionWindows>) {
    windowed.count().toStream().collect(counts);
    windowed
        .aggregate([] { return std::int64_t{0}; },
                   [](const Sale& s, std::int64_t sum) { return sum + s.amount; },
                   [](std::int64_t a, std::int64_t c) { return a + c; })
        .toStream()
        .collect(sums);
  } else {
    windowed.count().toStream().collect(counts);
    windowed
        .aggregate([] { return std::int64_t{0}; },
                   [](const Sale& s, std::int64_t sum) { return sum + s.amount; })
        .toStream()
        .collect(sums);
  }
  auto topo = b.build();
  auto src = script_of(sales);
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_TRUE(rt.accounting().invariant_holds());
  EXPECT_EQ(rt.accounting().late_output, 0);
  EXPECT_EQ(rt.accounting().late_accepted, 0);
  EXPECT_EQ(rt.windows_held(), 0U) << "every window's state is freed at the end of input";
  return table_of(counts, sums);
}

TEST(Windowed, TumblingCountAndSumEqualABatchGroupByWhenNothingIsLate) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    auto sales = random_sales(seed, 250);
    EXPECT_EQ(run_windowed(sales, streamlab::TimeWindows::ofSize(10s), true),
              batch_time_windows(sales, 10000, 10000))
        << "seed " << seed;
  }
}

TEST(Windowed, HoppingCountAndSumEqualABatchGroupByWhenNothingIsLate) {
  for (std::uint64_t seed = 20; seed <= 28; ++seed) {
    auto sales = random_sales(seed, 200);
    EXPECT_EQ(run_windowed(sales, streamlab::TimeWindows::ofSize(10s).advanceBy(4s), false),
              batch_time_windows(sales, 10000, 4000))
        << "seed " << seed;
  }
}

TEST(Windowed, SessionCountAndSumEqualABatchSessionizationWhenNothingIsLate) {
  for (std::uint64_t seed = 40; seed <= 48; ++seed) {
    auto sales = random_sales(seed, 200);
    EXPECT_EQ(run_windowed(sales, streamlab::SessionWindows::withGap(1500ms), true),
              batch_sessions(sales, 1500))
        << "seed " << seed;
  }
}

TEST(Windowed, RepartitionedResultsEqualSingleStageResults) {
  auto sales = random_sales(99, 300);
  EXPECT_EQ(run_windowed(sales, streamlab::TimeWindows::ofSize(5s), true),
            run_windowed(sales, streamlab::TimeWindows::ofSize(5s), false));
}

// Tumbling 10 s, grace 5 s, W = max timestamp (no delay). Key a:
//   t=1s  -> [0,10) holds 1; t=12s -> W=12s fires [0,10) ON_TIME (count 1);
//   t=3s  -> behind W, [0,10) kept until W >= 15s: LATE pane (count 2);
//   t=16s -> W=16s frees [0,10);  t=4s -> [0,10) is gone: late output;
//   end   -> [10,20) ON_TIME with 12s and 16s (count 2).
TEST(Windowed, LateEventWithinGraceGivesALatePaneAndPastGraceGoesToTheLateOutput) {
  ScriptSource src;
  src.declare("e", 1);
  for (std::int64_t t : {1000, 12000, 3000, 16000, 4000}) src.record("e", 0, "a", std::to_string(t), t);
  StreamsBuilder b{{"late"}};
  Collector<std::string, WindowResult<std::string, std::int64_t>> panes;
  b.stream("e", Consumed{serdes::String(), serdes::Int64()})
      .groupByKey()
      .windowedBy(streamlab::TimeWindows::ofSize(10s).grace(5s))
      .count()
      .toStream()
      .collect(panes);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  ASSERT_EQ(panes.size(), 3U);
  EXPECT_EQ(panes.entries()[0].value.pane, Pane::OnTime);
  EXPECT_EQ(panes.entries()[0].value.count, 1);
  EXPECT_EQ(panes.entries()[0].timestamp, streamlab::from_millis(9999));  // window end - 1 ms
  EXPECT_EQ(panes.entries()[1].value.pane, Pane::Late);
  EXPECT_EQ(panes.entries()[1].value.value, 2);
  EXPECT_EQ(panes.entries()[2].value.window.start, streamlab::from_millis(10000));
  EXPECT_EQ(panes.entries()[2].value.value, 2);
  const auto& a = rt.accounting();
  EXPECT_EQ(a.records_in, 5);
  EXPECT_EQ(a.late_accepted, 1);
  EXPECT_EQ(a.late_output, 1);
  EXPECT_EQ(a.dropped_late, 1);
  EXPECT_EQ(a.contributed, 4);
  EXPECT_TRUE(a.invariant_holds());
  ASSERT_EQ(a.late_log.size(), 1U);
  EXPECT_EQ(a.late_log[0].offset, 4);
  EXPECT_EQ(a.late_log[0].timestamp, streamlab::from_millis(4000));
  EXPECT_EQ(a.late_log[0].watermark, streamlab::from_millis(16000));
  ASSERT_EQ(sink.records("late-late").size(), 1U);
  EXPECT_EQ(nlohmann::json::parse(sink.records("late-late")[0].value).at("offset"), 4);
}

TEST(Windowed, UpdateModeEmitsTheCurrentValueAfterEveryChange) {
  ScriptSource src;
  src.declare("e", 1);
  for (std::int64_t t : {1000, 2000, 11000}) src.record("e", 0, "a", "1", t);
  StreamsBuilder b;
  Collector<std::string, WindowResult<std::string, std::int64_t>> panes;
  b.stream("e", Consumed{serdes::String(), serdes::Int64()}.withRecordTimestamp())
      .groupByKey()
      .windowedBy(streamlab::TimeWindows::ofSize(10s))
      .emit(streamlab::EmitMode::Update)
      .count()
      .toStream()
      .collect(panes);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  ASSERT_EQ(panes.size(), 3U);
  EXPECT_EQ(panes.entries()[1].value.pane, Pane::Update);
  EXPECT_EQ(panes.entries()[1].value.value, 2);
  EXPECT_EQ(panes.entries()[2].value.window.start, streamlab::from_millis(10000));
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

// Partition 0 runs ahead to 30 s; partition 1 delivered 1 s and then went silent. The window
// [0,10) waits for partition 1 until it has been idle 5 s of processing time.
TEST(Windowed, SlowPartitionHoldsTheWatermarkUntilIdlenessReleasesIt) {
  ScriptSource src;
  src.declare("e", 2);
  src.record("e", 1, "a", "1", 1000, 0);
  src.record("e", 0, "a", "1", 2000, 1000);
  src.record("e", 0, "a", "1", 30000, 2000);
  src.tick(5999);
  src.tick(6000);  // partition 1 silent since processing time 0: idle now
  src.record("e", 0, "a", "1", 31000, 7000);
  StreamsBuilder b{{"idle", WatermarkStrategy::bounded(0ms).with_idleness(5s)}};
  Collector<std::string, WindowResult<std::string, std::int64_t>> panes;
  b.stream("e", Consumed{serdes::String(), serdes::Int64()})
      .groupByKey()
      .windowedBy(streamlab::TimeWindows::ofSize(10s))
      .count()
      .toStream()
      .collect(panes);
  auto topo = b.build();
  MemorySink sink;
  streamlab::RuntimeOptions options;
  options.delivery = streamlab::Delivery::AtLeastOnce;  // see panes as they are produced
  Runtime rt{topo, src, sink, options};
  rt.process(3);
  EXPECT_EQ(rt.watermark(), streamlab::from_millis(1000)) << "minimum over both partitions";
  EXPECT_EQ(panes.size(), 0U);
  rt.process(1);  // reads the ticks and the last record
  EXPECT_EQ(rt.watermark(), streamlab::from_millis(31000));
  ASSERT_GE(panes.size(), 1U);
  EXPECT_EQ(panes.entries()[0].value.window.start, streamlab::from_millis(0));
  EXPECT_EQ(panes.entries()[0].value.count, 2);
  rt.run();
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

TEST(Windowed, ManualStrategyMovesTheWatermarkOnlyOnControlMarks) {
  ScriptSource src;
  src.declare("e", 1);
  src.record("e", 0, "a", "1", 5000)
      .record("e", 0, "a", "1", 50000)
      .watermark(10000)
      .record("e", 0, "a", "1", 6000);
  StreamsBuilder b{{"manual", WatermarkStrategy::manual()}};
  Collector<std::string, WindowResult<std::string, std::int64_t>> panes;
  b.stream("e", Consumed{serdes::String(), serdes::Int64()})
      .groupByKey()
      .windowedBy(streamlab::TimeWindows::ofSize(10s))
      .count()
      .toStream()
      .collect(panes);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  // The event at 50 s did not move the watermark; the mark at 10 s fired [0,10) with one event;
  // the event at 6 s came after the window fired, with no grace: late output.
  ASSERT_EQ(panes.size(), 2U);
  EXPECT_EQ(panes.entries()[0].value.window.start, streamlab::from_millis(0));
  EXPECT_EQ(panes.entries()[0].value.count, 1);
  EXPECT_EQ(rt.accounting().late_output, 1);
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

TEST(Windowed, WindowsHeldStayBoundedDuringTheRunAndAreZeroAtTheEnd) {
  auto sales = random_sales(7, 400);
  StreamsBuilder b{{"mem", WatermarkStrategy::bounded(std::chrono::milliseconds{kDelay})}};
  auto counts = b.stream("sales", sale_consumed())
                    .groupBy([](const Sale& s) { return s.category; })
                    .windowedBy(streamlab::TimeWindows::ofSize(10s))
                    .count();
  counts.toStream().to("counts");
  auto topo = b.build();
  auto src = script_of(sales);
  MemorySink sink;
  Runtime rt{topo, src, sink};
  std::size_t most = 0;
  while (!rt.process(1)) most = std::max(most, rt.windows_held());
  // 5 keys; a watermark 2 s behind the newest event (and one partition possibly 700 ms further
  // behind) holds at most the current and the previous 10 s window per key.
  EXPECT_LE(most, 5U * 2U);
  EXPECT_GT(most, 0U);
  EXPECT_EQ(rt.windows_held(), 0U);
  EXPECT_EQ(counts.windows_held(), 0U);
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

// Event times 1 s, 12 s, 3 s arriving at processing times 1 s, 2 s, 3 s, then a tick at 10 s.
// Continuous (Flink): the event at 12 s fires [0,10) with one event; 3 s is then late (no grace).
// Micro-batch of 10 s (Spark): the watermark moves only at the batch end, so 3 s still counts.
std::vector<std::string> flink_vs_spark(bool micro_batch, std::int64_t* late_output) {
  ScriptSource src;
  src.declare("e", 1);
  src.record("e", 0, "a", "1", 1000, 1000)
      .record("e", 0, "a", "1", 12000, 2000)
      .record("e", 0, "a", "1", 3000, 3000);
  src.tick(10000);
  StreamsBuilder b;
  Collector<std::string, WindowResult<std::string, std::int64_t>> panes;
  auto windowed = b.stream("e", Consumed{serdes::String(), serdes::Int64()})
                      .groupByKey()
                      .windowedBy(streamlab::TimeWindows::ofSize(10s));
  (micro_batch ? windowed.microBatch(10s) : windowed).count().toStream().collect(panes);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_TRUE(rt.accounting().invariant_holds());
  *late_output = rt.accounting().late_output;
  std::vector<std::string> out;
  for (const auto& e : panes.entries()) {
    out.push_back(std::to_string(streamlab::to_millis(e.value.window.start)) + ":" +
                  std::to_string(e.value.count) + ":" + std::string{streamlab::to_string(e.value.pane)});
  }
  return out;
}

TEST(Windowed, MicroBatchTriggerJudgesLatenessOnlyAtBatchEnds) {
  std::int64_t late = 0;
  EXPECT_EQ(flink_vs_spark(false, &late), (std::vector<std::string>{"0:1:ON_TIME", "10000:1:ON_TIME"}));
  EXPECT_EQ(late, 1);
  EXPECT_EQ(flink_vs_spark(true, &late), (std::vector<std::string>{"0:2:ON_TIME", "10000:1:ON_TIME"}));
  EXPECT_EQ(late, 0);
}

TEST(Windowed, ProcessingTimeWindowsUseTheArrivalClock) {
  ScriptSource src;
  src.declare("e", 1);
  // Event times are all 0 s; arrivals at 1 s, 2 s and 11 s of processing time.
  src.record("e", 0, "a", "1", 0, 1000).record("e", 0, "a", "1", 0, 2000).record("e", 0, "a", "1", 0, 11000);
  StreamsBuilder b;
  Collector<std::string, WindowResult<std::string, std::int64_t>> panes;
  b.stream("e", Consumed{serdes::String(), serdes::Int64()})
      .groupByKey()
      .windowedBy(streamlab::TimeWindows::ofSize(10s))
      .onProcessingTime()
      .count()
      .toStream()
      .collect(panes);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  ASSERT_EQ(panes.size(), 2U);
  EXPECT_EQ(panes.entries()[0].value.window.start, streamlab::from_millis(0));
  EXPECT_EQ(panes.entries()[0].value.count, 2);
  EXPECT_EQ(panes.entries()[1].value.window.start, streamlab::from_millis(10000));
  EXPECT_EQ(panes.entries()[1].value.count, 1);
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

}  // namespace
