// Contract tests for `streamlab trace --mode ...` (issue 16, item 5): each join record's fate in
// arrival order with the join's watermark, as text, JSON lines and a picture. Every expected line
// was worked out by hand from docs/semantics.md ("Joins") and the engine joins' documented rules,
// not recorded from a run.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace streamlab::test {
namespace {

using Json = nlohmann::ordered_json;

std::string at(const std::string& hh_mm_ss) { return "2025-06-22T" + hh_mm_ss + "Z"; }

std::string line(const std::string& side, const std::string& user, const std::string& hh_mm_ss,
                 const std::string& field, const std::string& value) {
  return "{\"$source\":\"" + side + "\",\"user\":\"" + user + "\",\"" + field + "\":\"" + value +
         "\",\"time\":\"" + at(hh_mm_ss) + "\"}\n";
}
std::string left_line(const std::string& user, const std::string& t, const std::string& page) {
  return line("left", user, t, "page", page);
}
std::string right_line(const std::string& user, const std::string& t, const std::string& tier) {
  return line("right", user, t, "tier", tier);
}
std::string left_obj(const std::string& user, const std::string& t, const std::string& page) {
  return "{\"user\":\"" + user + "\",\"page\":\"" + page + "\",\"time\":\"" + at(t) + "\"}";
}
std::string right_obj(const std::string& user, const std::string& t, const std::string& tier) {
  return "{\"user\":\"" + user + "\",\"tier\":\"" + tier + "\",\"time\":\"" + at(t) + "\"}";
}

// Temporal left join, watermark 10 s behind each side's largest time, grace 5m, history 10m.
// By hand (W_T the table watermark, S the left clock = the largest left time, H = 10m):
//   #1 line 1 right u1 gold 10:00     kept; W_T -inf -> 09:59:50
//   #2 line 2 left u1 /a 10:05        W_T 09:59:50 <= 10:05, S 10:05 < 10:05 + 5m: waits
//   #3 line 3 right u1 silver 10:03   kept; W_T -> 10:02:50 (not past 10:05)
//      line 4 not JSON                dead letter (the join never sees it: no arrival number)
//   #4 line 5 left u2 /x 10:11        S -> 10:11 >= 10:05 + 5m: #2 released by its grace, valid
//                                     version at 10:05 is silver (#3); #4 itself waits
//   #5 line 6 right u1 plat 10:30     kept; W_T -> 10:29:50 > 10:11: #4 released, u2 has no
//                                     version: emitted alone (left join); then the horizon
//                                     10:29:50 - 10m = 10:19:50 frees gold (silver stays: valid
//                                     at the horizon); gold was never used: unmatched
//   #6 line 7 left u1 /late 10:15     10:15 < horizon 10:19:50: late
//   end                               W_T -> +inf; plat never used: unmatched
std::string temporal_input() {
  return right_line("u1", "10:00:00", "gold") + left_line("u1", "10:05:00", "/a") +
         right_line("u1", "10:03:00", "silver") + "not json\n" + left_line("u2", "10:11:00", "/x") +
         right_line("u1", "10:30:00", "plat") + left_line("u1", "10:15:00", "/late");
}

std::vector<std::string> temporal_flags(const std::string& input, const std::string& format) {
  return {"trace",  "--input",     input,         "--key-field", "user",    "--time-field", "time",
          "--mode", "temporal",    "--type",      "left",        "--grace", "5m",           "--history",
          "10m",    "--watermark", "bounded:10s", "--format",    format};
}

class TraceJoinCli : public CliFixture {
 protected:
  // How many elements of the lanes carry `cls` among their classes (the legend's samples do not).
  static int count_class(const std::string& file, const std::string& cls) {
    CliRun r = xmllint(
        "--xpath \"count(//*[@class='lane']//*[contains(concat(' ', @class, ' '), ' " + cls + " ')])\"",
        file);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    return std::stoi(r.out);
  }
};

TEST_F(TraceJoinCli, TemporalTextGivesEachRecordsFateWithItsVersionWaitAndRelease) {
  const std::string input = write("in.jsonl", temporal_input());
  const CliRun r = run(temporal_flags(input, "text"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string want = "#1 (line 1) right key \"u1\", event time " + at("10:00:00") +
                           ", table watermark before -inf\n"
                           "    -> kept as a version of its key\n"
                           "  table watermark -inf -> " +
                           at("09:59:50") + "\n" + "#2 (line 2) left key \"u1\", event time " +
                           at("10:05:00") + ", table watermark before " + at("09:59:50") +
                           "\n"
                           "    -> waits (buffered) until the table watermark passes " +
                           at("10:05:00") + " or the left clock reaches " + at("10:10:00") + "\n" +
                           "#3 (line 3) right key \"u1\", event time " + at("10:03:00") +
                           ", table watermark before " + at("09:59:50") +
                           "\n"
                           "    -> kept as a version of its key\n"
                           "  table watermark " +
                           at("09:59:50") + " -> " + at("10:02:50") + "\n" + "  (line 4) dead letter: ";
  ASSERT_EQ(r.out.substr(0, want.size()), want) << r.out;
  const std::string rest_from = "#4 (line 5)";
  const auto pos = r.out.find(rest_from);
  ASSERT_NE(pos, std::string::npos) << r.out;
  const std::string rest =
      "#4 (line 5) left key \"u2\", event time " + at("10:11:00") + ", table watermark before " +
      at("10:02:50") +
      "\n"
      "  #2 released: matched version #3 (valid from " +
      at("10:03:00") + ") [table watermark " + at("10:02:50") + ", left clock " + at("10:11:00") + "]\n" +
      "       row {\"key\":\"u1\",\"time\":\"" + at("10:05:00") +
      "\",\"left\":" + left_obj("u1", "10:05:00", "/a") +
      ",\"right\":" + right_obj("u1", "10:03:00", "silver") + ",\"right_time\":\"" + at("10:03:00") +
      "\"}\n" + "    -> waits (buffered) until the table watermark passes " + at("10:11:00") +
      " or the left clock reaches " + at("10:16:00") + "\n" + "#5 (line 6) right key \"u1\", event time " +
      at("10:30:00") + ", table watermark before " + at("10:02:50") +
      "\n"
      "    -> kept as a version of its key\n"
      "  table watermark " +
      at("10:02:50") + " -> " + at("10:29:50") + "\n" +
      "  #4 released: unmatched, emitted with an empty right side [table watermark " + at("10:29:50") +
      ", left clock " + at("10:11:00") + "]\n" + "       row {\"key\":\"u2\",\"time\":\"" + at("10:11:00") +
      "\",\"left\":" + left_obj("u2", "10:11:00", "/x") +
      ",\"right\":null,\"right_time\":null}\n"
      "  #1 (right, event time " +
      at("10:00:00") + ") unmatched at table watermark " + at("10:29:50") +
      ": freed behind the history horizon, never used, sent to the unmatched output\n" +
      "#6 (line 7) left key \"u1\", event time " + at("10:15:00") + ", table watermark before " +
      at("10:29:50") +
      "\n"
      "    -> LATE at table watermark " +
      at("10:29:50") + ": older than the table's history retention, sent to the unmatched output\n" +
      "  end of input: everything held is released\n"
      "  table watermark " +
      at("10:29:50") + " -> +inf\n" + "  #5 (right, event time " + at("10:30:00") +
      ") unmatched at table watermark +inf: no stream record used "
      "this version, sent to the unmatched output\n";
  EXPECT_EQ(r.out.substr(pos), rest) << r.out;
  // The accounting: left 3 read = 1 joined + 1 unmatched + 1 late; right 3 = 1 + 2 + 0; 1 bad line.
  EXPECT_NE(r.err.find("left: 3 read = 1 joined + 1 unmatched + 1 late + 0 dead letters; right: 3 read = 1 "
                       "joined + 2 unmatched + 0 late + 0 dead letters; 1 bad lines without a side"),
            std::string::npos)
      << r.err;
}

TEST_F(TraceJoinCli, TemporalJsonLinesCarryTheSameFatesForTools) {
  const std::string input = write("in.jsonl", temporal_input());
  const CliRun r = run(temporal_flags(input, "json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> got;
  for (const Json& j : lines(r.out)) {
    std::string s = j["type"].get<std::string>();
    if (s == "arrival")
      s += " #" + std::to_string(j["arrival"].get<int>()) + " " + j["side"].get<std::string>();
    if (s == "hold") {
      s += " #" + std::to_string(j["arrival"].get<int>()) + (j["held"].get<bool>() ? " held" : " decided");
      if (j.contains("until_watermark_passes")) s += " W>" + j["until_watermark_passes"].get<std::string>();
      if (j.contains("until_left_clock_reaches"))
        s += " S>=" + j["until_left_clock_reaches"].get<std::string>();
    }
    if (s == "row") {
      s += " " +
           (j["left_arrival"].is_null() ? std::string("-") : std::to_string(j["left_arrival"].get<int>())) +
           "+" +
           (j["right_arrival"].is_null() ? std::string("-") : std::to_string(j["right_arrival"].get<int>()));
    }
    if (s == "drop") s += " #" + std::to_string(j["arrival"].get<int>()) + " " + j["fate"].get<std::string>();
    if (s == "watermark") s += " " + j["to"].get<std::string>();
    got.push_back(s);
  }
  const std::vector<std::string> want{"arrival #1 right",
                                      "hold #1 held",
                                      "watermark " + at("09:59:50"),
                                      "arrival #2 left",
                                      "hold #2 held W>" + at("10:05:00") + " S>=" + at("10:10:00"),
                                      "arrival #3 right",
                                      "hold #3 held",
                                      "watermark " + at("10:02:50"),
                                      "dead_letter",
                                      "arrival #4 left",
                                      "row 2+3",
                                      "hold #4 held W>" + at("10:11:00") + " S>=" + at("10:16:00"),
                                      "arrival #5 right",
                                      "hold #5 held",
                                      "watermark " + at("10:29:50"),
                                      "row 4+-",
                                      "drop #1 unmatched",
                                      "arrival #6 left",
                                      "drop #6 late",
                                      "hold #6 decided",
                                      "end_of_input",
                                      "watermark +inf",
                                      "drop #5 unmatched"};
  EXPECT_EQ(got, want) << r.out;
}

// As of arrival (the concept figure of lab 04, part A), left join. By hand:
//   #1 right u-1 eu-west 10:00  the key's row
//   #2 left  u-1 O1 10:04       the row then: #1
//   #3 right u-1 us-east 10:06  replaces #1 (used by #2: nothing to report)
//   #4 left  u-1 O2 10:03       the row then: #3, though its event time is later than O2's
//   #5 left  u-9 O3 10:08       no row for u-9 yet: emitted alone
//   #6 right u-9 ap-south 10:01 the key's row; no stream record uses it: unmatched at the end
TEST_F(TraceJoinCli, AsOfArrivalTextMatchesTheRowOfTheMomentAndIgnoresEventTime) {
  const std::string input = write("in.jsonl", line("right", "u-1", "10:00:00", "region", "eu-west") +
                                                  line("left", "u-1", "10:04:00", "order", "O1") +
                                                  line("right", "u-1", "10:06:00", "region", "us-east") +
                                                  line("left", "u-1", "10:03:00", "order", "O2") +
                                                  line("left", "u-9", "10:08:00", "order", "O3") +
                                                  line("right", "u-9", "10:01:00", "region", "ap-south"));
  const CliRun r = run({"trace", "--input", input, "--key-field", "user", "--time-field", "time", "--mode",
                        "as-of-arrival", "--type", "left"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto obj = [](const std::string& user, const std::string& t, const std::string& f,
                      const std::string& v) {
    return "{\"user\":\"" + user + "\",\"" + f + "\":\"" + v + "\",\"time\":\"" + at(t) + "\"}";
  };
  const std::string want =
      "#1 (line 1) right key \"u-1\", event time " + at("10:00:00") + "\n" +
      "    -> becomes the key's table row\n"
      "#2 (line 2) left key \"u-1\", event time " +
      at("10:04:00") + "\n" + "    -> matched table row #1 (its event time " + at("10:00:00") + ")\n" +
      "       row {\"key\":\"u-1\",\"time\":\"" + at("10:04:00") +
      "\",\"left\":" + obj("u-1", "10:04:00", "order", "O1") +
      ",\"right\":" + obj("u-1", "10:00:00", "region", "eu-west") + ",\"right_time\":\"" + at("10:00:00") +
      "\"}\n" + "#3 (line 3) right key \"u-1\", event time " + at("10:06:00") + "\n" +
      "    -> becomes the key's table row\n"
      "#4 (line 4) left key \"u-1\", event time " +
      at("10:03:00") + "\n" + "    -> matched table row #3 (its event time " + at("10:06:00") + ")\n" +
      "       row {\"key\":\"u-1\",\"time\":\"" + at("10:03:00") +
      "\",\"left\":" + obj("u-1", "10:03:00", "order", "O2") +
      ",\"right\":" + obj("u-1", "10:06:00", "region", "us-east") + ",\"right_time\":\"" + at("10:06:00") +
      "\"}\n" + "#5 (line 5) left key \"u-9\", event time " + at("10:08:00") + "\n" +
      "    -> unmatched, emitted with an empty right side\n"
      "       row {\"key\":\"u-9\",\"time\":\"" +
      at("10:08:00") + "\",\"left\":" + obj("u-9", "10:08:00", "order", "O3") +
      ",\"right\":null,\"right_time\":null}\n" + "#6 (line 6) right key \"u-9\", event time " +
      at("10:01:00") + "\n" +
      "    -> becomes the key's table row\n"
      "  end of input: everything held is released\n"
      "  #6 (right, event time " +
      at("10:01:00") + ") unmatched: no stream record used this table row, sent to the unmatched output\n";
  EXPECT_EQ(r.out, want);
}

// Window mode, outer, within 5 s, grace 0, watermark = each side's largest time (bounded:0s), the
// join's the minimum of both. By hand:
//   #1 left a 10:00:00          held until W > 10:00:05
//   #2 right a 10:00:04         |4 s| <= 5 s: pairs with #1, row time 10:00:04; held until W > 10:00:09;
//                               W = min(10:00:00, 10:00:04) = 10:00:00
//   #3 left b 10:00:10          held until W > 10:00:15; W -> min(10:00:10, 10:00:04) = 10:00:04
//   #4 right a 10:00:30         |30 s| from #1: no pair; held until W > 10:00:35; W -> 10:00:10:
//                               #1 and #2 close, both paired: freed without a row
//   line 5 $watermark 10:00:40  W -> 10:00:40: #3 closes unpaired (left alone), #4 (right alone)
//   #5 left a 10:00:01          W 10:00:40 > 10:00:01 + 0: late
TEST_F(TraceJoinCli, WindowJsonLinesPairOnArrivalAndEmitNonMatchesWhenTheWindowCloses) {
  const auto rec = [](const std::string& side, const std::string& k, const std::string& t) {
    return "{\"$source\":\"" + side + "\",\"user\":\"" + k + "\",\"time\":\"" + at(t) + "\"}\n";
  };
  const std::string input =
      write("in.jsonl", rec("left", "a", "10:00:00") + rec("right", "a", "10:00:04") +
                            rec("left", "b", "10:00:10") + rec("right", "a", "10:00:30") +
                            "{\"$watermark\":\"" + at("10:00:40") + "\"}\n" + rec("left", "a", "10:00:01"));
  const CliRun r = run({"trace", "--input", input, "--key-field", "user", "--time-field", "time", "--mode",
                        "window", "--within", "5s", "--type", "outer", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> got;
  for (const Json& j : lines(r.out)) {
    std::string s = j["type"].get<std::string>();
    if (s == "arrival") s += " #" + std::to_string(j["arrival"].get<int>());
    if (s == "hold" && j.contains("until_watermark_passes"))
      s += " W>" + j["until_watermark_passes"].get<std::string>();
    if (s == "row") {
      s += " " +
           (j["left_arrival"].is_null() ? std::string("-") : std::to_string(j["left_arrival"].get<int>())) +
           "+" +
           (j["right_arrival"].is_null() ? std::string("-") : std::to_string(j["right_arrival"].get<int>())) +
           " at " + j["row"]["time"].get<std::string>();
    }
    if (s == "drop") s += " #" + std::to_string(j["arrival"].get<int>()) + " " + j["fate"].get<std::string>();
    if (s == "watermark") s += " " + j["to"].get<std::string>();
    if (s == "mark") s += " line " + std::to_string(j["line"].get<int>());
    got.push_back(s);
  }
  const std::vector<std::string> want{"arrival #1",
                                      "hold W>" + at("10:00:05"),
                                      "arrival #2",
                                      "row 1+2 at " + at("10:00:04"),
                                      "hold W>" + at("10:00:09"),
                                      "watermark " + at("10:00:00"),
                                      "arrival #3",
                                      "hold W>" + at("10:00:15"),
                                      "watermark " + at("10:00:04"),
                                      "arrival #4",
                                      "hold W>" + at("10:00:35"),
                                      "watermark " + at("10:00:10"),
                                      "mark line 5",
                                      "watermark " + at("10:00:40"),
                                      "row 3+- at " + at("10:00:10"),
                                      "row -+4 at " + at("10:00:30"),
                                      "arrival #5",
                                      "drop #5 late",
                                      "hold",
                                      "end_of_input",
                                      "watermark +inf"};
  EXPECT_EQ(got, want) << r.out;
}

TEST_F(TraceJoinCli, SvgIsWellFormedWithAMarkPerRecordAWaitPerBufferedRecordAndALinkPerMatch) {
  const std::string input = write("in.jsonl", temporal_input());
  std::vector<std::string> flags = temporal_flags(input, "svg");
  flags.insert(flags.end(), {"--output", path("a.svg")});
  ASSERT_EQ(run(flags).exit_code, 0);
  const CliRun lint = xmllint("--noout", path("a.svg"));
  ASSERT_EQ(lint.exit_code, 0) << lint.out;
  // Six records and one dead letter; #2 and #4 waited (released after later arrivals); one row
  // with both sides (#2 with #3); late: #6; unmatched: #4 (left, drawn again where released), #1, #5.
  EXPECT_EQ(count_class(path("a.svg"), "rec"), 6 + 1 + 1);
  EXPECT_EQ(count_class(path("a.svg"), "dead-letter"), 1);
  EXPECT_EQ(count_class(path("a.svg"), "wait"), 2);
  EXPECT_EQ(count_class(path("a.svg"), "link"), 1);
  EXPECT_EQ(count_class(path("a.svg"), "late"), 1);
  EXPECT_EQ(count_class(path("a.svg"), "matched"), 2);
  EXPECT_EQ(count_class(path("a.svg"), "lane"), 0);  // lanes are not nested
  // Deterministic bytes, and the HTML page holds the same picture.
  flags.back() = path("b.svg");
  ASSERT_EQ(run(flags).exit_code, 0);
  EXPECT_EQ(read(path("a.svg")), read(path("b.svg")));
  std::vector<std::string> html = temporal_flags(input, "html");
  html.insert(html.end(), {"--output", path("a.html")});
  ASSERT_EQ(run(html).exit_code, 0);
  const std::string page = read(path("a.html"));
  const std::string svg = read(path("a.svg"));
  EXPECT_NE(page.find(svg.substr(svg.find("<svg"))), std::string::npos);
}

TEST_F(TraceJoinCli, LabelFieldWritesTheFirstFieldARecordHasNextToItsMark) {
  const std::string input = write("in.jsonl", temporal_input());
  std::vector<std::string> flags = temporal_flags(input, "svg");
  flags.insert(flags.end(), {"--label-field", "tier,page", "--output", path("a.svg")});
  ASSERT_EQ(run(flags).exit_code, 0);
  // Profiles have a tier, clicks a page: each mark's label is its arrival number and that value.
  const CliRun labels = xmllint("--xpath \"//*[@class='lane']//*[@class='label']/text()\"", path("a.svg"));
  ASSERT_EQ(labels.exit_code, 0) << labels.out;
  for (const char* want : {"#1 gold", "#2 /a", "#3 silver", "#4 /x", "#5 plat", "#6 /late"})
    EXPECT_NE(labels.out.find(want), std::string::npos) << want << " in " << labels.out;
  flags = temporal_flags(input, "text");
  flags.insert(flags.end(), {"--label-field", "tier"});
  const CliRun r = run(flags);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--label-field need --format svg or html"), std::string::npos) << r.err;
}

TEST_F(TraceJoinCli, FlagsOfTheOtherKindOfTraceAreUsageErrorsNamingThem) {
  const std::string input = write("in.jsonl", temporal_input());
  CliRun r = run({"trace", "--input", input, "--key-field", "user", "--time-field", "time", "--mode",
                  "temporal", "--window", "tumbling:1m"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--window applies to a window trace"), std::string::npos) << r.err;
  r = run({"trace", "--input", input, "--key-field", "user", "--time-field", "time", "--window",
           "tumbling:1m", "--grace", "5m"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--grace applies to a join trace only"), std::string::npos) << r.err;
  r = run({"trace", "--input", input, "--key-field", "user", "--time-field", "time"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--window is required (or --mode to trace a join)"), std::string::npos) << r.err;
  // The join's own validation, as `streamlab join` gives it.
  r = run({"trace", "--input", input, "--key-field", "user", "--time-field", "time", "--mode", "window"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--within is required with --mode window"), std::string::npos) << r.err;
  r = run({"trace", "--input", input, "--key-field", "user", "--time-field", "time", "--mode", "sideways"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--mode"), std::string::npos) << r.err;
  r = run({"trace", "--input", input, "--key-field", "user", "--time-field", "time", "--mode", "temporal",
           "--key", "u1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--key, --title and --label-field need --format svg or html"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace streamlab::test
