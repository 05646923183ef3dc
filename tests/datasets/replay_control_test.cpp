// The web view's controls on the replay (pause, step, resume, speed) and its flags, on virtual
// time points: nothing sleeps. Arrivals at processing times 0, 60 s, 90 s, 90 s, 210 s; at speed
// 60 a virtual gap of 60 s is one real second. Expected due times are worked by hand below.
#include <gtest/gtest.h>

#include <stdexcept>

#include "streamlab/replay/replay_run.hpp"
#include "streamlab/replay/web_view.hpp"

namespace streamlab::replay {
namespace {

using namespace std::chrono_literals;

sim::Arrival at(std::int64_t processing_ms) {
  sim::Arrival a;
  a.processing_time = from_millis(processing_ms);
  a.record.timestamp = from_millis(processing_ms + 1000);
  a.record.value = "{}";
  return a;
}

sim::ArrivalSequence five() {
  sim::ArrivalSequence s;
  s.arrivals = {at(0), at(60'000), at(90'000), at(90'000), at(210'000)};
  return s;
}

class CountingTarget final : public ReplayTarget {
 public:
  void deliver(const sim::Arrival&) override { ++delivered; }
  void finish(bool) override { ++finished; }
  [[nodiscard]] TargetProgress progress() const override { return {}; }
  [[nodiscard]] std::string describe() const override { return "counting"; }
  int delivered{0};
  int finished{0};
};

TEST(ReplayControl, PauseHoldsDeliveriesAndResumeGoesOnFromWhereItPaused) {
  const auto seq = five();
  CountingTarget target;
  ReplayRun run(seq, target, Speed{60.0});
  const auto t0 = RealClock::time_point{} + 1h;
  run.start(t0);
  EXPECT_EQ(run.deliver_due(t0), 1u);
  run.pause(t0 + 500ms);  // processing time 30 s
  EXPECT_TRUE(run.paused());
  EXPECT_TRUE(run.status(t0).paused);
  EXPECT_EQ(run.deliver_due(t0 + 10s), 0u);
  run.resume(t0 + 10s);  // 30 s again at t0 + 10 s: the 60 s arrival is due 0.5 s later
  EXPECT_EQ(run.deliver_due(t0 + 10s + 499ms), 0u);
  EXPECT_EQ(run.deliver_due(t0 + 10s + 500ms), 1u);
  EXPECT_EQ(target.delivered, 2);
}

TEST(ReplayControl, StepDeliversExactlyOneArrivalWhilePausedAndMovesTheClockOn) {
  const auto seq = five();
  CountingTarget target;
  ReplayRun run(seq, target, Speed{60.0});
  const auto t0 = RealClock::time_point{} + 1h;
  run.start(t0);
  run.deliver_due(t0);
  run.pause(t0 + 500ms);
  EXPECT_EQ(run.step(), 1u);  // the 60 s arrival, long before it was due
  EXPECT_EQ(target.delivered, 2);
  EXPECT_EQ(run.deliver_due(t0 + 5s), 0u);
  run.resume(t0 + 5s);  // from 60 s (the step), not from 30 s: the 90 s pair is due 0.5 s later
  EXPECT_EQ(run.deliver_due(t0 + 5s + 499ms), 0u);
  EXPECT_EQ(run.deliver_due(t0 + 5s + 500ms), 2u);
  // Stepping to the end finishes the target once.
  EXPECT_EQ(run.step(), 1u);
  EXPECT_TRUE(run.done());
  EXPECT_EQ(run.step(), 0u);
  EXPECT_EQ(target.finished, 1);
}

TEST(ReplayControl, SpeedChangeGoesOnFromTheCurrentProcessingTime) {
  const auto seq = five();
  CountingTarget target;
  ReplayRun run(seq, target, Speed{60.0});
  const auto t0 = RealClock::time_point{} + 1h;
  run.start(t0);
  run.deliver_due(t0);
  run.set_speed(Speed{120.0}, t0 + 500ms);  // at 30 s; the 30 s left to 60 s take 0.25 s at 120x
  EXPECT_EQ(run.deliver_due(t0 + 749ms), 0u);
  EXPECT_EQ(run.deliver_due(t0 + 750ms), 1u);
  run.set_speed(Speed::max(), t0 + 800ms);
  EXPECT_EQ(run.deliver_due(t0 + 800ms), 3u);
  EXPECT_TRUE(run.done());
}

TEST(WebEndpoint, ParsesHostAndPortAndTellsLoopbackFromTheRest) {
  const auto e = parse_web_endpoint("127.0.0.1:8080");
  EXPECT_EQ(e.host, "127.0.0.1");
  EXPECT_EQ(e.port, 8080);
  EXPECT_TRUE(e.loopback());
  EXPECT_TRUE(parse_web_endpoint("localhost:80").loopback());
  EXPECT_TRUE(parse_web_endpoint("[::1]:9000").loopback());
  EXPECT_EQ(parse_web_endpoint("[::1]:9000").host, "::1");
  EXPECT_FALSE(parse_web_endpoint("0.0.0.0:8080").loopback());
  EXPECT_EQ(parse_web_endpoint("9090").port, 9090);
  EXPECT_TRUE(parse_web_endpoint("9090").loopback());
  for (const char* bad : {"", "host:", ":80", "127.0.0.1:70000", "127.0.0.1:8o", "example.com:80"})
    EXPECT_THROW((void)parse_web_endpoint(bad), std::invalid_argument) << bad;
}

TEST(WebControl, ParsesThePageButtonsAndIgnoresTheRest) {
  EXPECT_EQ(parse_web_control("pause")->kind, WebControl::Kind::Pause);
  EXPECT_EQ(parse_web_control("resume")->kind, WebControl::Kind::Resume);
  EXPECT_EQ(parse_web_control("step")->kind, WebControl::Kind::Step);
  const auto speed = parse_web_control("speed:600");
  ASSERT_TRUE(speed);
  EXPECT_EQ(speed->kind, WebControl::Kind::Speed);
  EXPECT_EQ(speed->speed.factor, 600.0);
  EXPECT_TRUE(parse_web_control("speed:max")->speed.is_max());
  EXPECT_FALSE(parse_web_control("speed:fast"));
  EXPECT_FALSE(parse_web_control("stop"));
}

}  // namespace
}  // namespace streamlab::replay
