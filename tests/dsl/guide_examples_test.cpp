// The examples of docs/guide-dsl.md and docs/guide-state.md, run on hand-worked input, so the
// guides cannot drift from the API.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "streamlab/streamlab.hpp"
#include "test_support.hpp"

namespace {

using namespace std::chrono_literals;
namespace sl = streamlab;

std::vector<std::string> split_words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

TEST(GuideExamples, WordCountAsATableAndPerMinute) {
  sl::test::ScriptSource source;
  source.declare("lines", 1);
  source.record("lines", 0, std::nullopt, "the cat", 10'000);
  source.record("lines", 0, std::nullopt, "the dog", 50'000);
  source.record("lines", 0, std::nullopt, "the end", 70'000);  // W = 65 s: fires [0, 60 s)
  sl::test::MemorySink sink;

  sl::StreamsBuilder builder{{"wordcount", sl::WatermarkStrategy::bounded(5s)}};
  auto lines = builder.stream("lines", sl::Consumed{sl::serdes::String(), sl::serdes::String()});
  auto words = lines.flatMapValues([](const std::string& line) { return split_words(line); })
                   .selectKey([](const std::string& word) { return word; });
  words.groupByKey().count().toStream().to("word-counts");
  words.groupByKey()
      .windowedBy(sl::TimeWindows::ofSize(1min))
      .count()
      .toStream()
      .to("word-counts-per-minute");
  sl::Topology topology = builder.build();
  sl::Runtime runtime{topology, source, sink};
  runtime.run();

  // Running counts, one update per word: the 1, cat 1, the 2, dog 1, the 3, end 1.
  EXPECT_EQ(sink.values("word-counts"), (std::vector<std::string>{"1", "1", "2", "1", "3", "1"}));
  std::vector<std::string> panes;
  for (const auto& v : sink.values("word-counts-per-minute")) {
    auto j = nlohmann::json::parse(v);
    panes.push_back(j.at("key").get<std::string>() + "@" + j.at("window_start").get<std::string>() + "=" +
                    std::to_string(j.at("value").get<std::int64_t>()));
  }
  // Panes fire in window-end, window-start, key order.
  EXPECT_EQ(panes, (std::vector<std::string>{"cat@1970-01-01T00:00:00Z=1", "dog@1970-01-01T00:00:00Z=1",
                                             "the@1970-01-01T00:00:00Z=2", "end@1970-01-01T00:01:00Z=1",
                                             "the@1970-01-01T00:01:00Z=1"}));
  EXPECT_TRUE(runtime.accounting().invariant_holds());
}

struct Reading {
  std::string sensor;
  double value{0};
  std::int64_t ts{0};
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Reading, sensor, value, ts)

struct SpikeDetector : sl::KeyedProcessFunction<std::string, Reading, std::string> {
  inline static const sl::OutputTag<std::string> alerts{"alerts"};
  sl::ValueState<double> last;
  sl::ListState<double> recent;

  void open(sl::StateRegistry& state) override {
    last = state.value<double>("last");
    recent = state.list<double>("recent");
  }
  void process_element(const Reading& r, Context& ctx) override {
    if (auto prev = last.value(); prev && r.value > 2 * *prev) ctx.output(alerts, ctx.key() + " spiked");
    last.update(r.value);
    recent.add(r.value);
    ctx.timers().register_event_time_timer(ctx.timestamp() + 5min);
    ctx.output("ok " + ctx.key());
  }
  void on_timer(sl::Timestamp t, Context& ctx) override {
    ctx.output(ctx.key() + " silent since " + sl::format_timestamp(t - 5min) + " after " +
               std::to_string(recent.get().size()));
    last.clear();
    recent.clear();
  }
};

TEST(GuideExamples, SpikeDetectorWithStateTimersAndASideOutput) {
  sl::test::ScriptSource source;
  source.declare("readings", 1);
  auto add = [&source](const char* sensor, double v, std::int64_t ts) {
    source.record("readings", 0, sensor, nlohmann::json(Reading{sensor, v, ts}).dump());
  };
  add("a", 1.0, 0);
  add("a", 3.0, 60'000);  // spike; the timer moves to 6 min
  add("b", 1.0, 120'000);
  add("b", 1.5, 500'000);  // W = 500 s > 360 s: a goes silent
  sl::test::MemorySink sink;
  sl::StreamsBuilder builder{{"sensors"}};
  auto readings = builder.stream(
      "readings", sl::Consumed{sl::serdes::String(), sl::serdes::Json<Reading>()}.withTimestampField("ts"));
  auto checked = readings.groupByKey().process<SpikeDetector>();
  checked.to("status");
  checked.sideOutput(SpikeDetector::alerts).to("alerts");
  auto topology = builder.build();
  sl::Runtime runtime{topology, source, sink};
  runtime.run();
  EXPECT_EQ(sink.values("alerts"), (std::vector<std::string>{"a spiked"}));
  // Every registered timer fires (the function never deletes the earlier one), in time order:
  // at W = 500 s a's timers at 300 s and 360 s and b's at 420 s; at the end of input (W = +inf)
  // b's at 800 s. The first timer of each key clears its state, so the second sees none.
  EXPECT_EQ(sink.values("status"),
            (std::vector<std::string>{
                "ok a", "ok a", "ok b", "ok b", "a silent since 1970-01-01T00:00:00Z after 2",
                "a silent since 1970-01-01T00:01:00Z after 0", "b silent since 1970-01-01T00:02:00Z after 2",
                "b silent since 1970-01-01T00:08:20Z after 0"}));
  EXPECT_TRUE(runtime.accounting().invariant_holds());
}

}  // namespace
