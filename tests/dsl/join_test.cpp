// Stream-table joins: inner and left, "as of arrival" enrichment, unmatched counting,
// no re-emission on late table data, and the co-partitioning check.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
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

// Arrival order: profile u1=north; click u1; click u2 (no profile yet); profile u2=south;
// profile u1=east (a later update); click u2; click u1.
ScriptSource clicks_and_profiles() {
  ScriptSource s;
  s.declare("clicks", 1).declare("profiles", 1);
  s.record("profiles", 0, "u1", "north", 0, 0);
  s.record("clicks", 0, "u1", "c1", 1000, 1);
  s.record("clicks", 0, "u2", "c2", 2000, 2);
  s.record("profiles", 0, "u2", "south", 0, 3);
  s.record("profiles", 0, "u1", "east", 0, 4);
  s.record("clicks", 0, "u2", "c3", 3000, 5);
  s.record("clicks", 0, "u1", "c4", 4000, 6);
  return s;
}

TEST(Join, InnerJoinEnrichesAsOfArrivalAndCountsUnmatched) {
  StreamsBuilder b;
  Collector<std::string, std::string> out;
  auto profiles = b.table("profiles", Consumed{serdes::String(), serdes::String()});
  b.stream("clicks")
      .join(profiles,
            [](const std::string& click, const std::string& region) { return click + "@" + region; })
      .collect(out);
  auto topo = b.build();
  auto src = clicks_and_profiles();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  // c2 arrived before u2's profile: dropped, and the profile arriving later does not re-emit it.
  // c4 sees u1's updated profile.
  EXPECT_EQ(out.values(), (std::vector<std::string>{"c1@north", "c3@south", "c4@east"}));
  EXPECT_EQ(rt.accounting().join_unmatched, 1);
  EXPECT_EQ(rt.accounting().records_in, 7);
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

TEST(Join, LeftJoinEmitsUnmatchedWithAnEmptyRightSide) {
  StreamsBuilder b;
  Collector<std::string, std::string> out;
  auto profiles = b.table("profiles", Consumed{serdes::String(), serdes::String()});
  b.stream("clicks")
      .leftJoin(profiles,
                [](const std::string& click, const std::optional<std::string>& region) {
                  return click + "@" + region.value_or("?");
                })
      .collect(out);
  auto topo = b.build();
  auto src = clicks_and_profiles();
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_EQ(out.values(), (std::vector<std::string>{"c1@north", "c2@?", "c3@south", "c4@east"}));
  EXPECT_EQ(rt.accounting().join_unmatched, 0);
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

TEST(Join, JoinOfTopicsWithDifferentPartitionCountsIsRejectedWithAClearError) {
  ScriptSource src;
  src.declare("clicks", 2).declare("profiles", 3);
  StreamsBuilder b;
  auto profiles = b.table("profiles", Consumed{serdes::String(), serdes::String()});
  b.stream("clicks")
      .join(profiles, [](const std::string& c, const std::string& p) { return c + p; })
      .to("out");
  auto topo = b.build();
  MemorySink sink;
  try {
    Runtime rt{topo, src, sink};
    FAIL() << "expected a TopologyError";
  } catch (const streamlab::TopologyError& e) {
    EXPECT_NE(std::string{e.what()}.find("'clicks' has 2 partitions"), std::string::npos) << e.what();
    EXPECT_NE(std::string{e.what()}.find("'profiles' has 3"), std::string::npos) << e.what();
  }
}

TEST(Join, ReKeyedStreamIsRepartitionedBeforeTheJoin) {
  ScriptSource src;
  src.declare("clicks", 1).declare("profiles", 1);
  src.record("profiles", 0, "u1", "north", 0, 0);
  src.record("clicks", 0, "page-a", "u1", 1000, 1);  // key is the page, value the user
  StreamsBuilder b{{"j"}};
  Collector<std::string, std::string> out;
  auto profiles = b.table("profiles", Consumed{serdes::String(), serdes::String()});
  b.stream("clicks")
      .selectKey([](const std::string& user) { return user; })
      .join(profiles, [](const std::string& user, const std::string& region) { return user + "@" + region; })
      .collect(out);
  auto topo = b.build();
  ASSERT_EQ(topo.internal_topics().size(), 1U);
  MemorySink sink;
  Runtime rt{topo, src, sink};
  rt.run();
  EXPECT_EQ(out.values(), (std::vector<std::string>{"u1@north"}));
  EXPECT_EQ(sink.records(topo.internal_topics()[0]).size(), 1U);
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

}  // namespace
