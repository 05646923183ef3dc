// The joins that handle time in the DSL, run by the Runtime on scripted sources: the temporal
// join against a versioned table (waiting for a late profile, grace, history and the late
// output) and the windowed stream-stream join (inner, left, outer; non-matches only at close;
// state freed by the watermark); crash and restart from any checkpoint gives the uninterrupted
// output. Expected values are worked out by hand from docs/semantics.md ("Joins"): the topology
// watermark is the minimum over the stream partitions, the versioned table's included.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "streamlab/streamlab.hpp"
#include "test_support.hpp"

namespace {

using streamlab::Collector;
using streamlab::Consumed;
using streamlab::Duration;
using streamlab::JoinGrace;
using streamlab::JoinWindows;
using streamlab::Runtime;
using streamlab::RuntimeOptions;
using streamlab::StreamsBuilder;
using streamlab::Versioned;
using streamlab::test::MemorySink;
using streamlab::test::ScriptSource;
using S = std::string;
namespace serdes = streamlab::serdes;

RuntimeOptions at_once() {
  RuntimeOptions o;
  o.delivery = streamlab::Delivery::AtLeastOnce;
  return o;
}

auto enrich_optional = [](const S& click, const std::optional<S>& tier) {
  return click + "@" + tier.value_or("none");
};

// The silver profile (300) arrives after the click (500) it applies to.
ScriptSource late_profile() {
  ScriptSource s;
  s.declare("clicks", 1).declare("profiles", 1);
  s.record("profiles", 0, "u1", "gold", 0);
  s.record("clicks", 0, "u1", "c1", 500);
  s.record("profiles", 0, "u1", "silver", 300);
  s.record("profiles", 0, "u1", "plat", 1000);
  s.record("clicks", 0, "u2", "c2", 2000);
  return s;
}

TEST(TemporalJoin, TheClickWaitsForTheWatermarkAndTakesTheVersionValidAtItsTime) {
  StreamsBuilder b;
  Collector<S, S> out;
  auto profiles =
      b.table("profiles", Consumed{serdes::String(), serdes::String()}, Versioned{std::chrono::hours(1)});
  b.stream("clicks").leftJoin(profiles, enrich_optional, JoinGrace{std::chrono::seconds(10)}).collect(out);
  auto topo = b.build();
  auto src = late_profile();
  MemorySink sink;
  Runtime rt{topo, src, sink, at_once()};
  rt.process(4);
  // W = min(clicks 500, profiles 1000) = 500: c1 (500) still waits, a version at 500 may come.
  EXPECT_TRUE(out.values().empty());
  rt.run();
  // c2 moves W to min(2000, 1000) = 1000 > 500: c1 leaves with silver (valid on [300, 1000)).
  // c2 (u2, no profile) leaves at the end with none.
  EXPECT_EQ(out.values(), (std::vector<S>{"c1@silver", "c2@none"}));
  EXPECT_EQ(out.entries().at(0).timestamp, streamlab::from_millis(500));
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

TEST(TemporalJoin, AsOfArrivalOnTheSameInputTakesTheRowPresentOnArrival) {
  StreamsBuilder b;
  Collector<S, S> out;
  auto profiles = b.table("profiles", Consumed{serdes::String(), serdes::String()});
  b.stream("clicks").leftJoin(profiles, enrich_optional).collect(out);
  auto topo = b.build();
  auto src = late_profile();
  MemorySink sink;
  Runtime rt{topo, src, sink, at_once()};
  rt.run();
  EXPECT_EQ(out.values(), (std::vector<S>{"c1@gold", "c2@none"}));
}

TEST(TemporalJoin, GraceOnTheStreamClockReleasesWhenTheTableSideStalls) {
  // Grace 1s: c1 (500) leaves when c2 (1500) arrives, with gold; the silver profile at 400 comes
  // too late for it. c2 leaves at the end, with silver.
  ScriptSource s;
  s.declare("clicks", 1).declare("profiles", 1);
  s.record("profiles", 0, "u1", "gold", 0);
  s.record("clicks", 0, "u1", "c1", 500);
  s.record("clicks", 0, "u1", "c2", 1500);
  s.record("profiles", 0, "u1", "silver", 400);
  StreamsBuilder b;
  Collector<S, S> out;
  auto profiles =
      b.table("profiles", Consumed{serdes::String(), serdes::String()}, Versioned{std::chrono::hours(1)});
  b.stream("clicks")
      .join(
          profiles, [](const S& c, const S& t) { return c + "@" + t; }, JoinGrace{std::chrono::seconds(1)})
      .collect(out);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, s, sink, at_once()};
  rt.process(3);
  EXPECT_EQ(out.values(), (std::vector<S>{"c1@gold"}));
  rt.run();
  EXPECT_EQ(out.values(), (std::vector<S>{"c1@gold", "c2@silver"}));
}

TEST(TemporalJoin, AClickOlderThanTheHistoryGoesToTheLateOutputAndVersionsAreFreed) {
  // History 100 ms. After c1 the watermark is min(2000, 1000) = 1000, the horizon 900: `a` (0)
  // stays, it is the version valid at 900. Profile c (1950) moves the watermark to 1950, the
  // horizon to 1850: `a` is freed (b is valid there) and c0 (800) is late.
  ScriptSource s;
  s.declare("clicks", 1).declare("profiles", 1);
  s.record("profiles", 0, "u1", "a", 0);
  s.record("profiles", 0, "u1", "b", 1000);
  s.record("clicks", 0, "u1", "c1", 2000);
  s.record("profiles", 0, "u1", "c", 1950);
  s.record("clicks", 0, "u1", "c0", 800);
  StreamsBuilder b;
  Collector<S, S> out;
  auto profiles = b.table("profiles", Consumed{serdes::String(), serdes::String()},
                          Versioned{std::chrono::milliseconds(100)});
  b.stream("clicks")
      .join(
          profiles, [](const S& c, const S& t) { return c + "@" + t; }, JoinGrace{std::chrono::hours(1)})
      .collect(out);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, s, sink, at_once()};
  rt.process(3);
  EXPECT_EQ(rt.windows_held(), 3U);  // c1 waiting, versions a and b
  rt.process(1);
  EXPECT_EQ(rt.windows_held(), 3U);  // c1 waiting, versions b and c: a was freed
  rt.run();
  EXPECT_EQ(out.values(), (std::vector<S>{"c1@c"}));
  EXPECT_EQ(rt.accounting().late_output, 1);
  ASSERT_EQ(rt.accounting().late_log.size(), 1U);
  EXPECT_EQ(rt.accounting().late_log[0].timestamp, streamlab::from_millis(800));
  EXPECT_EQ(rt.accounting().late_log[0].watermark, streamlab::from_millis(1950));
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

// Two streams: a1 (1000) and b1 (1050) pair; b2 (3000, key j) and a2 (5000) never pair.
ScriptSource two_streams() {
  ScriptSource s;
  s.declare("a", 1).declare("b", 1);
  s.record("a", 0, "k", "a1", 1000);
  s.record("b", 0, "k", "b1", 1050);
  s.record("b", 0, "j", "b2", 3000);
  s.record("a", 0, "k", "a2", 5000);
  return s;
}

std::string opt(const std::optional<S>& v) { return v.value_or("null"); }

TEST(WindowedJoin, InnerPairsWithinTheDifferenceAndCountsTheRest) {
  StreamsBuilder b;
  Collector<S, S> out;
  auto a = b.stream("a");
  a.join(
       b.stream("b"), [](const S& l, const S& r) { return l + "+" + r; },
       JoinWindows::ofTimeDifferenceWithNoGrace(std::chrono::milliseconds(100)))
      .collect(out);
  auto topo = b.build();
  auto src = two_streams();
  MemorySink sink;
  Runtime rt{topo, src, sink, at_once()};
  rt.run();
  EXPECT_EQ(out.values(), (std::vector<S>{"a1+b1"}));
  EXPECT_EQ(out.entries().at(0).timestamp, streamlab::from_millis(1050));  // the later of the two
  EXPECT_EQ(rt.accounting().join_unmatched, 2);
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

TEST(WindowedJoin, LeftNonMatchesComeOnlyWhenTheirWindowClosesAndTheWatermarkFreesState) {
  StreamsBuilder b;
  Collector<S, S> out;
  b.stream("a")
      .leftJoin(
          b.stream("b"), [](const S& l, const std::optional<S>& r) { return l + "+" + opt(r); },
          JoinWindows::ofTimeDifferenceAndGrace(std::chrono::milliseconds(100), Duration{0}))
      .collect(out);
  auto topo = b.build();
  auto src = two_streams();
  MemorySink sink;
  Runtime rt{topo, src, sink, at_once()};
  rt.process(1);
  EXPECT_TRUE(out.values().empty());  // no eager a1+null
  rt.process(2);
  EXPECT_EQ(out.values(), (std::vector<S>{"a1+b1"}));
  EXPECT_EQ(rt.windows_held(), 3U);  // a1, b1, b2: W = min(1000, 3000) closes nothing
  rt.process(1);
  EXPECT_EQ(rt.windows_held(), 2U);  // W = min(5000, 3000): a1 and b1 (closing at > 1100, > 1150) freed
  rt.run();
  EXPECT_EQ(out.values(), (std::vector<S>{"a1+b1", "a2+null"}));
  EXPECT_EQ(rt.windows_held(), 0U);
}

TEST(WindowedJoin, OuterEmitsEitherSideAloneInTimeOrderAtClose) {
  StreamsBuilder b;
  Collector<S, S> out;
  b.stream("a")
      .outerJoin(
          b.stream("b"),
          [](const std::optional<S>& l, const std::optional<S>& r) { return opt(l) + "+" + opt(r); },
          JoinWindows::ofTimeDifferenceWithNoGrace(std::chrono::milliseconds(100)))
      .collect(out);
  auto topo = b.build();
  auto src = two_streams();
  MemorySink sink;
  Runtime rt{topo, src, sink, at_once()};
  rt.run();
  EXPECT_EQ(out.values(), (std::vector<S>{"a1+b1", "null+b2", "a2+null"}));
}

TEST(WindowedJoin, ARecordBeyondTheGraceGoesToTheLateOutput) {
  ScriptSource s;
  s.declare("a", 1).declare("b", 1);
  s.record("a", 0, "k", "a1", 1000);
  s.record("b", 0, "k", "b1", 1000);  // W = 1000
  s.record("b", 0, "k", "b0", 940);   // 1000 > 940 + 50: late, although a1 is held
  StreamsBuilder b;
  Collector<S, S> out;
  b.stream("a")
      .join(
          b.stream("b"), [](const S& l, const S& r) { return l + "+" + r; },
          JoinWindows::ofTimeDifferenceAndGrace(std::chrono::milliseconds(100),
                                                std::chrono::milliseconds(50)))
      .collect(out);
  auto topo = b.build();
  MemorySink sink;
  Runtime rt{topo, s, sink, at_once()};
  rt.run();
  EXPECT_EQ(out.values(), (std::vector<S>{"a1+b1"}));
  EXPECT_EQ(rt.accounting().late_output, 1);
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

// Crash after every record and restart from the last checkpoint: the committed output equals the
// uninterrupted run's, for both joins in one topology.
struct Outputs {
  Collector<S, S> temporal;
  Collector<S, S> windowed;
};

streamlab::Topology both_joins(Outputs& out) {
  StreamsBuilder b;
  auto profiles = b.table("profiles", Consumed{serdes::String(), serdes::String()},
                          Versioned{std::chrono::milliseconds(500)});
  auto clicks = b.stream("clicks");
  clicks.leftJoin(profiles, enrich_optional, JoinGrace{std::chrono::milliseconds(300)}).collect(out.temporal);
  clicks
      .outerJoin(
          b.stream("views"),
          [](const std::optional<S>& l, const std::optional<S>& r) { return opt(l) + "+" + opt(r); },
          JoinWindows::ofTimeDifferenceAndGrace(std::chrono::milliseconds(100),
                                                std::chrono::milliseconds(50)))
      .collect(out.windowed);
  return b.build();
}

ScriptSource mixed() {
  ScriptSource s;
  s.declare("clicks", 1).declare("profiles", 1).declare("views", 1);
  const char* users[] = {"u1", "u2", "u3"};
  for (int i = 0; i < 60; ++i) {
    const std::int64_t t = 1000 + i * 37 - (i % 5) * 60;
    const S user = users[i % 3];
    if (i % 4 == 0) {
      s.record("profiles", 0, user, "p" + std::to_string(i), t - 200);
    } else if (i % 4 == 1) {
      s.record("views", 0, user, "v" + std::to_string(i), t);
    } else {
      s.record("clicks", 0, user, "c" + std::to_string(i), t);
    }
  }
  return s;
}

TEST(TimeJoinCheckpoint, CrashAtAnyRecordAndRestartGivesTheUninterruptedOutput) {
  Outputs want;
  {
    auto topo = both_joins(want);
    auto src = mixed();
    MemorySink sink;
    RuntimeOptions o;
    o.checkpoint_every = 1;
    Runtime rt{topo, src, sink, o};
    rt.run();
    EXPECT_TRUE(rt.accounting().invariant_holds());
  }
  ASSERT_GT(want.temporal.values().size(), 10U);
  ASSERT_GT(want.windowed.values().size(), 10U);
  for (std::int64_t crash = 1; crash < 60; crash += 4) {
    Outputs got;
    streamlab::InMemoryCheckpointStore store;
    RuntimeOptions o;
    o.checkpoint_every = 3;
    o.checkpoints = &store;
    MemorySink sink;
    {
      auto topo = both_joins(got);
      auto src = mixed();
      Runtime rt{topo, src, sink, o};
      rt.process(crash);
    }
    auto topo = both_joins(got);
    auto src = mixed();
    Runtime rt{topo, src, sink, o};
    rt.run();
    EXPECT_EQ(got.temporal.values(), want.temporal.values()) << "crash after " << crash;
    EXPECT_EQ(got.windowed.values(), want.windowed.values()) << "crash after " << crash;
    EXPECT_TRUE(rt.accounting().invariant_holds());
  }
}

}  // namespace
