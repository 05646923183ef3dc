// Contract tests for `streamlab window` (issue 4): flags, window kinds, aggregations, emit modes,
// control lines, time formats, late and dead-letter outputs, ordering, exit codes. Every
// expected value below was worked out by hand from docs/semantics.md.
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace streamlab::test {
namespace {

using Json = nlohmann::ordered_json;

// Checks one pane line field by field, and that the fields come in the contract's order.
void expect_pane(const Json& j, const Json& key, const std::string& start, const std::string& end,
                 const Json& value, std::int64_t count, const std::string& pane) {
  std::vector<std::string> names;
  for (auto it = j.begin(); it != j.end(); ++it) names.push_back(it.key());
  EXPECT_EQ(names, (std::vector<std::string>{"key", "window_start", "window_end", "value", "count", "pane"}));
  EXPECT_EQ(j["key"], key) << j.dump();
  EXPECT_EQ(j["window_start"], start) << j.dump();
  EXPECT_EQ(j["window_end"], end) << j.dump();
  EXPECT_EQ(j["value"], value) << j.dump();
  EXPECT_EQ(j["value"].is_number_integer(), value.is_number_integer()) << j.dump();
  EXPECT_EQ(j["count"], count) << j.dump();
  EXPECT_EQ(j["pane"], pane) << j.dump();
}

std::string at(const std::string& hh_mm) { return "2025-06-22T" + hh_mm + ":00Z"; }

// Spark's structured-streaming word example, in arrival order: 10-minute windows sliding every
// 5 minutes, a 10-minute watermark delay. The cat at 12:06 arrives behind the watermark (12:11)
// and is dropped from [12:00,12:10) but counts in [12:05,12:15); the donkey at 12:04 is too late
// for both its windows.
const char* kWords =
    "{\"ts\":\"2025-06-22T12:07:00Z\",\"word\":\"dog\"}\n"
    "{\"ts\":\"2025-06-22T12:08:00Z\",\"word\":\"owl\"}\n"
    "{\"ts\":\"2025-06-22T12:14:00Z\",\"word\":\"dog\"}\n"
    "{\"ts\":\"2025-06-22T12:09:00Z\",\"word\":\"cat\"}\n"
    "{\"ts\":\"2025-06-22T12:15:00Z\",\"word\":\"cat\"}\n"
    "{\"ts\":\"2025-06-22T12:08:00Z\",\"word\":\"dog\"}\n"
    "{\"ts\":\"2025-06-22T12:13:00Z\",\"word\":\"owl\"}\n"
    "{\"ts\":\"2025-06-22T12:21:00Z\",\"word\":\"owl\"}\n"
    "{\"ts\":\"2025-06-22T12:06:00Z\",\"word\":\"cat\"}\n"
    "{\"ts\":\"2025-06-22T12:17:00Z\",\"word\":\"owl\"}\n"
    "{\"ts\":\"2025-06-22T12:04:00Z\",\"word\":\"donkey\"}\n";

class WindowCli : public CliFixture {};

TEST_F(WindowCli, SlidingWordCountWithWatermarkDelayMatchesTheHandWorkedExample) {
  const auto input = write("words.jsonl", kWords);
  const auto r = run({"window", "--input", input, "--time-field", "ts", "--key-field", "word", "--window",
                      "hopping:10m,5m", "--watermark", "bounded:10m", "--late-output", path("late.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto panes = lines(r.out);
  ASSERT_EQ(panes.size(), 12u) << r.out;
  // Fired when the owl at 12:21 moves the watermark to 12:11.
  expect_pane(panes[0], "cat", at("12:00"), at("12:10"), 1, 1, "ON_TIME");
  expect_pane(panes[1], "dog", at("12:00"), at("12:10"), 2, 2, "ON_TIME");
  expect_pane(panes[2], "owl", at("12:00"), at("12:10"), 1, 1, "ON_TIME");
  // Fired at end of input, ordered by window end, then key.
  expect_pane(panes[3], "cat", at("12:05"), at("12:15"), 2, 2, "ON_TIME");
  expect_pane(panes[4], "dog", at("12:05"), at("12:15"), 3, 3, "ON_TIME");
  expect_pane(panes[5], "owl", at("12:05"), at("12:15"), 2, 2, "ON_TIME");
  expect_pane(panes[6], "cat", at("12:10"), at("12:20"), 1, 1, "ON_TIME");
  expect_pane(panes[7], "dog", at("12:10"), at("12:20"), 1, 1, "ON_TIME");
  expect_pane(panes[8], "owl", at("12:10"), at("12:20"), 2, 2, "ON_TIME");
  expect_pane(panes[9], "cat", at("12:15"), at("12:25"), 1, 1, "ON_TIME");
  expect_pane(panes[10], "owl", at("12:15"), at("12:25"), 2, 2, "ON_TIME");
  expect_pane(panes[11], "owl", at("12:20"), at("12:30"), 1, 1, "ON_TIME");
  const auto late = lines(read(path("late.jsonl")));
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0]["word"], "donkey");
  EXPECT_EQ(late[0]["ts"], "2025-06-22T12:04:00Z");
  EXPECT_EQ(late[0]["$late"]["watermark"], "2025-06-22T12:11:00Z");
  EXPECT_FALSE(late[0]["$late"]["reason"].get<std::string>().empty());
  EXPECT_NE(r.err.find("records read: 11"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("panes out: 12"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("late accepted: 0"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dropped late: 1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dead letters: 0"), std::string::npos) << r.err;
}

TEST_F(WindowCli, AllowedLatenessTurnsTheDroppedWordsIntoLatePanesWithTheFullCount) {
  const auto input = write("words.jsonl", kWords);
  const auto r = run({"window", "--input", input, "--time-field", "ts", "--key-field", "word", "--window",
                      "hopping:10m,5m", "--watermark", "bounded:10m", "--allowed-lateness", "5m",
                      "--late-output", path("late.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto panes = lines(r.out);
  ASSERT_EQ(panes.size(), 14u) << r.out;
  expect_pane(panes[0], "cat", at("12:00"), at("12:10"), 1, 1, "ON_TIME");
  expect_pane(panes[1], "dog", at("12:00"), at("12:10"), 2, 2, "ON_TIME");
  expect_pane(panes[2], "owl", at("12:00"), at("12:10"), 1, 1, "ON_TIME");
  // 12:06 cat: [12:00,12:10) fired at W=12:11 but is kept until 12:15.
  expect_pane(panes[3], "cat", at("12:00"), at("12:10"), 2, 2, "LATE");
  // 12:04 donkey: [11:55,12:05) expired at 12:10, [12:00,12:10) still kept.
  expect_pane(panes[4], "donkey", at("12:00"), at("12:10"), 1, 1, "LATE");
  expect_pane(panes[5], "cat", at("12:05"), at("12:15"), 2, 2, "ON_TIME");
  expect_pane(panes[13], "owl", at("12:20"), at("12:30"), 1, 1, "ON_TIME");
  EXPECT_TRUE(read(path("late.jsonl")).empty());
  EXPECT_NE(r.err.find("late accepted: 2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dropped late: 0"), std::string::npos) << r.err;
}

TEST_F(WindowCli, TumblingWindowsWithIntegerMillisecondTimesAndTheOrderingRule) {
  // Keys of mixed JSON types sort null, numbers (numerically), then strings (by bytes).
  const auto input = write("in.jsonl",
                           "{\"t\":1000,\"k\":\"b\"}\n"
                           "{\"t\":2000,\"k\":10}\n"
                           "{\"t\":3000,\"k\":\"B\"}\n"
                           "{\"t\":4000,\"k\":9}\n"
                           "{\"t\":5000,\"k\":null}\n"
                           "{\"t\":10000,\"k\":\"a\"}\n");
  const auto r =
      run({"window", "--input", input, "--time-field", "t", "--key-field", "k", "--window", "tumbling:10s"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto panes = lines(r.out);
  ASSERT_EQ(panes.size(), 6u) << r.out;
  const std::string w0 = "1970-01-01T00:00:00Z";
  const std::string w1 = "1970-01-01T00:00:10Z";
  const std::string w2 = "1970-01-01T00:00:20Z";
  expect_pane(panes[0], nullptr, w0, w1, 1, 1, "ON_TIME");
  expect_pane(panes[1], 9, w0, w1, 1, 1, "ON_TIME");
  expect_pane(panes[2], 10, w0, w1, 1, 1, "ON_TIME");
  expect_pane(panes[3], "B", w0, w1, 1, 1, "ON_TIME");
  expect_pane(panes[4], "b", w0, w1, 1, 1, "ON_TIME");
  expect_pane(panes[5], "a", w1, w2, 1, 1, "ON_TIME");
}

TEST_F(WindowCli, IsoTimesWithOffsetsAndIntegerTimesGiveTheSameWindows) {
  const auto iso = write("iso.jsonl",
                         "{\"t\":\"2025-06-22T14:00:05+02:00\"}\n"
                         "{\"t\":\"2025-06-22T12:00:59.999Z\"}\n"
                         "{\"t\":\"2025-06-22T12:01:00Z\"}\n");
  // The same instants in milliseconds since the epoch.
  const auto ms = write("ms.jsonl",
                        "{\"t\":1750593605000}\n"
                        "{\"t\":1750593659999}\n"
                        "{\"t\":1750593660000}\n");
  const auto a = run({"window", "--input", iso, "--time-field", "t", "--window", "tumbling:1m"});
  const auto b = run({"window", "--input", ms, "--time-field", "t", "--window", "tumbling:1m"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  const auto panes = lines(a.out);
  ASSERT_EQ(panes.size(), 2u);
  expect_pane(panes[0], nullptr, "2025-06-22T12:00:00Z", "2025-06-22T12:01:00Z", 2, 2, "ON_TIME");
  expect_pane(panes[1], nullptr, "2025-06-22T12:01:00Z", "2025-06-22T12:02:00Z", 1, 1, "ON_TIME");
}

TEST_F(WindowCli, SessionWindowsMergeTouchingSessionsAndEndOneGapAfterTheLastEvent) {
  const auto input = write("in.jsonl",
                           "{\"t\":0,\"u\":\"ann\"}\n"
                           "{\"t\":5000,\"u\":\"bob\"}\n"
                           "{\"t\":30000,\"u\":\"ann\"}\n"     // touches [0,30s): [0,60s)
                           "{\"t\":100000,\"u\":\"ann\"}\n");  // new session; W=40s fires bob
  const auto r = run({"window", "--input", input, "--time-field", "t", "--key-field", "u", "--window",
                      "session:30s", "--watermark", "bounded:1m"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto panes = lines(r.out);
  ASSERT_EQ(panes.size(), 3u) << r.out;
  expect_pane(panes[0], "bob", "1970-01-01T00:00:05Z", "1970-01-01T00:00:35Z", 1, 1, "ON_TIME");
  expect_pane(panes[1], "ann", "1970-01-01T00:00:00Z", "1970-01-01T00:01:00Z", 2, 2, "ON_TIME");
  expect_pane(panes[2], "ann", "1970-01-01T00:01:40Z", "1970-01-01T00:02:10Z", 1, 1, "ON_TIME");
}

TEST_F(WindowCli, EachAggregationOverIntegersStaysInteger) {
  const auto input = write("in.jsonl", "{\"t\":1,\"v\":4}\n{\"t\":2,\"v\":-2}\n{\"t\":3,\"v\":7}\n");
  const auto sum =
      run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:1s", "--agg", "sum:v"});
  const auto avg =
      run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:1s", "--agg", "avg:v"});
  const auto min =
      run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:1s", "--agg", "min:v"});
  const auto max =
      run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:1s", "--agg", "max:v"});
  const auto count =
      run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:1s", "--agg", "count"});
  const std::string s = "1970-01-01T00:00:00Z";
  const std::string e = "1970-01-01T00:00:01Z";
  expect_pane(lines(sum.out).at(0), nullptr, s, e, 9, 3, "ON_TIME");
  expect_pane(lines(avg.out).at(0), nullptr, s, e, 3.0, 3, "ON_TIME");
  expect_pane(lines(min.out).at(0), nullptr, s, e, -2, 3, "ON_TIME");
  expect_pane(lines(max.out).at(0), nullptr, s, e, 7, 3, "ON_TIME");
  expect_pane(lines(count.out).at(0), nullptr, s, e, 3, 3, "ON_TIME");
}

TEST_F(WindowCli, AggregationsOverAnyDoubleBecomeDoubles) {
  const auto input = write("in.jsonl", "{\"t\":1,\"v\":1}\n{\"t\":2,\"v\":2.5}\n{\"t\":3,\"v\":4}\n");
  const std::string s = "1970-01-01T00:00:00Z";
  const std::string e = "1970-01-01T00:00:01Z";
  const auto agg = [&](const std::string& a) {
    return lines(run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:1s", "--agg", a})
                     .out)
        .at(0);
  };
  expect_pane(agg("sum:v"), nullptr, s, e, 7.5, 3, "ON_TIME");
  expect_pane(agg("avg:v"), nullptr, s, e, 2.5, 3, "ON_TIME");
  expect_pane(agg("min:v"), nullptr, s, e, 1.0, 3, "ON_TIME");
  expect_pane(agg("max:v"), nullptr, s, e, 4.0, 3, "ON_TIME");
}

TEST_F(WindowCli, UpdateModeEmitsEveryChange) {
  const auto input = write("in.jsonl", "{\"t\":1000}\n{\"t\":2000}\n{\"t\":11000}\n");
  const auto r =
      run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:10s", "--emit", "update"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto panes = lines(r.out);
  ASSERT_EQ(panes.size(), 3u) << r.out;
  expect_pane(panes[0], nullptr, "1970-01-01T00:00:00Z", "1970-01-01T00:00:10Z", 1, 1, "UPDATE");
  expect_pane(panes[1], nullptr, "1970-01-01T00:00:00Z", "1970-01-01T00:00:10Z", 2, 2, "UPDATE");
  expect_pane(panes[2], nullptr, "1970-01-01T00:00:10Z", "1970-01-01T00:00:20Z", 1, 1, "UPDATE");
}

TEST_F(WindowCli, CompleteModeWithMicroBatchesEmitsTheTableAtEachBatchEnd) {
  const auto input = write("in.jsonl",
                           "{\"t\":1000,\"k\":\"a\"}\n"
                           "{\"t\":12000,\"k\":\"b\"}\n"
                           "{\"$advance\":\"10s\"}\n"
                           "{\"t\":13000,\"k\":\"b\"}\n");
  const auto r = run({"window", "--input", input, "--time-field", "t", "--key-field", "k", "--window",
                      "tumbling:10s", "--emit", "complete", "--trigger", "micro-batch:10s"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto panes = lines(r.out);
  ASSERT_EQ(panes.size(), 3u) << r.out;
  // Batch 1 ends at 10s: W=12s; the table holds both windows, then [0,10s) is freed.
  expect_pane(panes[0], "a", "1970-01-01T00:00:00Z", "1970-01-01T00:00:10Z", 1, 1, "COMPLETE");
  expect_pane(panes[1], "b", "1970-01-01T00:00:10Z", "1970-01-01T00:00:20Z", 1, 1, "COMPLETE");
  // End of input ends batch 2.
  expect_pane(panes[2], "b", "1970-01-01T00:00:10Z", "1970-01-01T00:00:20Z", 2, 2, "COMPLETE");
}

TEST_F(WindowCli, MicroBatchJudgesLatenessAgainstTheWatermarkAtBatchStart) {
  // Continuously, 12s moves W to 12s and the event at 5s is dropped; in one micro-batch it is not.
  const auto input = write("in.jsonl", "{\"t\":12000}\n{\"t\":5000}\n");
  const auto continuous = run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:10s"});
  const auto batch = run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:10s",
                          "--trigger", "micro-batch:1m"});
  ASSERT_EQ(continuous.exit_code, 0);
  ASSERT_EQ(batch.exit_code, 0);
  EXPECT_EQ(lines(continuous.out).size(), 1u);
  EXPECT_NE(continuous.err.find("dropped late: 1"), std::string::npos);
  const auto panes = lines(batch.out);
  ASSERT_EQ(panes.size(), 2u);
  expect_pane(panes[0], nullptr, "1970-01-01T00:00:00Z", "1970-01-01T00:00:10Z", 1, 1, "ON_TIME");
  EXPECT_NE(batch.err.find("dropped late: 0"), std::string::npos);
}

TEST_F(WindowCli, WatermarkControlLineFiresAndMakesLaterEventsLate) {
  const auto input = write("in.jsonl",
                           "{\"t\":1000,\"k\":\"a\"}\n"
                           "{\"$watermark\":\"1970-01-01T00:00:10Z\"}\n"
                           "{\"t\":2000,\"k\":\"b\"}\n"
                           "{\"$watermark\":20000}\n"
                           "{\"t\":15000,\"k\":\"c\"}\n");
  const auto r = run({"window", "--input", input, "--time-field", "t", "--key-field", "k", "--window",
                      "tumbling:10s", "--watermark", "manual", "--late-output", path("late.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto panes = lines(r.out);
  ASSERT_EQ(panes.size(), 1u) << r.out;
  expect_pane(panes[0], "a", "1970-01-01T00:00:00Z", "1970-01-01T00:00:10Z", 1, 1, "ON_TIME");
  const auto late = lines(read(path("late.jsonl")));
  ASSERT_EQ(late.size(), 2u);
  EXPECT_EQ(late[0]["k"], "b");
  EXPECT_EQ(late[0]["$late"]["watermark"], "1970-01-01T00:00:10Z");
  EXPECT_EQ(late[1]["k"], "c");
  EXPECT_EQ(late[1]["$late"]["watermark"], "1970-01-01T00:00:20Z");
  EXPECT_NE(r.err.find("records read: 3"), std::string::npos) << r.err;  // control lines are not records
}

TEST_F(WindowCli, LateOutputKeepsTheOriginalObjectInKeyOrderAndAddsLate) {
  const auto input = write("in.jsonl", "{\"t\":20000}\n{\"zeta\":1,\"t\":3000,\"alpha\":[1,2]}\n");
  const auto r = run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:10s",
                      "--late-output", path("late.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto late = lines(read(path("late.jsonl")));
  ASSERT_EQ(late.size(), 1u);
  std::vector<std::string> names;
  for (auto it = late[0].begin(); it != late[0].end(); ++it) names.push_back(it.key());
  EXPECT_EQ(names, (std::vector<std::string>{"zeta", "t", "alpha", "$late"}));
  EXPECT_EQ(late[0]["alpha"], Json::parse("[1,2]"));
  EXPECT_EQ(late[0]["$late"]["watermark"], "1970-01-01T00:00:20Z");
  EXPECT_TRUE(late[0]["$late"].contains("reason"));
}

TEST_F(WindowCli, BadLinesGoToDeadLettersWithLineNumbersAndTheCountsAddUp) {
  const auto input = write("in.jsonl",
                           "{\"t\":1000,\"k\":\"a\",\"v\":1}\n"           // 1 ok
                           "this is not json\n"                           // 2
                           "{\"k\":\"a\",\"v\":1}\n"                      // 3 missing time
                           "{\"t\":\"yesterday\",\"k\":\"a\",\"v\":1}\n"  // 4 unparseable time
                           "\n"                                           // 5 blank: skipped
                           "{\"t\":2000,\"v\":1}\n"                       // 6 missing key
                           "{\"t\":3000,\"k\":\"a\",\"v\":\"lots\"}\n"    // 7 non-numeric value
                           "{\"t\":4000,\"k\":\"a\"}\n"                   // 8 missing value field
                           "{\"t\":5000,\"k\":\"a\",\"v\":2}\n");         // 9 ok
  const auto r = run({"window", "--input", input, "--time-field", "t", "--key-field", "k", "--window",
                      "tumbling:10s", "--agg", "sum:v", "--dead-letters", path("dead.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto dead = lines(read(path("dead.jsonl")));
  ASSERT_EQ(dead.size(), 6u);
  const std::vector<std::int64_t> expected_lines{2, 3, 4, 6, 7, 8};
  const std::vector<std::string> expected_reason{"not JSON",          "missing time field 't'",
                                                 "unparseable time",  "missing key field 'k'",
                                                 "non-numeric value", "missing value field 'v'"};
  // The field to blame, when one is: none for a line that is not JSON.
  const std::vector<std::string> expected_field{"", "t", "t", "k", "v", "v"};
  for (std::size_t i = 0; i < dead.size(); ++i) {
    EXPECT_EQ(dead[i]["line"], expected_lines[i]);
    EXPECT_NE(dead[i]["reason"].get<std::string>().find(expected_reason[i]), std::string::npos)
        << dead[i].dump();
    std::vector<std::string> names;
    for (auto it = dead[i].begin(); it != dead[i].end(); ++it) names.push_back(it.key());
    if (expected_field[i].empty()) {
      EXPECT_EQ(names, (std::vector<std::string>{"line", "raw", "reason"})) << dead[i].dump();
    } else {
      EXPECT_EQ(names, (std::vector<std::string>{"line", "raw", "reason", "field"})) << dead[i].dump();
      EXPECT_EQ(dead[i]["field"], expected_field[i]) << dead[i].dump();
    }
  }
  EXPECT_EQ(dead[0]["raw"], "this is not json");
  const auto panes = lines(r.out);
  ASSERT_EQ(panes.size(), 1u);
  expect_pane(panes[0], "a", "1970-01-01T00:00:00Z", "1970-01-01T00:00:10Z", 3, 2, "ON_TIME");
  // records read (8) = contributed (2) + dropped late (0) + dead letters (6)
  EXPECT_NE(r.err.find("records read: 8"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dead letters: 6"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dropped late: 0"), std::string::npos) << r.err;
}

TEST_F(WindowCli, ProcessingTimeDomainUsesTheVirtualClockMovedByAdvanceLines) {
  const auto input = write("in.jsonl",
                           "{\"t\":999999999}\n"
                           "{\"$advance\":\"5s\"}\n"
                           "{\"t\":1}\n"
                           "{\"$advance\":\"6s\"}\n"  // clock 11s: [0,10s) fires
                           "{\"t\":2}\n");
  const auto r = run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:10s",
                      "--time-domain", "processing"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto panes = lines(r.out);
  ASSERT_EQ(panes.size(), 2u) << r.out;
  expect_pane(panes[0], nullptr, "1970-01-01T00:00:00Z", "1970-01-01T00:00:10Z", 2, 2, "ON_TIME");
  expect_pane(panes[1], nullptr, "1970-01-01T00:00:10Z", "1970-01-01T00:00:20Z", 1, 1, "ON_TIME");
}

TEST_F(WindowCli, EarlyEveryEmitsEarlyPanesWhenProcessingTimePassesAMultiple) {
  const auto input = write("in.jsonl",
                           "{\"t\":1000}\n"
                           "{\"$advance\":\"30s\"}\n"  // passes 30s: EARLY count 1
                           "{\"t\":2000}\n"
                           "{\"$advance\":\"10s\"}\n"  // clock 40s: no multiple of 30s passed
                           "{\"$advance\":\"20s\"}\n"  // clock 60s: EARLY count 2
                           "{\"$watermark\":10000}\n");
  const auto r = run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:10s",
                      "--watermark", "manual", "--early-every", "30s"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto panes = lines(r.out);
  ASSERT_EQ(panes.size(), 3u) << r.out;
  const std::string s = "1970-01-01T00:00:00Z";
  const std::string e = "1970-01-01T00:00:10Z";
  expect_pane(panes[0], nullptr, s, e, 1, 1, "EARLY");
  expect_pane(panes[1], nullptr, s, e, 2, 2, "EARLY");
  expect_pane(panes[2], nullptr, s, e, 2, 2, "ON_TIME");
}

TEST_F(WindowCli, ReadsStdinAndWritesTheOutputFile) {
  const auto input = write("in.jsonl", "{\"t\":1}\n");
  const auto r = run({"window", "--input", "-", "--time-field", "t", "--window", "tumbling:1s", "--output",
                      path("out.jsonl")},
                     input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  const auto panes = lines(read(path("out.jsonl")));
  ASSERT_EQ(panes.size(), 1u);
  expect_pane(panes[0], nullptr, "1970-01-01T00:00:00Z", "1970-01-01T00:00:01Z", 1, 1, "ON_TIME");
}

TEST_F(WindowCli, UnknownFlagIsAUsageErrorNamingTheFlag) {
  const auto input = write("in.jsonl", "{\"t\":1}\n");
  const auto r =
      run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:1s", "--colour", "red"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--colour"), std::string::npos) << r.err;
}

TEST_F(WindowCli, BadDurationIsAUsageErrorNamingTheFlag) {
  const auto input = write("in.jsonl", "{\"t\":1}\n");
  const auto r = run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:1s",
                      "--allowed-lateness", "soon"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--allowed-lateness"), std::string::npos) << r.err;
  const auto w = run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:ten"});
  EXPECT_EQ(w.exit_code, 2);
  EXPECT_NE(w.err.find("--window"), std::string::npos) << w.err;
  const auto m = run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:1s",
                      "--watermark", "bounded:later"});
  EXPECT_EQ(m.exit_code, 2);
  EXPECT_NE(m.err.find("--watermark"), std::string::npos) << m.err;
}

TEST_F(WindowCli, MissingWindowIsAUsageErrorNamingTheFlag) {
  const auto input = write("in.jsonl", "{\"t\":1}\n");
  const auto r = run({"window", "--input", input, "--time-field", "t"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--window"), std::string::npos) << r.err;
}

TEST_F(WindowCli, SumWithoutAFieldIsAUsageErrorNamingTheFlag) {
  const auto input = write("in.jsonl", "{\"t\":1}\n");
  const auto r =
      run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:1s", "--agg", "sum"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--agg"), std::string::npos) << r.err;
}

TEST_F(WindowCli, HoppingAdvanceLargerThanSizeIsAUsageError) {
  const auto input = write("in.jsonl", "{\"t\":1}\n");
  const auto r = run({"window", "--input", input, "--time-field", "t", "--window", "hopping:1m,2m"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--window"), std::string::npos) << r.err;
}

TEST_F(WindowCli, MissingTimeFieldFlagIsAUsageErrorForEventTime) {
  const auto input = write("in.jsonl", "{\"t\":1}\n");
  const auto r = run({"window", "--input", input, "--window", "tumbling:1s"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--time-field"), std::string::npos) << r.err;
}

TEST_F(WindowCli, BadEmitTriggerAndTimeDomainValuesAreUsageErrors) {
  const auto input = write("in.jsonl", "{\"t\":1}\n");
  const std::vector<std::pair<std::string, std::string>> cases{{"--emit", "sometimes"},
                                                               {"--trigger", "micro-batch:0s"},
                                                               {"--time-domain", "wall"},
                                                               {"--early-every", "0s"}};
  for (const auto& [flag, value] : cases) {
    const auto r =
        run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:1s", flag, value});
    EXPECT_EQ(r.exit_code, 2) << flag;
    EXPECT_NE(r.err.find(flag), std::string::npos) << r.err;
  }
}

TEST_F(WindowCli, UnreadableInputFileFailsWithStatusOne) {
  const auto r =
      run({"window", "--input", path("missing.jsonl"), "--time-field", "t", "--window", "tumbling:1s"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("missing.jsonl"), std::string::npos) << r.err;
}

TEST_F(WindowCli, HelpShowsAnExample) {
  const auto r = run({"window", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Example"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--allowed-lateness"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace streamlab::test
