// Crash and restart: a run crashed after its k-th input record and restarted from its last
// checkpoint produces exactly the output of the run that never crashed, for every k, several
// checkpoint intervals, and a topology with every kind of state (windows with lateness, a
// repartition, a table, a join, keyed state with timers) over disordered input with late and
// malformed records.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "streamlab/sim/random.hpp"
#include "streamlab/streamlab.hpp"
#include "test_support.hpp"

namespace {

using namespace std::chrono_literals;
using streamlab::Collector;
using streamlab::Consumed;
using streamlab::KeyedProcessFunction;
using streamlab::Runtime;
using streamlab::RuntimeOptions;
using streamlab::StreamsBuilder;
using streamlab::Timestamp;
using streamlab::WatermarkStrategy;
using streamlab::WindowResult;
using streamlab::test::MemorySink;
using streamlab::test::ScriptSource;
namespace serdes = streamlab::serdes;

using streamlab::test::Sale;

// Reports a store that sold nothing for 5 s of event time after a sale.
struct Silence : KeyedProcessFunction<std::string, Sale, std::string> {
  streamlab::ValueState<std::int64_t> last;
  void open(streamlab::StateRegistry& state) override { last = state.value<std::int64_t>("last"); }
  void process_element(const Sale& s, Context& ctx) override {
    last.update(std::max(last.value_or(s.ts), s.ts));
    ctx.timers().register_event_time_timer(streamlab::from_millis(*last.value() + 5000));
  }
  void on_timer(Timestamp t, Context& ctx) override {
    if (last.value() && *last.value() + 5000 == streamlab::to_millis(t)) {
      ctx.output(ctx.key() + " silent since " + std::to_string(*last.value()));
      last.clear();
    }
  }
};

// Disordered sales (some later than the 1 s delay plus 1 s grace allow), a few malformed
// records, and a changelog of category names interleaved with them.
ScriptSource script(std::uint64_t seed, int n) {
  streamlab::sim::SplitMix64 rng{seed};
  ScriptSource s;
  s.declare("sales", 2).declare("categories", 1);
  std::int64_t base = 0;
  std::int64_t now = 0;
  for (int i = 0; i < n; ++i) {
    now += 100;
    if (i % 17 == 3) {
      const auto c = streamlab::sim::uniform_int(rng, 0, 3);
      s.record("categories", 0, "c" + std::to_string(c),
               "Category " + std::to_string(c) + "." + std::to_string(i), 0, now);
      continue;
    }
    if (i % 29 == 5) {
      s.record("sales", i % 2, "s0", i % 2 == 0 ? "{broken" : R"({"store":"s0","category":"c1","amount":1})",
               0, now);
      continue;
    }
    base += streamlab::sim::uniform_int(rng, 0, 900);
    const bool straggler = streamlab::sim::bernoulli(rng, 0.15);
    const std::int64_t t = base - streamlab::sim::uniform_int(rng, 0, straggler ? 12000 : 1500);
    Sale sale{"s" + std::to_string(streamlab::sim::uniform_int(rng, 0, 2)),
              "c" + std::to_string(streamlab::sim::uniform_int(rng, 0, 3)),
              streamlab::sim::uniform_int(rng, 1, 9), t};
    s.record("sales", sale.store == "s2" ? 1 : 0, sale.store, nlohmann::json(sale).dump(), 0, now);
  }
  return s;
}

struct Outputs {
  Collector<std::string, WindowResult<std::string, std::int64_t>> revenue;
  Collector<std::string, std::int64_t> per_store;
  Collector<std::string, std::string> named;
  Collector<std::string, std::string> silence;
};

streamlab::Topology build(Outputs& out) {
  StreamsBuilder b{{"shop", WatermarkStrategy::bounded(1s)}};
  auto sales = b.stream("sales", Consumed{serdes::String(), serdes::Json<Sale>()}.withTimestampField("ts"));
  auto names = b.table("categories", Consumed{serdes::String(), serdes::String()});
  sales.groupBy([](const Sale& s) { return s.category; })
      .windowedBy(streamlab::TimeWindows::ofSize(5s).grace(1s))
      .aggregate([] { return std::int64_t{0}; },
                 [](const Sale& s, std::int64_t sum) { return sum + s.amount; })
      .toStream()
      .collect(out.revenue);
  sales.groupByKey().count().toStream().collect(out.per_store);
  sales.selectKey([](const Sale& s) { return s.category; })
      .join(names,
            [](const Sale& s, const std::string& name) { return name + ":" + std::to_string(s.amount); })
      .to("named");
  sales.selectKey([](const Sale& s) { return s.category; })
      .leftJoin(names,
                [](const Sale& s, const std::optional<std::string>& name) {
                  return name.value_or("?") + "/" + s.store;
                })
      .collect(out.named);
  sales.process(std::make_shared<Silence>()).collect(out.silence);
  return b.build();
}

template <class K, class V>
std::vector<std::string> render(const Collector<K, V>& c) {
  std::vector<std::string> out;
  for (const auto& e : c.entries()) {
    out.push_back(nlohmann::json(e.key).dump() + " " + streamlab::detail::to_json_value(e.value).dump() +
                  " " + streamlab::format_timestamp(e.timestamp));
  }
  return out;
}

struct RunResult {
  std::vector<std::string> revenue, per_store, named, silence, named_topic, late_topic, dead_topic;
  streamlab::Accounting accounting;
};

RunResult collect(const Outputs& out, MemorySink& sink, const streamlab::Accounting& a) {
  return RunResult{render(out.revenue),
                   render(out.per_store),
                   render(out.named),
                   render(out.silence),
                   sink.values("named"),
                   sink.values("shop-late"),
                   sink.values("shop-dead-letters"),
                   a};
}

RunResult uninterrupted(std::uint64_t seed, int n, std::int64_t every) {
  Outputs out;
  auto topo = build(out);
  auto src = script(seed, n);
  MemorySink sink;
  RuntimeOptions options;
  options.checkpoint_every = every;
  Runtime rt{topo, src, sink, options};
  rt.run();
  return collect(out, sink, rt.accounting());
}

RunResult crashed_and_restarted(std::uint64_t seed, int n, std::int64_t every, std::int64_t crash_after,
                                streamlab::Delivery delivery = streamlab::Delivery::ExactlyOnce) {
  Outputs out;
  MemorySink sink;
  streamlab::InMemoryCheckpointStore store;
  RuntimeOptions options;
  options.delivery = delivery;
  options.checkpoint_every = every;
  options.checkpoints = &store;
  {
    auto topo = build(out);
    auto src = script(seed, n);
    Runtime rt{topo, src, sink, options};
    rt.process(crash_after);
  }  // crash: the runtime, its topology and its unreleased output are gone
  auto topo = build(out);
  auto src = script(seed, n);  // a fresh consumer replays from the start; the runtime skips what is covered
  Runtime rt{topo, src, sink, options};
  rt.run();
  return collect(out, sink, rt.accounting());
}

void expect_same(const RunResult& want, const RunResult& got, const std::string& what) {
  EXPECT_EQ(got.revenue, want.revenue) << what;
  EXPECT_EQ(got.per_store, want.per_store) << what;
  EXPECT_EQ(got.named, want.named) << what;
  EXPECT_EQ(got.silence, want.silence) << what;
  EXPECT_EQ(got.named_topic, want.named_topic) << what;
  EXPECT_EQ(got.late_topic, want.late_topic) << what;
  EXPECT_EQ(got.dead_topic, want.dead_topic) << what;
  EXPECT_EQ(got.accounting.records_in, want.accounting.records_in) << what;
  EXPECT_EQ(got.accounting.contributed, want.accounting.contributed) << what;
  EXPECT_EQ(got.accounting.late_output, want.accounting.late_output) << what;
  EXPECT_EQ(got.accounting.dead_letters, want.accounting.dead_letters) << what;
  EXPECT_EQ(got.accounting.results_out, want.accounting.results_out) << what;
  EXPECT_TRUE(got.accounting.invariant_holds()) << what;
}

TEST(Checkpoint, TheScenarioExercisesLatenessDeadLettersJoinsAndTimers) {
  auto r = uninterrupted(5, 140, 10);
  EXPECT_GT(r.accounting.late_accepted, 0);
  // Late sales also feed the count, the join and the process function, so they count as
  // contributed; the windowed aggregation's late drops show in dropped_late and the late topic.
  EXPECT_GT(r.accounting.dropped_late, 0);
  EXPECT_FALSE(r.late_topic.empty());
  EXPECT_GT(r.accounting.dead_letters, 0);
  EXPECT_GT(r.accounting.join_unmatched, 0);
  EXPECT_FALSE(r.silence.empty());
  EXPECT_FALSE(r.named_topic.empty());
  EXPECT_TRUE(r.accounting.invariant_holds());
  // Checkpoint intervals do not change results.
  auto r1 = uninterrupted(5, 140, 1);
  expect_same(r, r1, "checkpoint every record");
}

TEST(Checkpoint, CrashAfterEveryKthRecordAndRestartReproducesTheUninterruptedOutput) {
  const int n = 140;
  for (std::int64_t every : {1, 4, 13}) {
    const auto want = uninterrupted(5, n, every);
    for (std::int64_t k = 1; k <= want.accounting.records_in; k += 3) {
      expect_same(want, crashed_and_restarted(5, n, every, k),
                  "checkpoint every " + std::to_string(every) + ", crash after record " + std::to_string(k));
    }
  }
}

TEST(Checkpoint, AtLeastOnceRestartMayRepeatResultsButNeverLosesOne) {
  const auto want = uninterrupted(5, 140, 10);
  bool repeated = false;
  for (std::int64_t k = 5; k <= want.accounting.records_in; k += 11) {
    const auto got = crashed_and_restarted(5, 140, 10, k, streamlab::Delivery::AtLeastOnce);
    using Field = std::vector<std::string> RunResult::*;
    for (Field field : {&RunResult::revenue, &RunResult::named, &RunResult::silence}) {
      const auto& w = want.*field;
      const auto& g = got.*field;
      EXPECT_GE(g.size(), w.size()) << "crash after " << k;
      EXPECT_EQ(std::set<std::string>(g.begin(), g.end()), std::set<std::string>(w.begin(), w.end()))
          << "crash after " << k;
      repeated = repeated || g.size() > w.size();
    }
  }
  EXPECT_TRUE(repeated) << "a crash between checkpoints repeats the results since the last one";
}

TEST(Checkpoint, CheckpointSurvivesAFileRoundTrip) {
  const auto path = std::string{STREAMLAB_BINARY_DIR} + "/dsl_checkpoint_test.json";
  std::remove(path.c_str());
  Outputs out;
  MemorySink sink;
  streamlab::FileCheckpointStore store{path};
  RuntimeOptions options;
  options.checkpoint_every = 7;
  options.checkpoints = &store;
  {
    auto topo = build(out);
    auto src = script(11, 90);
    Runtime rt{topo, src, sink, options};
    rt.process(40);
  }
  ASSERT_TRUE(store.latest().has_value());
  EXPECT_EQ(store.latest()->records, 35);
  auto topo = build(out);
  auto src = script(11, 90);
  Runtime rt{topo, src, sink, options};
  rt.run();
  expect_same(uninterrupted(11, 90, 7), collect(out, sink, rt.accounting()), "file checkpoint");
  std::remove(path.c_str());
}

TEST(Checkpoint, OffsetsAreCommittedOnlyAfterTheSinkIsFlushed) {
  Outputs out;
  auto topo = build(out);
  auto src = script(3, 60);
  MemorySink sink;
  RuntimeOptions options;
  options.checkpoint_every = 10;
  options.checkpoint_interval.reset();
  Runtime rt{topo, src, sink, options};
  rt.process(9);
  EXPECT_TRUE(src.committed().empty());
  EXPECT_EQ(sink.flushes(), 0);
  rt.process(1);
  EXPECT_EQ(sink.flushes(), 1);
  EXPECT_FALSE(src.committed().empty());
}

}  // namespace
