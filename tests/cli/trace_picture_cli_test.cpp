// Contract tests for `streamlab trace --format svg|html`: the picture is well-formed XML (checked
// by xmllint, an independent parser), has one mark per arrival and fate as worked out by hand
// below, draws windows and panes where they fired, and is the same bytes on every run.
#include <cstdio>
#include <memory>
#include <string>

#include "cli_runner.hpp"

namespace streamlab::test {
namespace {

class TracePictureCli : public CliFixture {
 protected:
  // The value of an XPath expression over the SVG (namespaces ignored through local-name()).
  static std::string xpath(const std::string& file, const std::string& expression) {
    CliRun r = xmllint("--xpath \"" + expression + "\"", file);
    EXPECT_EQ(r.exit_code, 0) << "xmllint --xpath " << expression << ": " << r.out;
    while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
    return r.out;
  }

  // How many `element`s (or any, for "*") whose class attribute contains `cls` lie in the lanes
  // (the legend's samples are not counted); "lane" counts the lanes themselves.
  static int count_class(const std::string& file, const std::string& element, const std::string& cls) {
    const std::string e = element == "*" ? "*" : "*[local-name()='" + element + "']";
    const std::string within = cls == "lane" ? "//" : "//*[@class='lane']//";
    return std::stoi(
        xpath(file, "count(" + within + e + "[contains(concat(' ', @class, ' '), ' " + cls + " ')])"));
  }
};

// datasets/classroom/late-events.jsonl with a bad line, tumbling 1m, watermark 10 s behind the
// largest event time, allowed lateness 30 s. By hand (W = watermark after the arrival):
//   #1 10:00:05 on time            W 09:59:55
//   #2 10:00:40 on time            W 10:00:30
//   #3 10:01:15 on time            W 10:01:05 -> [10:00,10:01) ON_TIME 2
//   #4 10:00:55 W 10:01:05 < 10:01:30: accepted late -> [10:00,10:01) LATE 3
//   #5 not JSON: dead letter
//   #6 10:01:50 on time            W 10:01:40
//   #7 10:00:30 W 10:01:40 >= 10:01:30: [10:00,10:01) freed, dropped to the late output
//   #8 10:02:20 on time            W 10:02:10 -> [10:01,10:02) ON_TIME 2
//   end of input                   -> [10:02,10:03) ON_TIME 1
const char* kLateEvents =
    "{\"store\":\"s1\",\"amount\":5,\"time\":\"2025-06-22T10:00:05Z\"}\n"
    "{\"$advance\":\"10s\"}\n"
    "{\"store\":\"s1\",\"amount\":7,\"time\":\"2025-06-22T10:00:40Z\"}\n"
    "{\"$advance\":\"10s\"}\n"
    "{\"store\":\"s1\",\"amount\":3,\"time\":\"2025-06-22T10:01:15Z\"}\n"
    "{\"$advance\":\"10s\"}\n"
    "{\"store\":\"s1\",\"amount\":4,\"time\":\"2025-06-22T10:00:55Z\"}\n"
    "not json\n"
    "{\"$advance\":\"10s\"}\n"
    "{\"store\":\"s1\",\"amount\":6,\"time\":\"2025-06-22T10:01:50Z\"}\n"
    "{\"$advance\":\"10s\"}\n"
    "{\"store\":\"s1\",\"amount\":2,\"time\":\"2025-06-22T10:00:30Z\"}\n"
    "{\"$advance\":\"10s\"}\n"
    "{\"store\":\"s1\",\"amount\":1,\"time\":\"2025-06-22T10:02:20Z\"}\n";

std::vector<std::string> late_flags(const std::string& input, const std::string& format) {
  return {"trace", "--input",  input,         "--time-field",   "time",         "--key-field",
          "store", "--window", "tumbling:1m", "--watermark",    "bounded:10s",  "--allowed-lateness",
          "30s",   "--format", format,        "--dead-letters", input + ".dead"};
}

TEST_F(TracePictureCli, SvgIsWellFormedWithOneMarkPerArrivalAndFate) {
  const auto input = write("late.jsonl", kLateEvents);
  const auto r = run(late_flags(input, "svg"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto svg = write("late.svg", r.out);
  const CliRun lint = xmllint("--noout", svg);
  EXPECT_EQ(lint.exit_code, 0) << lint.out;
  EXPECT_EQ(count_class(svg, "circle", "ev on-time"), 5);
  EXPECT_EQ(count_class(svg, "path", "ev accepted-late"), 1);
  EXPECT_EQ(count_class(svg, "path", "ev dropped"), 1);
  EXPECT_EQ(count_class(svg, "rect", "ev dead-letter"), 1);
  EXPECT_EQ(count_class(svg, "*", "ev"), 8);
  // Three windows; four panes, written where they fired.
  EXPECT_EQ(count_class(svg, "rect", "band"), 3);
  EXPECT_EQ(count_class(svg, "path", "pane-mark"), 4);
  const std::string panes = xpath(svg, "//*[local-name()='text'][@class='pane']");
  EXPECT_NE(panes.find(">ON_TIME 2<"), std::string::npos) << panes;
  EXPECT_NE(panes.find(">LATE 3<"), std::string::npos) << panes;
  EXPECT_NE(panes.find(">ON_TIME 1<"), std::string::npos) << panes;
  // The legend counts the fates, and the axis is in ISO time.
  EXPECT_NE(r.out.find("on time (5)"), std::string::npos);
  EXPECT_NE(r.out.find("dropped \u2192 late output (1)"), std::string::npos);
  EXPECT_NE(r.out.find(">10:01:00Z<"), std::string::npos);
  EXPECT_NE(r.out.find("event time (UTC, 2025-06-22)"), std::string::npos);
  // The dropped event explains itself on hover with the watermark that dropped it.
  EXPECT_NE(r.out.find("#7 (line 12) key &quot;s1&quot;, event time 2025-06-22T10:00:30Z, watermark before "
                       "2025-06-22T10:01:40Z: dropped"),
            std::string::npos)
      << r.out;
}

TEST_F(TracePictureCli, SameInputGivesTheSameBytes) {
  const auto input = write("late.jsonl", kLateEvents);
  const auto a = run(late_flags(input, "svg"));
  const auto b = run(late_flags(input, "svg"));
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_FALSE(a.out.empty());
  EXPECT_EQ(a.out, b.out);
  const auto h1 = run(late_flags(input, "html"));
  const auto h2 = run(late_flags(input, "html"));
  EXPECT_EQ(h1.out, h2.out);
}

TEST_F(TracePictureCli, HtmlIsASelfContainedPageAroundTheSameSvg) {
  const auto input = write("late.jsonl", kLateEvents);
  const auto svg = run(late_flags(input, "svg"));
  const auto html = run(late_flags(input, "html"));
  ASSERT_EQ(html.exit_code, 0) << html.err;
  EXPECT_EQ(html.out.rfind("<!DOCTYPE html>", 0), 0u);
  const std::string body = svg.out.substr(svg.out.find("<svg"));
  EXPECT_NE(html.out.find(body), std::string::npos);
  EXPECT_EQ(html.out.find("http://"), html.out.find("http://www.w3.org/2000/svg"));
  EXPECT_EQ(html.out.find("https://"), std::string::npos);
  EXPECT_EQ(html.out.find("<script"), std::string::npos);
}

// datasets/classroom/session-merge.jsonl, sessions with a 30-minute gap, nothing late: by hand
//   #1 10:00 opens [10:00,10:30)
//   #2 10:10 merges it into [10:00,10:40)
//   #3 11:00 opens [11:00,11:30)
//   #4 10:35 bridges both: [10:00,11:30), which fires at the end with the four events.
TEST_F(TracePictureCli, SessionsGrowAndMergeAsBandsReplacedByLargerOnes) {
  const auto input = write("sessions.jsonl",
                           "{\"user\":\"u1\",\"time\":\"2025-06-22T10:00:00Z\"}\n"
                           "{\"user\":\"u1\",\"time\":\"2025-06-22T10:10:00Z\"}\n"
                           "{\"user\":\"u1\",\"time\":\"2025-06-22T11:00:00Z\"}\n"
                           "{\"user\":\"u1\",\"time\":\"2025-06-22T10:35:00Z\"}\n");
  const auto r = run({"trace", "--input", input, "--time-field", "time", "--key-field", "user", "--window",
                      "session:30m", "--watermark", "bounded:1h", "--format", "svg"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto svg = write("sessions.svg", r.out);
  EXPECT_EQ(count_class(svg, "circle", "ev on-time"), 4);
  EXPECT_EQ(count_class(svg, "rect", "band"), 4);
  EXPECT_EQ(count_class(svg, "rect", "replaced"), 3);
  EXPECT_EQ(count_class(svg, "path", "pane-mark"), 1);
  EXPECT_NE(r.out.find("window [2025-06-22T10:00:00Z, 2025-06-22T11:30:00Z)</title>"), std::string::npos);
  EXPECT_NE(r.out.find(">ON_TIME 4<"), std::string::npos);
}

TEST_F(TracePictureCli, KeyFilterDrawsOneLane) {
  const auto input =
      write("two.jsonl", "{\"k\":\"a\",\"t\":1000}\n{\"k\":\"b\",\"t\":2000}\n{\"k\":\"a\",\"t\":3000}\n");
  const std::vector<std::string> base{"trace",       "--input", input,      "--time-field", "t",
                                      "--key-field", "k",       "--window", "tumbling:10s", "--format",
                                      "svg"};
  const auto all = run(base);
  ASSERT_EQ(all.exit_code, 0) << all.err;
  const auto all_svg = write("all.svg", all.out);
  EXPECT_EQ(count_class(all_svg, "g", "lane"), 2);
  auto args = base;
  args.insert(args.end(), {"--key", "a"});
  const auto one = run(args);
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto one_svg = write("one.svg", one.out);
  EXPECT_EQ(count_class(one_svg, "g", "lane"), 1);
  EXPECT_EQ(count_class(one_svg, "circle", "ev on-time"), 2);
  EXPECT_NE(one.out.find("data-key=\"&quot;a&quot;\""), std::string::npos);
}

TEST_F(TracePictureCli, UnknownKeyAndPictureFlagsOnTextAreUsageErrors) {
  const auto input = write("one.jsonl", "{\"k\":\"a\",\"t\":1000}\n");
  const std::vector<std::string> base{"trace",       "--input", input,      "--time-field", "t",
                                      "--key-field", "k",       "--window", "tumbling:10s"};
  auto unknown = base;
  unknown.insert(unknown.end(), {"--format", "svg", "--key", "zebra"});
  const auto r = run(unknown);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--key 'zebra' is not a key of this input (keys: \"a\")"), std::string::npos) << r.err;
  auto text = base;
  text.insert(text.end(), {"--key", "a"});
  const auto t = run(text);
  EXPECT_EQ(t.exit_code, 2);
  EXPECT_NE(t.err.find("--key and --title need --format svg or html"), std::string::npos) << t.err;
}

// 10,000 arrivals one second apart, in order, except every hundredth (i % 100 == 50), which is ten
// minutes old: with tumbling 1m and a watermark equal to the largest time seen, each of those finds
// its window freed and is dropped. So 9,900 on time and 100 dropped; beyond the density limit the
// marks are aggregated, and their data-n counts still add up to exactly those numbers.
TEST_F(TracePictureCli, DenseInputIsAggregatedAndStillAccountsForEveryArrival) {
  std::string text;
  for (int i = 0; i < 10000; ++i) {
    const long t = (i % 100 == 50 ? i - 600 : i) * 1000L;
    text += "{\"t\":" + std::to_string(t) + "}\n";
  }
  const auto input = write("dense.jsonl", text);
  const auto r = run({"trace", "--input", input, "--time-field", "t", "--window", "tumbling:1m",
                      "--watermark", "bounded:0s", "--format", "svg"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto svg = write("dense.svg", r.out);
  EXPECT_EQ(xmllint("--noout", svg).exit_code, 0);
  EXPECT_EQ(count_class(svg, "*", "ev"), 0);
  EXPECT_EQ(xpath(svg, "sum(//*[contains(@class,'ev-bin on-time')]/@data-n)"), "9900");
  EXPECT_EQ(xpath(svg, "sum(//*[contains(@class,'ev-bin dropped')]/@data-n)"), "100");
  EXPECT_LT(count_class(svg, "rect", "ev-bin"), 5000);
}

}  // namespace
}  // namespace streamlab::test
