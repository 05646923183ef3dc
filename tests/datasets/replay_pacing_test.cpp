// Pacing is tested on virtual time points: nothing sleeps. The expected waits are worked by hand
// from the arrival times: the wait before an arrival is its processing-time gap divided by speed.
#include <gtest/gtest.h>

#include <csignal>
#include <sstream>

#include "streamlab/replay/live_view.hpp"
#include "streamlab/replay/paced_replay.hpp"
#include "streamlab/replay/replay_run.hpp"

namespace streamlab::replay {
namespace {

using namespace std::chrono_literals;

sim::Arrival arrival(std::int64_t processing_ms, std::int64_t event_ms) {
  sim::Arrival a;
  a.processing_time = from_millis(processing_ms);
  a.record.timestamp = from_millis(event_ms);
  a.record.value = "{\"time\":" + std::to_string(event_ms) + "}";
  return a;
}

// Arrivals at processing times 0, 60 s, 90 s, 90 s, 210 s (event times in order but for one).
sim::ArrivalSequence sequence() {
  sim::ArrivalSequence s;
  s.arrivals = {arrival(0, 1000), arrival(60'000, 61'000), arrival(90'000, 91'000), arrival(90'000, 20'000),
                arrival(210'000, 211'000)};
  return s;
}

// A target that records what it receives and when, in virtual processing time.
class RecordingTarget final : public ReplayTarget {
 public:
  void advance(Timestamp t) override { advances.push_back(t); }
  void deliver(const sim::Arrival& a) override { delivered.push_back(a.record.timestamp); }
  void finish(bool s) override {
    ++finished;
    stopped = s;
  }
  [[nodiscard]] TargetProgress progress() const override { return {}; }
  [[nodiscard]] std::string describe() const override { return "recording"; }
  std::vector<Timestamp> advances;
  std::vector<Timestamp> delivered;
  int finished{0};
  bool stopped{false};
};

TEST(ParseSpeed, AcceptsFactorsAndMaxRejectsTheRest) {
  EXPECT_EQ(*parse_speed("60").factor, 60.0);
  EXPECT_EQ(*parse_speed("0.5").factor, 0.5);
  EXPECT_EQ(*parse_speed("2x").factor, 2.0);
  EXPECT_TRUE(parse_speed("max").is_max());
  EXPECT_THROW(parse_speed("0"), std::invalid_argument);
  EXPECT_THROW(parse_speed("-3"), std::invalid_argument);
  EXPECT_THROW(parse_speed("fast"), std::invalid_argument);
}

TEST(Pacer, WaitBeforeEachArrivalIsTheVirtualGapDividedBySpeed) {
  Pacer pacer(Speed{60.0});  // one minute of virtual time per real second
  const RealClock::time_point t0{};
  pacer.start(from_millis(0), t0);
  EXPECT_EQ(pacer.wait_before(from_millis(0), t0), RealClock::duration::zero());
  EXPECT_EQ(pacer.wait_before(from_millis(60'000), t0), 1s);
  EXPECT_EQ(pacer.wait_before(from_millis(90'000), t0 + 1s), 500ms);
  EXPECT_EQ(pacer.wait_before(from_millis(210'000), t0 + 1500ms), 2s);
  // Late on the wall clock: no negative wait, deliver at once.
  EXPECT_EQ(pacer.wait_before(from_millis(60'000), t0 + 5s), RealClock::duration::zero());
  EXPECT_EQ(pacer.virtual_now(t0 + 2s), from_millis(120'000));
}

TEST(Pacer, SlowMotionStretchesGaps) {
  Pacer pacer(Speed{0.5});
  const RealClock::time_point t0{};
  pacer.start(from_millis(10'000), t0);
  EXPECT_EQ(pacer.wait_before(from_millis(10'250), t0), 500ms);
}

TEST(Pacer, MaxSpeedNeverWaits) {
  Pacer pacer(Speed::max());
  const RealClock::time_point t0{};
  pacer.start(from_millis(0), t0);
  EXPECT_EQ(pacer.wait_before(from_millis(86'400'000), t0), RealClock::duration::zero());
}

TEST(ReplayRun, DeliversEachArrivalExactlyWhenDueOnAVirtualClock) {
  const auto seq = sequence();
  RecordingTarget target;
  ReplayRun run(seq, target, Speed{60.0});
  const RealClock::time_point t0{};
  run.start(t0);
  // Due times: 0, 1 s, 1.5 s, 1.5 s, 3.5 s.
  EXPECT_EQ(run.next_due(), t0);
  EXPECT_EQ(run.deliver_due(t0), 1u);
  EXPECT_EQ(run.next_due(), t0 + 1s);
  EXPECT_EQ(run.deliver_due(t0 + 999ms), 0u);
  EXPECT_EQ(run.deliver_due(t0 + 1s), 1u);
  EXPECT_EQ(run.next_due(), t0 + 1500ms);
  EXPECT_EQ(run.deliver_due(t0 + 1500ms), 2u);  // two arrivals share a processing time
  EXPECT_EQ(run.next_due(), t0 + 3500ms);
  EXPECT_FALSE(run.done());
  EXPECT_EQ(target.finished, 0);
  EXPECT_EQ(run.deliver_due(t0 + 3500ms), 1u);
  EXPECT_TRUE(run.done());
  EXPECT_EQ(target.finished, 1);
  EXPECT_FALSE(target.stopped);
  EXPECT_EQ(target.delivered.size(), 5u);
  // Processing time is announced once per distinct arrival time after the first.
  EXPECT_EQ(target.advances,
            (std::vector<Timestamp>{from_millis(60'000), from_millis(90'000), from_millis(210'000)}));
  const auto s = run.status(t0 + 3500ms);
  EXPECT_EQ(s.sent, 5u);
  EXPECT_FALSE(s.stopped);
}

TEST(ReplayRun, StopPathDeliversNothingMoreAndFinishesTheTargetAsInterrupted) {
  const auto seq = sequence();
  RecordingTarget target;
  ReplayRun run(seq, target, Speed{60.0});
  const RealClock::time_point t0{};
  run.start(t0);
  run.deliver_due(t0 + 1s);
  run.stop();  // what the SIGINT handler calls
  run.stop();  // idempotent
  EXPECT_TRUE(run.done());
  EXPECT_EQ(run.deliver_due(t0 + 1h), 0u);
  EXPECT_EQ(target.delivered.size(), 2u);
  EXPECT_EQ(target.finished, 1);
  EXPECT_TRUE(target.stopped);
  const auto s = run.status(t0 + 2s);
  EXPECT_TRUE(s.stopped);
  EXPECT_EQ(s.sent, 2u);
  EXPECT_EQ(s.total, 5u);
  EXPECT_NE(LiveView::summary(s).find("replay stopped: 2 of 5 arrivals sent"), std::string::npos);
}

TEST(ReplayRun, MaxSpeedDeliversInChunksSoTheViewAndSignalsGetTurns) {
  sim::ArrivalSequence seq;
  for (int i = 0; i < 10; ++i) seq.arrivals.push_back(arrival(i * 1000, i * 1000));
  RecordingTarget target;
  ReplayRun run(seq, target, Speed::max());
  const RealClock::time_point t0{};
  run.start(t0);
  EXPECT_EQ(run.deliver_due(t0, 4), 4u);
  EXPECT_EQ(run.deliver_due(t0, 4), 4u);
  EXPECT_EQ(run.deliver_due(t0, 4), 2u);
  EXPECT_TRUE(run.done());
  EXPECT_EQ(target.finished, 1);
}

TEST(ReplayStatus, EtaIsVirtualTimeLeftDividedBySpeed) {
  ReplayStatus s;
  s.total = 10;
  s.sent = 4;
  s.processing_time = from_millis(60'000);
  s.last_processing_time = from_millis(660'000);
  s.speed = Speed{60.0};
  EXPECT_EQ(*s.eta(), std::chrono::duration_cast<RealClock::duration>(10s));
  s.speed = Speed::max();
  s.elapsed = 2s;  // 2 events per second, 6 left
  EXPECT_EQ(*s.eta(), std::chrono::duration_cast<RealClock::duration>(3s));
}

TEST(WatermarkObserver, FollowsMaxMinusDelayAndCountsEventsBehindIt) {
  WatermarkObserver w(5s);
  w.deliver(arrival(0, 10'000));  // W: -inf -> 5 s
  w.deliver(arrival(0, 4'000));   // 4 s < 5 s: behind
  w.deliver(arrival(0, 5'000));   // 5 s is not behind W = 5 s
  w.deliver(arrival(0, 20'000));  // W -> 15 s
  EXPECT_EQ(w.progress().watermark, from_millis(15'000));
  EXPECT_EQ(w.progress().behind_watermark, 1);
  w.finish(false);
  EXPECT_EQ(w.progress().watermark, kMaxTimestamp);
}

// Two partitions, delay 0 (the watermark a Kafka replay's consumers reach): the minimum over
// the partitions, -inf until both delivered. By hand: p0 10 s -> -inf (p1 none); p1 5 s -> 5 s;
// p0 20 s -> 5 s (p1 holds it); p1 3 s: behind 5 s; p1 30 s -> 20 s.
TEST(WatermarkObserver, OverPartitionsTakesTheMinimum) {
  WatermarkObserver w(0s, 2);
  const auto on = [](std::int32_t partition, std::int64_t event_ms) {
    sim::Arrival a = arrival(0, event_ms);
    a.partition = partition;
    return a;
  };
  w.deliver(on(0, 10'000));
  EXPECT_EQ(w.progress().watermark, kMinTimestamp);
  w.deliver(on(1, 5'000));
  EXPECT_EQ(w.progress().watermark, from_millis(5'000));
  w.deliver(on(0, 20'000));
  EXPECT_EQ(w.progress().watermark, from_millis(5'000));
  w.deliver(on(1, 3'000));
  EXPECT_EQ(w.progress().behind_watermark, 1);
  w.deliver(on(1, 30'000));
  EXPECT_EQ(w.progress().watermark, from_millis(20'000));
}

TEST(LiveView, PlainOutputWritesOneLinePerUpdateAndNoEscapes) {
  std::ostringstream out;
  LiveView view(out, false, "replay test");
  ReplayStatus s;
  s.total = 4;
  s.sent = 2;
  s.event_time = from_millis(0);
  view.update(s);
  view.finish(s);
  const std::string text = out.str();
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_NE(text.find("events sent 2/4"), std::string::npos);
  EXPECT_NE(text.find("[###############...............]  50.0%"), std::string::npos);
  EXPECT_NE(text.find("replay complete: 2 of 4 arrivals sent"), std::string::npos);
}

TEST(LiveView, SummaryCountsDatasetDeadLettersWithTheTargets) {
  ReplayStatus s;
  s.input_dead_letters = 2;
  s.target.dead_letters = 1;
  EXPECT_NE(LiveView::summary(s).find("dead letters 3"), std::string::npos);
}

TEST(LiveView, TerminalOutputRedrawsInPlace) {
  std::ostringstream out;
  LiveView view(out, true, "replay test");
  ReplayStatus s;
  s.total = 1;
  view.update(s);
  view.update(s);
  EXPECT_NE(out.str().find("\x1b[3F"), std::string::npos);  // back over the three live lines
  EXPECT_NE(out.str().find("\x1b[2K"), std::string::npos);
}

TEST(RunPaced, MaxSpeedRunsToTheEndOnTheAsioLoopWithoutWaiting) {
  sim::ArrivalSequence seq;
  for (int i = 0; i < 10000; ++i) seq.arrivals.push_back(arrival(i * 1000, i * 1000));
  RecordingTarget target;
  ReplayRun run(seq, target, Speed::max());
  std::ostringstream out;
  LiveView view(out, false, "max");
  PacedOptions options;
  options.handle_signals = false;
  const auto s = run_paced(run, view, options);
  EXPECT_EQ(s.sent, 10000u);
  EXPECT_TRUE(s.finished);
  EXPECT_FALSE(s.stopped);
  EXPECT_EQ(target.delivered.size(), 10000u);
  EXPECT_EQ(target.finished, 1);
}

// A target that raises SIGINT in this process on its third arrival, as Ctrl-C would.
class InterruptingTarget final : public ReplayTarget {
 public:
  void deliver(const sim::Arrival&) override {
    if (++delivered == 3) std::raise(SIGINT);
  }
  void finish(bool s) override { stopped = s; }
  [[nodiscard]] TargetProgress progress() const override { return {}; }
  [[nodiscard]] std::string describe() const override { return "interrupting"; }
  int delivered{0};
  bool stopped{false};
};

TEST(RunPaced, SigintStopsTheRunCleanlyWithAnInterruptedSummary) {
  // Three arrivals due at once, the rest an hour apart at speed 1: the third raises SIGINT, and
  // the loop, about to wait an hour for the fourth, stops at once instead.
  sim::ArrivalSequence seq;
  for (int i = 0; i < 3; ++i) seq.arrivals.push_back(arrival(0, i));
  for (int i = 1; i <= 5; ++i) seq.arrivals.push_back(arrival(i * 3'600'000, i * 3'600'000));
  InterruptingTarget target;
  ReplayRun run(seq, target, Speed{1.0});
  std::ostringstream out;
  LiveView view(out, false, "interrupt");
  PacedOptions options;
  options.handle_signals = true;
  const auto s = run_paced(run, view, options);
  EXPECT_TRUE(s.stopped);
  EXPECT_TRUE(target.stopped);
  EXPECT_EQ(s.sent, 3u);
  EXPECT_LT(s.elapsed, std::chrono::seconds{60});
  EXPECT_NE(out.str().find("replay stopped: 3 of 8 arrivals sent"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace streamlab::replay
