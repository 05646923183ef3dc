// Contract tests for `streamlab compare` without the peer engines (label cli): its flags and
// errors (an unknown engine is a usage error, a peer that is not installed names ./dev.sh peers),
// and the table and JSON with StreamLab alone. Expected values are worked out by hand from
// docs/semantics.md (see compare_late_sale.hpp).
#include <filesystem>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "compare_late_sale.hpp"

namespace streamlab::test {
namespace {

using Json = nlohmann::json;

class CompareCli : public CliFixture {
 protected:
  // An empty folder as the peers' install location: no engine is built there.
  std::string no_peers() const {
    const auto dir = path("no-peers");
    std::filesystem::create_directories(dir);
    return dir;
  }
};

// Whether `text` holds `part`, with the text in the failure message.
::testing::AssertionResult holds(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "no '" << part << "' in:\n" << text;
}

Json pane(const std::string& kind, const Json& value, int count, const Json& trigger) {
  return Json{{"pane", kind}, {"value", value}, {"count", count}, {"trigger", trigger}};
}

TEST_F(CompareCli, AnUnknownEngineIsAUsageError) {
  const auto input = write("sales.jsonl", kLateSaleInput);
  const auto r = run(late_sale_compare_args(input, {"--engines", "streamlab,samza"}));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(holds(r.err, "--engines"));
  EXPECT_TRUE(holds(r.err, "samza"));
  EXPECT_EQ(r.out, "");
}

TEST_F(CompareCli, WindowFlagsAreCheckedAsInStreamlabWindow) {
  const auto input = write("sales.jsonl", kLateSaleInput);
  auto r = run({"compare", "--input", input, "--time-field", "time", "--window", "tumbling:5x", "--engines",
                "streamlab"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(holds(r.err, "--window"));
  r = run({"compare", "--input", input, "--window", "tumbling:5m", "--engines", "streamlab"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(holds(r.err, "--time-field"));
  r = run(late_sale_compare_args(input, {"--engines", "streamlab", "--format", "yaml"}));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(holds(r.err, "--format"));
  r = run(late_sale_compare_args(input, {"--engines", "streamlab", "--timeout", "0s"}));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(holds(r.err, "--timeout"));
}

TEST_F(CompareCli, APeerThatIsNotInstalledIsAnErrorNamingDevShPeers) {
  const auto input = write("sales.jsonl", kLateSaleInput);
  const auto r =
      run(late_sale_compare_args(input, {"--engines", "streamlab,flink", "--peers-dir", no_peers()}));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(holds(r.err, "'flink' is not installed (not built"));
  EXPECT_TRUE(holds(r.err, "./dev.sh peers"));
  EXPECT_EQ(r.out, "");
}

TEST_F(CompareCli, AMissingPeersScriptIsTheSameError) {
  const auto input = write("sales.jsonl", kLateSaleInput);
  const auto r = run(late_sale_compare_args(
      input, {"--engines", "kafka-streams", "--peers-script", path("nowhere/peers.sh")}));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(holds(r.err, "'kafka-streams' is not installed"));
  EXPECT_TRUE(holds(r.err, "nowhere/peers.sh"));
  EXPECT_TRUE(holds(r.err, "./dev.sh peers"));
}

TEST_F(CompareCli, WithoutEnginesItRunsStreamLabAndEveryInstalledPeerHereNone) {
  const auto input = write("sales.jsonl", kLateSaleInput);
  const auto r = run(late_sale_compare_args(input, {"--peers-dir", no_peers(), "--format", "json"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = Json::parse(r.out);
  ASSERT_EQ(j["engines"].size(), 1u) << r.out;
  EXPECT_EQ(j["engines"][0]["engine"], "streamlab");
}

TEST_F(CompareCli, TheTableShowsEachPaneAndTheArrivalThatFiredIt) {
  const auto input = write("sales.jsonl", kLateSaleInput);
  const auto r = run(late_sale_compare_args(input, {"--engines", "streamlab"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(holds(r.out, "--window tumbling:5m"));
  EXPECT_TRUE(
      holds(r.out,
            "key \"books\"  window [2025-06-22T10:00:00Z, 2025-06-22T10:05:00Z)  same in every engine\n"
            "  streamlab      ON_TIME 15 (2 events) at arrival #3 (line 3)\n"
            "                 LATE 17.5 (3 events) at arrival #4 (line 4)\n"));
  EXPECT_TRUE(
      holds(r.out,
            "key \"books\"  window [2025-06-22T10:05:00Z, 2025-06-22T10:10:00Z)  same in every engine\n"
            "  streamlab      ON_TIME 4 (2 events) at end of input\n"));
  EXPECT_TRUE(holds(r.out,
                    "  streamlab      #6 (line 6) "
                    "{\"amount\":4,\"category\":\"books\",\"time\":\"2025-06-22T10:02:00Z\"}"));
  EXPECT_TRUE(holds(r.out, "2 windows, 0 with differences; late output the same."));
  EXPECT_TRUE(holds(r.err, "late accepted: 1, dropped late: 1"));
}

TEST_F(CompareCli, TheJsonDocumentHoldsPanesTriggersAndLateRecords) {
  const auto input = write("sales.jsonl", kLateSaleInput);
  const auto r = run(late_sale_compare_args(input, {"--engines", "streamlab", "--format", "json"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = Json::parse(r.out);
  EXPECT_EQ(j["flags"]["window"], "tumbling:5m");
  EXPECT_EQ(j["flags"]["allowed_lateness"], "2m");
  ASSERT_EQ(j["engines"].size(), 1u);
  EXPECT_EQ(j["engines"][0]["status"], "ok");
  EXPECT_EQ(j["engines"][0]["triggers_known"], true);
  ASSERT_EQ(j["windows"].size(), 2u) << r.out;
  const auto& first = j["windows"][0];
  EXPECT_EQ(first["key"], "books");
  EXPECT_EQ(first["window_start"], "2025-06-22T10:00:00Z");
  EXPECT_EQ(first["window_end"], "2025-06-22T10:05:00Z");
  EXPECT_EQ(first["differ"], false);
  EXPECT_EQ(first["panes"]["streamlab"], (Json{pane("ON_TIME", 15, 2, Json{{"arrival", 3}, {"line", 3}}),
                                               pane("LATE", 17.5, 3, Json{{"arrival", 4}, {"line", 4}})}));
  EXPECT_EQ(j["windows"][1]["window_start"], "2025-06-22T10:05:00Z");
  EXPECT_EQ(j["windows"][1]["panes"]["streamlab"],
            (Json{pane("ON_TIME", 4, 2, Json{{"end_of_input", true}})}));
  const auto& late = j["late"]["records"]["streamlab"];
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0]["arrival"], 6);
  EXPECT_EQ(late[0]["line"], 6);
  EXPECT_EQ(late[0]["record"]["amount"], 4);
  EXPECT_EQ(j["summary"], (Json{{"windows", 2}, {"differing_windows", 0}, {"late_differ", false}}));
}

TEST_F(CompareCli, AWatermarkLineIsNamedAsWhatFiredAPaneAndStdinIsRead) {
  // Tumbling 10 s, D = 0: a@1 s, then $watermark 10 s (line 2) fires [0 s, 10 s) with 1 event.
  const auto input = write("marks.jsonl",
                           "{\"t\":1000}\n"
                           "{\"$watermark\":10000}\n");
  const auto r = run({"compare", "--input", "-", "--time-field", "t", "--window", "tumbling:10s", "--engines",
                      "streamlab", "--format", "json"},
                     input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = Json::parse(r.out);
  ASSERT_EQ(j["windows"].size(), 1u) << r.out;
  EXPECT_EQ(j["windows"][0]["key"], nullptr);
  EXPECT_EQ(j["windows"][0]["panes"]["streamlab"],
            (Json{pane("ON_TIME", 1, 1, Json{{"watermark_line", 2}})}));
}

}  // namespace
}  // namespace streamlab::test
