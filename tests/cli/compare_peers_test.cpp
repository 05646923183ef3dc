// `streamlab compare` with the real engines (label peers; the installs are the fixtures of
// tests/peers/CMakeLists.txt). Lab 02's late sale (compare_late_sale.hpp) through StreamLab,
// Kafka Streams, Flink and Spark. Worked by hand from docs/semantics.md and docs/peers.md:
// - StreamLab and Flink: [10:00,10:05) ON_TIME 15 (2), then LATE 17.5 (3) for the late 2.5;
//   [10:05,10:10) ON_TIME 4 (2); the 4 at 10:02 (arrival #6) dropped.
// - Kafka Streams (final = suppress, grace = 30 s + 2 m): [10:00,10:05) once, when stream time
//   reaches 10:07:30 (arrival #5), with the late 2.5: ON_TIME 17.5 (3); #6 dropped (10:05 is not
//   after stream time 10:08 - grace = 10:05:30).
// - Spark (one micro-batch per arrival, no allowed lateness): [10:00,10:05) ON_TIME 15 (2) only;
//   #4 (10:03, behind the watermark 10:05:10 for a window already emitted) and #6 dropped.
#include <string>

#include "cli_runner.hpp"
#include "compare_late_sale.hpp"

namespace streamlab::test {
namespace {

using Json = nlohmann::json;

class ComparePeers : public CliFixture {};

Json result(const std::string& kind, const Json& value, int count) {
  return Json{{"pane", kind}, {"value", value}, {"count", count}};
}

// An engine's panes without their triggers (the peers do not report them).
Json without_triggers(const Json& panes) {
  Json out = Json::array();
  for (const auto& p : panes) out.push_back(result(p["pane"], p["value"], p["count"].get<int>()));
  return out;
}

TEST_F(ComparePeers, TheLateSaleInFourEngines) {
  const auto input = write("sales.jsonl", kLateSaleInput);
  const auto r = run(late_sale_compare_args(
      input, {"--engines", "streamlab,kafka-streams,flink,spark", "--format", "json", "--timeout", "4m"}));
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const auto j = Json::parse(r.out);
  for (const auto& e : j["engines"]) EXPECT_EQ(e["status"], "ok") << e.dump();
  ASSERT_EQ(j["windows"].size(), 2u) << r.out;

  const auto& first = j["windows"][0];
  EXPECT_EQ(first["window_start"], "2025-06-22T10:00:00Z");
  EXPECT_EQ(first["differ"], true);
  const Json on_time_then_late{result("ON_TIME", 15, 2), result("LATE", 17.5, 3)};
  EXPECT_EQ(without_triggers(first["panes"]["streamlab"]), on_time_then_late);
  EXPECT_EQ(without_triggers(first["panes"]["flink"]), on_time_then_late);
  EXPECT_EQ(without_triggers(first["panes"]["kafka-streams"]), (Json{result("ON_TIME", 17.5, 3)}));
  EXPECT_EQ(without_triggers(first["panes"]["spark"]), (Json{result("ON_TIME", 15, 2)}));
  EXPECT_EQ(first["panes"]["flink"][0]["trigger"], nullptr);
  ASSERT_EQ(first["differences"].size(), 2u) << first.dump(2);
  EXPECT_EQ(first["differences"][0]["engine"], "kafka-streams");
  EXPECT_EQ(first["differences"][0]["rule"], "kafka-streams-final-one-result");
  EXPECT_EQ(first["differences"][1]["engine"], "spark");
  EXPECT_EQ(first["differences"][1]["rule"], "spark-no-allowed-lateness");

  const auto& second = j["windows"][1];
  EXPECT_EQ(second["window_start"], "2025-06-22T10:05:00Z");
  EXPECT_EQ(second["differ"], false);
  for (const char* e : {"streamlab", "kafka-streams", "flink", "spark"}) {
    EXPECT_EQ(without_triggers(second["panes"][e]), (Json{result("ON_TIME", 4, 2)})) << e;
  }

  const auto& late = j["late"];
  EXPECT_EQ(late["differ"], true);
  for (const char* e : {"streamlab", "kafka-streams", "flink"}) {
    ASSERT_EQ(late["records"][e].size(), 1u) << e << late.dump(2);
    EXPECT_EQ(late["records"][e][0]["arrival"], 6) << e;
  }
  ASSERT_EQ(late["records"]["spark"].size(), 2u) << late.dump(2);
  EXPECT_EQ(late["records"]["spark"][0]["arrival"], 4);
  EXPECT_EQ(late["records"]["spark"][1]["arrival"], 6);
  ASSERT_EQ(late["differences"].size(), 1u);
  EXPECT_EQ(late["differences"][0]["rule"], "spark-no-allowed-lateness");
}

}  // namespace
}  // namespace streamlab::test
