// Contract tests for `streamlab join` (issue 16): flags, the three modes, output fields and their
// order, release order, the unmatched/late output, dead letters, the per-side accounting on
// stderr, usage errors. Every expected row was worked out by hand from docs/semantics.md
// ("Joins").
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace streamlab::test {
namespace {

using Json = nlohmann::ordered_json;

std::string at(const std::string& hh_mm) { return "2025-06-22T" + hh_mm + ":00Z"; }

// A click (left) or a profile (right) line.
std::string click(const std::string& user, const std::string& hh_mm, const std::string& page) {
  return "{\"$source\":\"left\",\"user\":\"" + user + "\",\"ts\":\"" + at(hh_mm) + "\",\"page\":\"" + page +
         "\"}\n";
}
std::string profile(const std::string& user, const std::string& hh_mm, const std::string& tier) {
  return "{\"$source\":\"right\",\"user\":\"" + user + "\",\"ts\":\"" + at(hh_mm) + "\",\"tier\":\"" + tier +
         "\"}\n";
}
Json click_object(const std::string& user, const std::string& hh_mm, const std::string& page) {
  return Json{{"user", user}, {"ts", at(hh_mm)}, {"page", page}};
}
Json profile_object(const std::string& user, const std::string& hh_mm, const std::string& tier) {
  return Json{{"user", user}, {"ts", at(hh_mm)}, {"tier", tier}};
}

// Checks one row field by field, and that the fields come in the contract's order.
void expect_row(const Json& j, const Json& key, const std::string& time, const Json& left, const Json& right,
                const Json& right_time) {
  std::vector<std::string> names;
  for (auto it = j.begin(); it != j.end(); ++it) names.push_back(it.key());
  EXPECT_EQ(names, (std::vector<std::string>{"key", "time", "left", "right", "right_time"})) << j.dump();
  EXPECT_EQ(j["key"], key) << j.dump();
  EXPECT_EQ(j["time"], time) << j.dump();
  EXPECT_EQ(j["left"], left) << j.dump();
  EXPECT_EQ(j["right"], right) << j.dump();
  EXPECT_EQ(j["right_time"], right_time) << j.dump();
}

// The clickstream of lab 04 part B in miniature: the silver profile (10:03) arrives after the
// click at 10:05 that it applies to.
std::string clickstream() {
  return profile("u1", "10:00", "gold") + click("u1", "10:05", "/a") + profile("u1", "10:03", "silver") +
         click("u2", "10:06", "/b") + profile("u1", "10:10", "plat") + click("u1", "10:30", "/c");
}

class JoinCli : public CliFixture {};

TEST_F(JoinCli, TemporalLeftJoinWaitsForTheLateProfileAndUsesTheVersionAtTheClickTime) {
  // Right watermark (bounded:0s) = largest profile time. /a (10:05) and /b (10:06) wait until the
  // plat profile moves it to 10:10; /a then takes the version valid at 10:05, silver (10:03).
  // /c (10:30) waits until the end (its grace of 10m would need a click at >= 10:40).
  const auto input = write("in.jsonl", clickstream());
  const auto r =
      run({"join", "--input", input, "--key-field", "user", "--time-field", "ts", "--mode", "temporal",
           "--type", "left", "--grace", "10m", "--unmatched-output", path("unmatched.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = lines(r.out);
  ASSERT_EQ(rows.size(), 3U) << r.out;
  expect_row(rows[0], "u1", at("10:05"), click_object("u1", "10:05", "/a"),
             profile_object("u1", "10:03", "silver"), at("10:03"));
  expect_row(rows[1], "u2", at("10:06"), click_object("u2", "10:06", "/b"), nullptr, nullptr);
  expect_row(rows[2], "u1", at("10:30"), click_object("u1", "10:30", "/c"),
             profile_object("u1", "10:10", "plat"), at("10:10"));
  const auto unmatched = lines(read(path("unmatched.jsonl")));
  ASSERT_EQ(unmatched.size(), 1U);
  EXPECT_EQ(unmatched[0]["tier"], "gold");
  EXPECT_EQ(unmatched[0]["$source"], "right");
  EXPECT_EQ(unmatched[0]["$unmatched"]["fate"], "unmatched");
  EXPECT_NE(r.err.find("left: 3 read = 2 joined + 1 unmatched + 0 late + 0 dead letters"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("right: 3 read = 2 joined + 1 unmatched + 0 late + 0 dead letters"), std::string::npos)
      << r.err;
}

TEST_F(JoinCli, AsOfArrivalUsesTheRowPresentOnArrivalWhateverItsTime) {
  // /a arrives before silver exists: gold. Silver is replaced by plat before any click used it.
  const auto input = write("in.jsonl", clickstream());
  const auto r = run({"join", "--input", input, "--key-field", "user", "--time-field", "ts", "--mode",
                      "as-of-arrival", "--type", "left", "--unmatched-output", path("unmatched.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = lines(r.out);
  ASSERT_EQ(rows.size(), 3U) << r.out;
  expect_row(rows[0], "u1", at("10:05"), click_object("u1", "10:05", "/a"),
             profile_object("u1", "10:00", "gold"), at("10:00"));
  expect_row(rows[1], "u2", at("10:06"), click_object("u2", "10:06", "/b"), nullptr, nullptr);
  expect_row(rows[2], "u1", at("10:30"), click_object("u1", "10:30", "/c"),
             profile_object("u1", "10:10", "plat"), at("10:10"));
  const auto unmatched = lines(read(path("unmatched.jsonl")));
  ASSERT_EQ(unmatched.size(), 1U);
  EXPECT_EQ(unmatched[0]["tier"], "silver");
}

TEST_F(JoinCli, TemporalInnerWithZeroGraceReleasesOnArrival) {
  // Grace 0: each click leaves at once with the versions known then: /a gets gold; /b has none
  // and, in an inner join, goes to the unmatched output.
  const auto input = write("in.jsonl", clickstream());
  const auto r = run({"join", "--input", input, "--key-field", "user", "--time-field", "ts", "--mode",
                      "temporal", "--grace", "0s", "--unmatched-output", path("unmatched.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = lines(r.out);
  ASSERT_EQ(rows.size(), 2U) << r.out;
  expect_row(rows[0], "u1", at("10:05"), click_object("u1", "10:05", "/a"),
             profile_object("u1", "10:00", "gold"), at("10:00"));
  expect_row(rows[1], "u1", at("10:30"), click_object("u1", "10:30", "/c"),
             profile_object("u1", "10:10", "plat"), at("10:10"));
  const auto unmatched = lines(read(path("unmatched.jsonl")));
  ASSERT_EQ(unmatched.size(), 2U);
  EXPECT_EQ(unmatched[0]["page"], "/b");      // released and unmatched at 10:06
  EXPECT_EQ(unmatched[1]["tier"], "silver");  // never used, reported at the end
}

TEST_F(JoinCli, TemporalWithoutGraceWaitsForTheRightWatermarkOnly) {
  // No --grace: a record waits until the right watermark passes its time, however far the left
  // side runs ahead. /a (10:05) and /b (10:06) leave when plat (10:10) moves the right watermark
  // past them; /c (10:30) and /d (11:00) only at the end.
  const auto input = write("in.jsonl", clickstream() + click("u1", "11:00", "/d"));
  const auto r = run({"join", "--input", input, "--key-field", "user", "--time-field", "ts", "--mode",
                      "temporal", "--type", "left"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = lines(r.out);
  ASSERT_EQ(rows.size(), 4U) << r.out;
  expect_row(rows[0], "u1", at("10:05"), click_object("u1", "10:05", "/a"),
             profile_object("u1", "10:03", "silver"), at("10:03"));
  expect_row(rows[1], "u2", at("10:06"), click_object("u2", "10:06", "/b"), nullptr, nullptr);
  expect_row(rows[2], "u1", at("10:30"), click_object("u1", "10:30", "/c"),
             profile_object("u1", "10:10", "plat"), at("10:10"));
  expect_row(rows[3], "u1", at("11:00"), click_object("u1", "11:00", "/d"),
             profile_object("u1", "10:10", "plat"), at("10:10"));
}

TEST_F(JoinCli, TemporalHistoryMakesAnOldClickLate) {
  // History 5m behind the table watermark: after the plat profile (10:10) the horizon is 10:05,
  // so a click at 10:04 is late.
  const auto input = write("in.jsonl", profile("u1", "10:00", "gold") + profile("u1", "10:10", "plat") +
                                           click("u1", "10:04", "/old") + click("u1", "10:07", "/ok"));
  const auto r = run({"join", "--input", input, "--key-field", "user", "--time-field", "ts", "--mode",
                      "temporal", "--history", "5m", "--unmatched-output", path("unmatched.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = lines(r.out);
  ASSERT_EQ(rows.size(), 1U) << r.out;
  expect_row(rows[0], "u1", at("10:07"), click_object("u1", "10:07", "/ok"),
             profile_object("u1", "10:00", "gold"), at("10:00"));
  const auto unmatched = lines(read(path("unmatched.jsonl")));
  ASSERT_EQ(unmatched.size(), 2U) << read(path("unmatched.jsonl"));
  EXPECT_EQ(unmatched[0]["page"], "/old");
  EXPECT_EQ(unmatched[0]["$unmatched"]["fate"], "late");
  EXPECT_EQ(unmatched[0]["$unmatched"]["watermark"], at("10:10"));
  EXPECT_EQ(unmatched[1]["tier"], "plat");
  EXPECT_NE(r.err.find("left: 2 read = 1 joined + 0 unmatched + 1 late + 0 dead letters"), std::string::npos)
      << r.err;
}

TEST_F(JoinCli, WindowOuterJoinPairsWithinAndEmitsNonMatchesWhenTheirWindowCloses) {
  // within 5m, grace 0, bounded:0s per side; the join watermark is the smaller of the two.
  const std::string text = "{\"$source\":\"left\",\"k\":\"a\",\"ts\":\"" + at("10:00") + "\",\"id\":1}\n" +
                           "{\"$source\":\"right\",\"k\":\"a\",\"ts\":\"" + at("10:04") + "\",\"id\":2}\n" +
                           "{\"$source\":\"right\",\"k\":\"b\",\"ts\":\"" + at("10:20") + "\",\"id\":3}\n" +
                           "{\"$source\":\"left\",\"k\":\"a\",\"ts\":\"" + at("10:30") + "\",\"id\":4}\n";
  const auto input = write("in.jsonl", text);
  const auto r = run({"join", "--input", input, "--key-field", "k", "--time-field", "ts", "--mode", "window",
                      "--type", "outer", "--within", "5m"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = lines(r.out);
  ASSERT_EQ(rows.size(), 3U) << r.out;
  // id 2 pairs with id 1 on arrival, at the later time.
  expect_row(rows[0], "a", at("10:04"), Json{{"k", "a"}, {"ts", at("10:00")}, {"id", 1}},
             Json{{"k", "a"}, {"ts", at("10:04")}, {"id", 2}}, at("10:04"));
  // At the end, in time order: the right-only b (10:20), then the left-only a (10:30).
  expect_row(rows[1], "b", at("10:20"), nullptr, Json{{"k", "b"}, {"ts", at("10:20")}, {"id", 3}},
             at("10:20"));
  expect_row(rows[2], "a", at("10:30"), Json{{"k", "a"}, {"ts", at("10:30")}, {"id", 4}}, nullptr, nullptr);
}

TEST_F(JoinCli, WindowLeftNonMatchIsNotEmittedBeforeItsWindowCloses) {
  // The left record at 10:00 (within 5m) closes when the join watermark passes 10:05. The
  // watermark line at 10:05 does not close it; the right record at 10:05 still pairs.
  const std::string text = "{\"$source\":\"left\",\"k\":\"a\",\"ts\":\"" + at("10:00") + "\",\"id\":1}\n" +
                           "{\"$watermark\":\"" + at("10:05") + "\"}\n" +
                           "{\"$source\":\"right\",\"k\":\"a\",\"ts\":\"" + at("10:05") + "\",\"id\":2}\n";
  const auto input = write("in.jsonl", text);
  const auto r = run({"join", "--input", input, "--key-field", "k", "--time-field", "ts", "--mode", "window",
                      "--type", "left", "--within", "5m", "--watermark", "manual"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = lines(r.out);
  ASSERT_EQ(rows.size(), 1U) << r.out;
  expect_row(rows[0], "a", at("10:05"), Json{{"k", "a"}, {"ts", at("10:00")}, {"id", 1}},
             Json{{"k", "a"}, {"ts", at("10:05")}, {"id", 2}}, at("10:05"));
}

TEST_F(JoinCli, WindowRecordBehindTheWatermarkByMoreThanTheGraceIsLateAndCounted) {
  const std::string text = "{\"$watermark\":\"" + at("11:00") + "\"}\n" +
                           "{\"$source\":\"left\",\"k\":\"a\",\"ts\":\"" + at("10:55") + "\",\"id\":1}\n" +
                           "{\"$source\":\"left\",\"k\":\"a\",\"ts\":\"" + at("10:50") + "\",\"id\":2}\n";
  const auto input = write("in.jsonl", text);
  const auto r = run({"join", "--input", input, "--key-field", "k", "--time-field", "ts", "--mode", "window",
                      "--type", "left", "--within", "1m", "--grace", "5m", "--watermark", "manual",
                      "--unmatched-output", path("unmatched.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 10:55 + 5m = 11:00, not < W: accepted and emitted alone at the end; 10:50 is late.
  const auto rows = lines(r.out);
  ASSERT_EQ(rows.size(), 1U) << r.out;
  expect_row(rows[0], "a", at("10:55"), Json{{"k", "a"}, {"ts", at("10:55")}, {"id", 1}}, nullptr, nullptr);
  const auto unmatched = lines(read(path("unmatched.jsonl")));
  ASSERT_EQ(unmatched.size(), 1U);
  EXPECT_EQ(unmatched[0]["id"], 2);
  EXPECT_EQ(unmatched[0]["$unmatched"]["fate"], "late");
  EXPECT_EQ(unmatched[0]["$unmatched"]["watermark"], at("11:00"));
  EXPECT_NE(r.err.find("left: 2 read = 0 joined + 1 unmatched + 1 late + 0 dead letters"), std::string::npos)
      << r.err;
}

TEST_F(JoinCli, BadLinesGoToTheDeadLettersWithLineAndFieldAndAreCountedPerSide) {
  const std::string text = click("u1", "10:00", "/a") + "not json\n" + "{\"$source\":\"left\",\"ts\":\"" +
                           at("10:01") + "\"}\n" + "{\"$source\":\"middle\",\"user\":\"u1\",\"ts\":\"" +
                           at("10:02") + "\"}\n" + "{\"user\":\"u1\",\"ts\":\"" + at("10:02") + "\"}\n" +
                           "{\"$source\":\"right\",\"user\":\"u1\",\"ts\":\"noon\"}\n";
  const auto input = write("in.jsonl", text);
  const auto r = run({"join", "--input", input, "--key-field", "user", "--time-field", "ts", "--dead-letters",
                      path("dead.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto dead = lines(read(path("dead.jsonl")));
  ASSERT_EQ(dead.size(), 5U) << read(path("dead.jsonl"));
  EXPECT_EQ(dead[0]["line"], 2);
  EXPECT_EQ(dead[1]["line"], 3);
  EXPECT_EQ(dead[1]["field"], "user");
  EXPECT_EQ(dead[2]["line"], 4);
  EXPECT_EQ(dead[2]["field"], "$source");
  EXPECT_EQ(dead[3]["line"], 5);
  EXPECT_EQ(dead[3]["field"], "$source");
  EXPECT_EQ(dead[4]["line"], 6);
  EXPECT_EQ(dead[4]["field"], "ts");
  EXPECT_NE(r.err.find("left: 2 read = 0 joined + 1 unmatched + 0 late + 1 dead letters"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("right: 1 read = 0 joined + 0 unmatched + 0 late + 1 dead letters"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("3 bad lines without a side"), std::string::npos) << r.err;
}

TEST_F(JoinCli, WithoutADeadLetterFileBadLinesAreNamedOnStderr) {
  const auto input = write("in.jsonl", "{\"$source\":\"left\",\"ts\":\"" + at("10:01") + "\"}\n");
  const auto r = run({"join", "--input", input, "--key-field", "user", "--time-field", "ts"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("in.jsonl:1: field 'user'"), std::string::npos) << r.err;
}

TEST_F(JoinCli, ContradictoryOrMissingFlagsAreUsageErrorsNamingTheFlag) {
  const auto input = write("in.jsonl", clickstream());
  const std::vector<std::string> base{"join", "--input", input, "--key-field", "user", "--time-field", "ts"};
  const auto with = [&base](std::vector<std::string> more) {
    std::vector<std::string> args = base;
    args.insert(args.end(), more.begin(), more.end());
    return args;
  };
  struct Case {
    std::vector<std::string> args;
    std::string flag;
  };
  const std::vector<Case> cases{
      {with({"--mode", "window"}), "--within"},
      {with({"--mode", "temporal", "--within", "5m"}), "--within"},
      {with({"--mode", "window", "--within", "5m", "--history", "1h"}), "--history"},
      {with({"--mode", "temporal", "--type", "outer"}), "--type"},
      {with({"--mode", "as-of-arrival", "--grace", "1m"}), "--grace"},
      {with({"--mode", "temporal", "--grace", "soon"}), "--grace"},
      {with({"--mode", "sideways"}), "--mode"},
      {with({"--type", "cross"}), "--type"},
      {with({"--watermark", "bounded:x"}), "--watermark"},
      {{"join", "--input", input, "--time-field", "ts"}, "--key-field"},
  };
  for (const Case& c : cases) {
    const auto r = run(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.flag << ": " << r.err;
    EXPECT_NE(r.err.find(c.flag), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

TEST_F(JoinCli, ReadsStandardInput) {
  const auto input = write("in.jsonl", clickstream());
  const auto r = run({"join", "--input", "-", "--key-field", "user", "--time-field", "ts"}, input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines(r.out).size(), 2U) << r.out;  // inner as of arrival: /a with gold, /c with plat
}

}  // namespace
}  // namespace streamlab::test
