// The replay's window-job target against the engine's job run directly: at `--speed max` a replay
// must give exactly the panes and late records of run_window_job() over the arrival sequence as
// sim::arrivals_to_jsonl() exports it. Plus the live view's counters on hand-worked inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "streamlab/connectors/file/json_window_job.hpp"
#include "streamlab/io/queue_source.hpp"
#include "streamlab/replay/paced_replay.hpp"
#include "streamlab/replay/window_job_target.hpp"
#include "streamlab/sim/apply_scenario.hpp"
#include "streamlab/sim/dataset.hpp"
#include "streamlab/sim/replay_export.hpp"
#include "streamlab/sim/shipped_scenarios.hpp"

namespace streamlab::replay {
namespace {

struct Case {
  std::string dataset;
  std::string key_field;
  std::string window;
  std::string watermark;
  Duration lateness;
};

WindowJobOptions job_options(const Case& c) {
  WindowJobOptions o;
  o.input_name = c.dataset;
  o.time_field = "time";
  o.key_field = c.key_field;
  o.config.window = parse_window_spec(c.window);
  o.config.watermark = parse_watermark_strategy(c.watermark);
  o.config.allowed_lateness = c.lateness;
  return o;
}

TEST(ReplayWindowJob, MaxSpeedReplayGivesExactlyTheJobsPanesOverTheExportedArrivals) {
  const std::vector<Case> cases{
      {"sales.jsonl", "category", "tumbling:5m", "bounded:10s", std::chrono::minutes{1}},
      {"sales.jsonl", "store", "hopping:10m,5m", "bounded:5s", Duration{0}},
      {"clicks.jsonl", "user", "session:30m", "bounded:10s", Duration{0}},
  };
  for (const auto& c : cases) {
    sim::DatasetOptions dataset_options;
    dataset_options.key_field = c.key_field;
    const auto dataset =
        sim::load_dataset(std::string(STREAMLAB_SOURCE_DIR) + "/datasets/" + c.dataset, dataset_options);
    for (const char* name : {"in-order", "jitter", "late-arrivals", "classroom-demo"}) {
      SCOPED_TRACE(c.dataset + " " + c.window + " " + name);
      const auto scenario = sim::find_shipped_scenario(name);
      ASSERT_TRUE(scenario.has_value());
      const auto sequence = sim::apply_scenario(dataset.records, *scenario);

      // The oracle: the engine's job over the exported arrival sequence.
      std::istringstream exported(sim::arrivals_to_jsonl(sequence));
      std::ostringstream want_results, want_late;
      WindowJobOutputs outputs;
      outputs.results = &want_results;
      outputs.late = &want_late;
      const auto want = run_window_job(exported, job_options(c), outputs);

      std::ostringstream got_results, got_late;
      WindowJobTarget target(job_options(c), &got_results, &got_late);
      ReplayRun run(sequence, target, Speed::max());
      std::ostringstream view_out;
      LiveView view(view_out, false, "test");
      PacedOptions paced;
      paced.handle_signals = false;
      const auto status = run_paced(run, view, paced);

      ASSERT_FALSE(target.error().has_value()) << *target.error();
      const auto got = target.summary();
      ASSERT_TRUE(got.has_value());
      EXPECT_EQ(got_results.str(), want_results.str());
      EXPECT_EQ(got_late.str(), want_late.str());
      EXPECT_EQ(got->results_out, want.results_out);
      EXPECT_EQ(got->dropped_late, want.dropped_late);
      EXPECT_EQ(got->late_accepted, want.late_accepted);
      EXPECT_EQ(got->records_in, static_cast<std::int64_t>(sequence.arrivals.size()));
      // The live view's counters agree with the job's own accounting.
      EXPECT_EQ(status.target.panes, want.results_out);
      EXPECT_EQ(status.target.late_dropped, want.dropped_late);
      EXPECT_EQ(status.target.late_accepted, want.late_accepted);
      EXPECT_EQ(status.target.watermark, kMaxTimestamp);
      EXPECT_EQ(status.target.windows_open, 0);
      EXPECT_GT(want.results_out, 0);
    }
  }
}

TEST(ReplayPacing, InOrderWaitsEqualTheEventTimeGapsDividedBySpeed) {
  // In order, arrival time is event time: every wait the pacer computes for the shipped sales is
  // (event time - previous event time) / speed, on a virtual clock that jumps to each due time.
  const auto dataset = sim::load_dataset(std::string(STREAMLAB_SOURCE_DIR) + "/datasets/sales.jsonl");
  const auto sequence = sim::apply_scenario(dataset.records, *sim::find_shipped_scenario("in-order"));
  ASSERT_EQ(sequence.arrivals.size(), dataset.records.size());
  Pacer pacer(Speed{60.0});
  RealClock::time_point now{};
  pacer.start(sequence.arrivals.front().processing_time, now);
  for (std::size_t i = 1; i < sequence.arrivals.size(); ++i) {
    const auto gap = dataset.records[i].timestamp - dataset.records[i - 1].timestamp;
    const auto wait = pacer.wait_before(sequence.arrivals[i].processing_time, now);
    const auto expected = std::chrono::duration_cast<RealClock::duration>(
        std::chrono::duration<double, std::milli>(static_cast<double>(gap.count()) / 60.0));
    ASSERT_LE(std::chrono::abs(wait - expected), std::chrono::nanoseconds{1}) << "arrival " << i;
    now += wait;  // the virtual clock
  }
}

TEST(ReplayWindowJob, StoppedReplayEndsTheJobInputSoWhatWasSentIsReported) {
  sim::ArrivalSequence seq;
  for (int i = 0; i < 6; ++i) {
    sim::Arrival a;
    a.processing_time = from_millis(i * 60'000);
    a.record.timestamp = from_millis(i * 60'000);
    a.record.value = "{\"k\":\"a\",\"time\":" + std::to_string(i * 60'000) + "}";
    seq.arrivals.push_back(a);
  }
  WindowJobOptions o;
  o.time_field = "time";
  o.key_field = "k";
  o.config.window = parse_window_spec("tumbling:1m");
  std::ostringstream results;
  WindowJobTarget target(o, &results, nullptr);
  ReplayRun run(seq, target, Speed{60.0});
  const RealClock::time_point t0{};
  run.start(t0);
  run.deliver_due(t0 + std::chrono::seconds{2});  // arrivals at 0, 60 s, 120 s
  run.stop();
  ASSERT_TRUE(target.summary().has_value());
  EXPECT_EQ(target.summary()->records_in, 3);
  EXPECT_EQ(target.summary()->results_out, 3);  // one per minute sent, the last at end of input
  EXPECT_EQ(target.progress().panes, 3);
}

// Hand-worked: tumbling 1 minute, W = max seen (bounded:0s), no lateness.
// 10 s, 20 s -> window [0,60) open; 70 s -> W = 70 s fires [0,60), [60,120) open;
// 30 s -> behind W and its window is gone: dropped; 75 s -> still one window open.
// The live view's counters are views of the Runtime's Accounting and window state; an observer
// samples them as each record joins its windows and as the watermark moves.
TEST(WindowJobTargetProgress, CountsOpenWindowsPanesAndLateEventsFromTheRuntime) {
  WindowJobOptions o;
  o.time_field = "t";
  o.config.window = parse_window_spec("tumbling:1m");
  o.config.watermark = parse_watermark_strategy("bounded:0s");

  struct Sampler final : RunObserver {
    const WindowJobTarget* target{nullptr};
    int events{0};
    std::vector<std::int64_t> open_after_event;
    void record(std::int64_t, const RecordTrace&, std::string_view, std::string_view) override {
      ++events;
      open_after_event.push_back(target->progress().windows_open);
    }
    void watermark(Timestamp, Timestamp) override {
      open_after_event.push_back(target->progress().windows_open);
    }
  } sampler;
  WindowJobTarget p(o, nullptr, nullptr, &sampler);
  sampler.target = &p;
  for (const std::int64_t t : {10000, 20000, 70000, 30000, 75000}) {
    sim::Arrival a;
    a.record.value = "{\"t\":" + std::to_string(t) + "}";
    p.deliver(a);
    p.flush();
  }
  p.finish(false);

  EXPECT_EQ(sampler.events, 5);
  EXPECT_EQ(p.progress().panes, 2);
  EXPECT_EQ(p.progress().late_dropped, 1);
  EXPECT_EQ(p.progress().behind_watermark, 1);
  EXPECT_EQ(p.progress().watermark, kMaxTimestamp);
  EXPECT_EQ(p.progress().windows_open, 0);
  // The largest number of windows open at once was 2 ([0,60) and [60,120) before W moved).
  EXPECT_EQ(*std::max_element(sampler.open_after_event.begin(), sampler.open_after_event.end()), 2);
}

TEST(WindowJobTargetProgress, MergedSessionsCountAsOneOpenWindow) {
  WindowJobOptions o;
  o.time_field = "time";
  o.key_field = "user";
  o.config.window = parse_window_spec("session:30m");
  o.config.watermark = parse_watermark_strategy("bounded:1h");
  Topology topology = window_job_topology(o);
  QueueSource source(kWindowJobInputTopic);
  WindowJobSink sink(topology, WindowJobOutputs{}, "test");
  Runtime p(topology, source, sink, window_job_runtime_options());
  std::int64_t offset = 0;
  auto event = [&](const char* time) {
    source.push(SourceEvent{
        Timestamp{},
        ConsumedRecord{
            source.partition(), offset++,
            Record{std::nullopt, std::string(R"({"user":"u","time":")") + time + "\"}", Timestamp{}, {}}}});
    p.process_events(1);
  };
  event("2025-06-22T10:00:00Z");
  event("2025-06-22T11:00:00Z");
  EXPECT_EQ(p.windows_open(), 2);
  // A click at 10:30 bridges them: the engine merges them into [10:00, 11:30).
  event("2025-06-22T10:30:00Z");
  EXPECT_EQ(p.windows_open(), 1);
  source.push(SourceEvent{Timestamp{}, WatermarkMark{parse_timestamp("2025-06-22T11:30:00Z"), 0}});
  p.process_events(1);
  EXPECT_EQ(p.windows_open(), 0);
  EXPECT_EQ(p.watermark(), parse_timestamp("2025-06-22T11:30:00Z"));
}

}  // namespace
}  // namespace streamlab::replay
