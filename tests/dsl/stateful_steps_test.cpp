// Which stateful steps keep state of records read straight from an input topic (before any
// repartition topic): the rule a scale-out run checks before it starts.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "streamlab/streamlab.hpp"
#include "test_support.hpp"

namespace {

using streamlab::Consumed;
using streamlab::StreamsBuilder;
using streamlab::test::Sale;
namespace serdes = streamlab::serdes;
using S = std::string;

Consumed<S, Sale> sales() { return Consumed{serdes::String(), serdes::Json<Sale>()}; }

/// The names of the steps the graph reports, first offender of the rule or "" when none.
S first_before_repartition(const streamlab::Topology& topology) {
  const auto* step = topology.graph().state_before_repartition();
  return step == nullptr ? S{} : step->op;
}

TEST(StatefulSteps, AWindowBehindARepartitionTopicKeepsNoStateOfTheInput) {
  StreamsBuilder b{{"shop"}};
  b.stream("sales", sales())
      .groupBy([](const Sale& s) { return s.category; })
      .windowedBy(streamlab::TimeWindows::ofSize(std::chrono::minutes(1)))
      .count();
  const auto topology = b.build();
  ASSERT_EQ(topology.internal_topics().size(), 1U);
  ASSERT_EQ(topology.graph().stateful_steps.size(), 1U);
  EXPECT_EQ(topology.graph().stateful_steps[0].topics, topology.internal_topics());
  EXPECT_EQ(first_before_repartition(topology), "");
}

TEST(StatefulSteps, ACountOfTheInputKeyBesideARepartitionKeepsStateOfTheInput) {
  StreamsBuilder b{{"shop"}};
  auto stream = b.stream("sales", sales());
  stream.groupByKey().count();                                       // on the input's own partitions
  stream.groupBy([](const Sale& s) { return s.category; }).count();  // behind a repartition
  const auto topology = b.build();
  ASSERT_EQ(topology.graph().stateful_steps.size(), 2U);
  EXPECT_EQ(topology.graph().stateful_steps[0].topics, std::vector<S>{"sales"});
  EXPECT_EQ(first_before_repartition(topology), topology.graph().stateful_steps[0].op);
}

TEST(StatefulSteps, ATemporalJoinOfTheInputBeforeARepartitionIsNamed) {
  StreamsBuilder b{{"clickstream"}};
  auto profiles = b.table("profiles", Consumed{serdes::String(), serdes::String()},
                          streamlab::Versioned{std::chrono::hours(1)});
  b.stream("clicks")
      .leftJoin(
          profiles, [](const S& click, const std::optional<S>& p) { return click + (p ? *p : S{}); },
          streamlab::JoinGrace{std::chrono::seconds(10)})
      .groupBy([](const S& v) { return v; })
      .count();
  const auto topology = b.build();
  // The join keeps clicks waiting (state of 'clicks'); the count is behind the repartition.
  ASSERT_EQ(topology.graph().stateful_steps.size(), 2U);
  const S join = first_before_repartition(topology);
  EXPECT_NE(join.find("TEMPORAL-JOIN"), S::npos) << join;
  EXPECT_EQ(topology.graph().stateful_steps[0].topics, std::vector<S>{"clicks"});
  EXPECT_EQ(topology.graph().stateful_steps[1].topics, topology.internal_topics());
}

TEST(StatefulSteps, AnIntervalJoinNamesBothInputTopics) {
  StreamsBuilder b{{"pairs"}};
  b.stream("views")
      .join(
          b.stream("buys"), [](const S& v, const S& x) { return v + x; },
          streamlab::JoinWindows::ofTimeDifferenceWithNoGrace(std::chrono::seconds(5)))
      .to("paired");
  const auto topology = b.build();
  ASSERT_EQ(topology.graph().stateful_steps.size(), 1U);
  EXPECT_EQ(topology.graph().stateful_steps[0].topics, (std::vector<S>{"views", "buys"}));
  EXPECT_NE(first_before_repartition(topology), "");
}

TEST(StatefulSteps, ATableSourceIsNotAStepItsChangelogIsReadAgain) {
  StreamsBuilder b{{"lookup"}};
  auto profiles = b.table("profiles", Consumed{serdes::String(), serdes::String()});
  b.stream("orders").join(profiles, [](const S& o, const S& p) { return o + p; }).to("enriched");
  const auto topology = b.build();
  EXPECT_TRUE(topology.graph().stateful_steps.empty());
  EXPECT_EQ(first_before_repartition(topology), "");
}

}  // namespace
