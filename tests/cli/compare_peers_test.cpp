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
#include <utility>
#include <vector>

#include "cli_runner.hpp"
#include "compare_late_sale.hpp"

namespace streamlab::test {
namespace {

using Json = nlohmann::json;

class ComparePeers : public CliFixture {
 protected:
  // `streamlab compare` of StreamLab and Bytewax over `input` (key k, sum of v, time t), then `window`.
  Json compare_with_bytewax(const std::string& input, const std::vector<std::string>& window) const {
    const auto file = write("bytewax.jsonl", input);
    std::vector<std::string> args{"compare",           "--input",  file,    "--time-field", "t",
                                  "--key-field",       "k",        "--agg", "sum:v",        "--engines",
                                  "streamlab,bytewax", "--format", "json",  "--timeout",    "4m"};
    args.insert(args.end(), window.begin(), window.end());
    const auto r = run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
    return Json::parse(r.out);
  }
};

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

// Bytewax's hand cases of tests/peers/bytewax_conformance_test.cpp (key k, sum of v, times
// 2025-06-22T10:00:SS), through `streamlab compare`: the panes are worked there; here, that the
// comparison names the documented difference of docs/peers.md that causes each.
const Json& window_row(const Json& j, const std::string& key, const std::string& start,
                       const std::string& end) {
  for (const auto& w : j["windows"]) {
    if (w["key"] == key && w["window_start"] == "2025-06-22T10:00:" + start + "Z" &&
        w["window_end"] == "2025-06-22T10:00:" + end + "Z")
      return w;
  }
  ADD_FAILURE() << "no row for " << key << " [" << start << ", " << end << ") in " << j["windows"].dump(2);
  static const Json none = Json::object();
  return none;
}

std::string rule_of(const Json& row) {
  return row.contains("differences") && row["differences"].size() == 1
             ? row["differences"][0]["rule"].get<std::string>()
             : "(not one difference) " + row.dump();
}

TEST_F(ComparePeers, BytewaxsPerKeyWatermarkIsNamedForItsWindowAndItsLateRecords) {
  // a@01 b@12 a@05 b@03, tumbling 10 s, D = 0: StreamLab's one watermark (12) drops a@05, Bytewax's
  // per key (a: 1) keeps it: a [00,10) = 1 (1 event) against 5 (2 events).
  const auto j = compare_with_bytewax(
      "{\"k\":\"a\",\"v\":1,\"t\":\"2025-06-22T10:00:01Z\"}\n"
      "{\"k\":\"b\",\"v\":2,\"t\":\"2025-06-22T10:00:12Z\"}\n"
      "{\"k\":\"a\",\"v\":4,\"t\":\"2025-06-22T10:00:05Z\"}\n"
      "{\"k\":\"b\",\"v\":8,\"t\":\"2025-06-22T10:00:03Z\"}\n",
      {"--window", "tumbling:10s", "--watermark", "bounded:0s"});
  const auto& a = window_row(j, "a", "00", "10");
  EXPECT_EQ(without_triggers(a["panes"]["streamlab"]), (Json{result("ON_TIME", 1, 1)}));
  EXPECT_EQ(without_triggers(a["panes"]["bytewax"]), (Json{result("ON_TIME", 5, 2)}));
  EXPECT_EQ(rule_of(a), "bytewax-watermark-per-key");
  EXPECT_EQ(window_row(j, "b", "10", "20")["differ"], false);
  ASSERT_EQ(j["late"]["records"]["streamlab"].size(), 2u) << j["late"].dump(2);
  ASSERT_EQ(j["late"]["records"]["bytewax"].size(), 1u) << j["late"].dump(2);
  EXPECT_EQ(rule_of(j["late"]), "bytewax-watermark-per-key");
}

TEST_F(ComparePeers, BytewaxDroppingAnItemBehindItsWatermarkInAnOpenWindowIsNamed) {
  // a@01 a@08 a@05 a@12, tumbling 10 s, D = 0: a@05 comes at W = 08, its window [00,10) still open:
  // StreamLab counts it (7, 3 events), Bytewax drops it (3, 2 events).
  const auto j = compare_with_bytewax(
      "{\"k\":\"a\",\"v\":1,\"t\":\"2025-06-22T10:00:01Z\"}\n"
      "{\"k\":\"a\",\"v\":2,\"t\":\"2025-06-22T10:00:08Z\"}\n"
      "{\"k\":\"a\",\"v\":4,\"t\":\"2025-06-22T10:00:05Z\"}\n"
      "{\"k\":\"a\",\"v\":8,\"t\":\"2025-06-22T10:00:12Z\"}\n",
      {"--window", "tumbling:10s", "--watermark", "bounded:0s"});
  const auto& first = window_row(j, "a", "00", "10");
  EXPECT_EQ(without_triggers(first["panes"]["streamlab"]), (Json{result("ON_TIME", 7, 3)}));
  EXPECT_EQ(without_triggers(first["panes"]["bytewax"]), (Json{result("ON_TIME", 3, 2)}));
  EXPECT_EQ(rule_of(first), "bytewax-late-behind-watermark");
  EXPECT_EQ(rule_of(j["late"]), "bytewax-late-behind-watermark");
}

TEST_F(ComparePeers, BytewaxsStrictSessionCloseIsNamedForEveryRowItCuts) {
  // Sessions of 10 s, D = 5 s: a@00 a@15 a@10. StreamLab fires [00,10) = 1 at W = 10 and a@10
  // starts [10,25) = 6; Bytewax keeps [00,00] open until W > 10, so a@10 bridges: [00,25) = 7.
  const auto j = compare_with_bytewax(
      "{\"k\":\"a\",\"v\":1,\"t\":\"2025-06-22T10:00:00Z\"}\n"
      "{\"k\":\"a\",\"v\":2,\"t\":\"2025-06-22T10:00:15Z\"}\n"
      "{\"k\":\"a\",\"v\":4,\"t\":\"2025-06-22T10:00:10Z\"}\n",
      {"--window", "session:10s", "--watermark", "bounded:5s"});
  EXPECT_EQ(without_triggers(window_row(j, "a", "00", "25")["panes"]["bytewax"]),
            (Json{result("ON_TIME", 7, 3)}));
  for (const auto& [start, end] : {std::pair{"00", "10"}, std::pair{"10", "25"}, std::pair{"00", "25"}}) {
    EXPECT_EQ(rule_of(window_row(j, "a", start, end)), "bytewax-session-closes-strictly")
        << start << "-" << end;
  }
  EXPECT_EQ(j["late"]["differ"], false);
}

}  // namespace
}  // namespace streamlab::test
