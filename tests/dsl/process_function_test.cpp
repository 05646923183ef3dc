// Keyed process functions: value, map and list state per key; event-time and processing-time
// timers (order, deduplication, firing rule); side outputs.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "streamlab/streamlab.hpp"
#include "test_support.hpp"

namespace {

using streamlab::Collector;
using streamlab::Consumed;
using streamlab::KeyedProcessFunction;
using streamlab::Runtime;
using streamlab::StreamsBuilder;
using streamlab::Timestamp;
using streamlab::test::MemorySink;
using streamlab::test::ScriptSource;
namespace serdes = streamlab::serdes;

// Keeps a running count (ValueState), a count per value (MapState) and the values (ListState).
struct Tally : KeyedProcessFunction<std::string, std::string, std::string> {
  streamlab::ValueState<std::int64_t> count;
  streamlab::MapState<std::string, std::int64_t> per_value;
  streamlab::ListState<std::string> history;
  void open(streamlab::StateRegistry& state) override {
    count = state.value<std::int64_t>("count");
    per_value = state.map<std::string, std::int64_t>("per-value");
    history = state.list<std::string>("history");
  }
  void process_element(const std::string& v, Context& ctx) override {
    count.update(count.value_or(0) + 1);
    per_value.put(v, per_value.get(v).value_or(0) + 1);
    history.add(v);
    std::string joined;
    for (const auto& h : history.get()) joined += h;
    ctx.output(ctx.key() + " n=" + std::to_string(*count.value()) + " " + v + "x" +
               std::to_string(*per_value.get(v)) + " [" + joined + "]");
  }
};

TEST(ProcessFunction, ValueMapAndListStateAreScopedToTheKey) {
  ScriptSource src;
  src.declare("in", 1);
  src.record("in", 0, "a", "x", 1)
      .record("in", 0, "b", "x", 2)
      .record("in", 0, "a", "y", 3)
      .record("in", 0, "a", "x", 4);
  StreamsBuilder b;
  Collector<std::string, std::string> out;
  b.stream("in").process(std::make_shared<Tally>()).collect(out);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_EQ(out.values(), (std::vector<std::string>{"a n=1 xx1 [x]", "b n=1 xx1 [x]", "a n=2 yx1 [xy]",
                                                    "a n=3 xx2 [xyx]"}));
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

// Registers an event-time timer at t+10 and a processing-time timer at arrival+100 per record;
// a second registration of the same key and time is deduplicated.
struct Timers : KeyedProcessFunction<std::string, std::string, std::string> {
  void process_element(const std::string& v, Context& ctx) override {
    ctx.timers().register_event_time_timer(ctx.timestamp() + Duration{10});
    ctx.timers().register_event_time_timer(ctx.timestamp() + Duration{10});  // same: one timer
    ctx.timers().register_processing_time_timer(ctx.processing_time() + Duration{100});
    ctx.output("in " + ctx.key() + " " + v);
  }
  void on_timer(Timestamp t, Context& ctx) override {
    ctx.output(std::string{ctx.time_domain() == streamlab::TimeDomain::Event ? "event " : "proc "} +
               ctx.key() + " @" + std::to_string(streamlab::to_millis(t)) +
               " wm=" + std::to_string(streamlab::to_millis(ctx.watermark())));
  }
  using Duration = streamlab::Duration;
};

TEST(ProcessFunction, EventTimeTimersFireInTimeOrderOnceTheWatermarkPassesThem) {
  ScriptSource src;
  src.declare("in", 1);
  // Timestamps 5 (b), 3 (a): timers at 15 (b) and 13 (a). A record at 15 makes W = 15: the timer
  // at 13 fires (W > 13); the timer at 15 does not (an event at 15 may still come). W = 16 fires it.
  src.record("in", 0, "b", "1", 5, 0).record("in", 0, "a", "2", 3, 0).record("in", 0, "c", "3", 15, 0);
  src.record("in", 0, "c", "4", 16, 0);
  StreamsBuilder b;
  Collector<std::string, std::string> out;
  b.stream("in").process(std::make_shared<Timers>()).collect(out);
  auto topo = b.build();
  MemorySink sink;
  streamlab::RuntimeOptions options;
  options.checkpoint_interval.reset();
  Runtime rt{topo, src, sink, options};
  rt.run();
  EXPECT_EQ(out.values(),
            (std::vector<std::string>{
                "in b 1", "in a 2", "in c 3", "event a @13 wm=15", "in c 4", "event b @15 wm=16",
                // End of input: the watermark jumps to +inf and fires the rest.
                "event c @25 wm=9223372036854775807", "event c @26 wm=9223372036854775807"}));
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

TEST(ProcessFunction, ProcessingTimeTimersFireWhenTheClockReachesThem) {
  ScriptSource src;
  src.declare("in", 1);
  src.record("in", 0, "a", "1", 0, 1000);  // processing-time timer at 1100
  src.record("in", 0, "a", "2", 0, 1050);  // timer at 1150
  src.tick(1099).tick(1100).tick(1200);
  StreamsBuilder b;
  Collector<std::string, std::string> out;
  b.stream("in")
      .process(std::make_shared<Timers>())
      .filter([](const std::string& s) { return s.rfind("proc", 0) == 0; })
      .collect(out);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_EQ(out.values(), (std::vector<std::string>{"proc a @1100 wm=0", "proc a @1150 wm=0"}));
}

struct Spikes : KeyedProcessFunction<std::string, std::int64_t, std::int64_t> {
  inline static const streamlab::OutputTag<std::string> alerts{"alerts"};
  streamlab::ValueState<std::int64_t> last;
  void open(streamlab::StateRegistry& state) override { last = state.value<std::int64_t>("last"); }
  void process_element(const std::int64_t& v, Context& ctx) override {
    if (auto prev = last.value(); prev && v > 2 * *prev)
      ctx.output(alerts, ctx.key() + " spiked to " + std::to_string(v));
    last.update(v);
    ctx.output(v);
  }
};

TEST(ProcessFunction, SideOutputCarriesAlertsBesideTheMainOutput) {
  ScriptSource src;
  src.declare("in", 1);
  src.record("in", 0, "s", "10", 1)
      .record("in", 0, "s", "25", 2)
      .record("in", 0, "t", "100", 3)
      .record("in", 0, "s", "30", 4);
  StreamsBuilder b;
  Collector<std::string, std::int64_t> main_out;
  Collector<std::string, std::string> alerts;
  auto processed = b.stream("in", Consumed{serdes::String(), serdes::Int64()}).process<Spikes>();
  processed.collect(main_out);
  processed.sideOutput(Spikes::alerts).collect(alerts);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_EQ(main_out.values(), (std::vector<std::int64_t>{10, 25, 100, 30}));
  EXPECT_EQ(alerts.values(), (std::vector<std::string>{"s spiked to 25"}));
  EXPECT_THROW(b.stream("other").sideOutput(Spikes::alerts), std::logic_error);
}

}  // namespace
