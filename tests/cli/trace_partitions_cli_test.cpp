// Contract tests for an input over several partitions (`--partitions N --partition-field F`,
// `--idle-timeout DUR`) in `streamlab window` and `streamlab trace`, and for the picture of
// `trace --format svg`: each partition's watermark, the idle stretches, and an event of a hopping
// window dropped from one window but counted in another. Expected values are worked out by hand
// below from docs/semantics.md (minimum over partitions, idleness, per-window lateness).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace streamlab::test {
namespace {

class TracePartitionsCli : public CliFixture {
 protected:
  // The number of nodes an XPath expression selects (namespaces ignored through local-name()).
  static int count(const std::string& file, const std::string& expression) {
    CliRun r = xmllint("--xpath \"count(" + expression + ")\"", file);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    return r.exit_code == 0 ? std::stoi(r.out) : -1;
  }
};

// Sensor a writes to partition 0 every 10 s of processing time; sensor b writes to partition 1
// at the start and then not for 70 s. Tumbling 1m, watermark 10 s behind each partition's
// largest event time, the operator's watermark the minimum over both partitions.
//   line  P    arrival                   p0 W      p1 W      W (min)
//    1    0s   #1 a 10:00:05 (p0)        09:59:55  -inf      -inf
//    2    0s   #2 b 10:00:10 (p1)        09:59:55  10:00:00  09:59:55
//    4   10s   #3 a 10:00:20             10:00:10  10:00:00  10:00:00
//    6   20s   #4 a 10:00:40             10:00:30  10:00:00  10:00:00
//    8   30s   #5 a 10:01:05             10:00:55  10:00:00  10:00:00
//   10   40s   #6 a 10:01:20             10:01:10  10:00:00  10:00:00  (one partition would fire
//   [10:00,10:01) here) 12   50s   #7 a 10:01:45             10:01:35  10:00:00  10:00:00 14   60s   #8 a
//   10:02:15             10:02:05  10:00:00  10:00:00 16   70s   #9 b 10:00:50, on time    10:02:05  10:00:40
//   10:00:40 18   80s   #10 b 10:02:20            10:02:05  10:02:10  10:02:05 -> a [10:00,10:01) 3, b
//   [10:00,10:01) 2,
//                                                                        a [10:01,10:02) 3
//   end: a [10:02,10:03) 1, b [10:02,10:03) 1. Every event on time.
// With --idle-timeout 30s partition 1 (last record at P = 0) is idle from P = 30s (30s >= 30s)
// until #9 arrives: the minimum is partition 0's alone.
//   30s: W 10:00:30 before #5; #5 -> 10:00:55; #6 (40s) -> 10:01:10: a [10:00,10:01) 3, b 1
//   #7 -> 10:01:35; #8 (60s) -> 10:02:05: a [10:01,10:02) 3
//   #9 b 10:00:50 judged against 10:02:05: [10:00,10:01) ended 10:01 <= W, no allowed lateness:
//   dropped to the late output. p1 W 10:00:40, but watermarks never move back: W stays 10:02:05.
//   #10 b 10:02:20: p1 10:02:10, W min(10:02:05, 10:02:10) = 10:02:05. End: a 1, b 1.
const char* kIdle =
    "{\"sensor\":\"a\",\"partition\":0,\"time\":\"2025-06-22T10:00:05Z\"}\n"
    "{\"sensor\":\"b\",\"partition\":1,\"time\":\"2025-06-22T10:00:10Z\"}\n"
    "{\"$advance\":\"10s\"}\n"
    "{\"sensor\":\"a\",\"partition\":0,\"time\":\"2025-06-22T10:00:20Z\"}\n"
    "{\"$advance\":\"10s\"}\n"
    "{\"sensor\":\"a\",\"partition\":0,\"time\":\"2025-06-22T10:00:40Z\"}\n"
    "{\"$advance\":\"10s\"}\n"
    "{\"sensor\":\"a\",\"partition\":0,\"time\":\"2025-06-22T10:01:05Z\"}\n"
    "{\"$advance\":\"10s\"}\n"
    "{\"sensor\":\"a\",\"partition\":0,\"time\":\"2025-06-22T10:01:20Z\"}\n"
    "{\"$advance\":\"10s\"}\n"
    "{\"sensor\":\"a\",\"partition\":0,\"time\":\"2025-06-22T10:01:45Z\"}\n"
    "{\"$advance\":\"10s\"}\n"
    "{\"sensor\":\"a\",\"partition\":0,\"time\":\"2025-06-22T10:02:15Z\"}\n"
    "{\"$advance\":\"10s\"}\n"
    "{\"sensor\":\"b\",\"partition\":1,\"time\":\"2025-06-22T10:00:50Z\"}\n"
    "{\"$advance\":\"10s\"}\n"
    "{\"sensor\":\"b\",\"partition\":1,\"time\":\"2025-06-22T10:02:20Z\"}\n";

std::vector<std::string> idle_flags(const std::string& command, const std::string& input) {
  return {command,       "--input",      input,      "--time-field",      "time",
          "--key-field", "sensor",       "--window", "tumbling:1m",       "--watermark",
          "bounded:10s", "--partitions", "2",        "--partition-field", "partition"};
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// One trace event's fate and the watermark it was judged against, as "line fate watermark".
std::vector<std::string> fates(const std::vector<nlohmann::ordered_json>& trace) {
  std::vector<std::string> out;
  for (const auto& j : trace) {
    if (j["type"] != "event") continue;
    out.push_back(std::to_string(j["line"].get<int>()) + " " + j["fate"].get<std::string>() + " " +
                  j["watermark_before"].get<std::string>());
  }
  return out;
}

// The panes in firing order, each with the arrival after which it fired: "after #N key start count".
std::vector<std::string> panes(const std::vector<nlohmann::ordered_json>& trace) {
  std::vector<std::string> out;
  int arrival = 0;
  for (const auto& j : trace) {
    if (j["type"] == "event") arrival = j["arrival"].get<int>();
    if (j["type"] != "pane") continue;
    out.push_back("after #" + std::to_string(arrival) + " " + j["key"].get<std::string>() + " " +
                  j["window_start"].get<std::string>().substr(11) + " " +
                  std::to_string(j["count"].get<int>()));
  }
  return out;
}

TEST_F(TracePartitionsCli, AQuietPartitionHoldsTheWatermarkBack) {
  const auto input = write("idle.jsonl", kIdle);
  const auto r = run(with(idle_flags("trace", input), {"--format", "json"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto trace = lines(r.out);
  EXPECT_EQ(fates(trace),
            (std::vector<std::string>{"1 on_time -inf", "2 on_time -inf", "4 on_time 2025-06-22T09:59:55Z",
                                      "6 on_time 2025-06-22T10:00:00Z", "8 on_time 2025-06-22T10:00:00Z",
                                      "10 on_time 2025-06-22T10:00:00Z", "12 on_time 2025-06-22T10:00:00Z",
                                      "14 on_time 2025-06-22T10:00:00Z", "16 on_time 2025-06-22T10:00:00Z",
                                      "18 on_time 2025-06-22T10:00:40Z"}));
  EXPECT_EQ(panes(trace), (std::vector<std::string>{"after #10 a 10:00:00Z 3", "after #10 b 10:00:00Z 2",
                                                    "after #10 a 10:01:00Z 3", "after #10 a 10:02:00Z 1",
                                                    "after #10 b 10:02:00Z 1"}));
  // Each partition's own watermark is reported; none is idle without a timeout.
  int partition_lines = 0;
  for (const auto& j : trace) {
    if (j["type"] != "partition_watermark") continue;
    ++partition_lines;
    EXPECT_FALSE(j["idle"].get<bool>()) << j.dump();
  }
  EXPECT_EQ(partition_lines, 10);  // every arrival moved its partition's watermark
  EXPECT_NE(r.err.find("records read: 10, panes out: 5, late accepted: 0, dropped late: 0"),
            std::string::npos)
      << r.err;
}

TEST_F(TracePartitionsCli, AnIdlenessTimeoutReleasesTheWatermarkAndTheLateComerIsDropped) {
  const auto input = write("idle.jsonl", kIdle);
  const auto r = run(with(idle_flags("trace", input), {"--idle-timeout", "30s", "--format", "json"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto trace = lines(r.out);
  EXPECT_EQ(fates(trace),
            (std::vector<std::string>{"1 on_time -inf", "2 on_time -inf", "4 on_time 2025-06-22T09:59:55Z",
                                      "6 on_time 2025-06-22T10:00:00Z", "8 on_time 2025-06-22T10:00:30Z",
                                      "10 on_time 2025-06-22T10:00:55Z", "12 on_time 2025-06-22T10:01:10Z",
                                      "14 on_time 2025-06-22T10:01:35Z", "16 dropped 2025-06-22T10:02:05Z",
                                      "18 on_time 2025-06-22T10:02:05Z"}));
  EXPECT_EQ(panes(trace), (std::vector<std::string>{"after #6 a 10:00:00Z 3", "after #6 b 10:00:00Z 1",
                                                    "after #8 a 10:01:00Z 3", "after #10 a 10:02:00Z 1",
                                                    "after #10 b 10:02:00Z 1"}));
  // Partition 1 became idle once (at 30 s) and active again with #9.
  std::vector<bool> idle1;
  for (const auto& j : trace) {
    if (j["type"] == "partition_watermark" && j["partition"] == 1) idle1.push_back(j["idle"].get<bool>());
  }
  EXPECT_EQ(idle1, (std::vector<bool>{false, true, false, false}));
  // `streamlab window` computes the same: the dropped event goes to the late output.
  const auto w =
      run(with(idle_flags("window", input), {"--idle-timeout", "30s", "--late-output", path("late")}));
  ASSERT_EQ(w.exit_code, 0) << w.err;
  EXPECT_EQ(lines(w.out).size(), 5U);
  const auto late = lines(read(path("late")));
  ASSERT_EQ(late.size(), 1U);
  EXPECT_EQ(late[0]["time"], "2025-06-22T10:00:50Z");
  EXPECT_EQ(late[0]["$late"]["watermark"], "2025-06-22T10:02:05Z");
}

TEST_F(TracePartitionsCli, BadPartitionsAreDeadLettersNamingTheField) {
  const auto input = write("bad.jsonl",
                           "{\"sensor\":\"a\",\"partition\":0,\"time\":\"2025-06-22T10:00:05Z\"}\n"
                           "{\"sensor\":\"a\",\"partition\":2,\"time\":\"2025-06-22T10:00:06Z\"}\n"
                           "{\"sensor\":\"a\",\"time\":\"2025-06-22T10:00:07Z\"}\n"
                           "{\"sensor\":\"a\",\"partition\":\"1\",\"time\":\"2025-06-22T10:00:08Z\"}\n");
  const auto r = run(with(idle_flags("window", input), {"--dead-letters", path("dead")}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto dead = lines(read(path("dead")));
  ASSERT_EQ(dead.size(), 3U) << read(path("dead"));
  EXPECT_EQ(dead[0]["line"], 2);
  EXPECT_EQ(dead[0]["reason"],
            "partition 2 in field 'partition' is not an integer from 0 to 1 (the input has 2 partitions)");
  EXPECT_EQ(dead[1]["line"], 3);
  EXPECT_EQ(dead[1]["reason"], "missing partition field 'partition'");
  EXPECT_EQ(dead[2]["line"], 4);
  EXPECT_NE(r.err.find("records read: 4, panes out: 1, late accepted: 0, dropped late: 0, dead letters: 3"),
            std::string::npos)
      << r.err;
  // Without a dead-letter file the diagnostic names the file, line and field.
  const auto d = run(idle_flags("window", input));
  EXPECT_NE(d.err.find("bad.jsonl:2: field 'partition': partition 2"), std::string::npos) << d.err;
}

TEST_F(TracePartitionsCli, PartitionFlagsThatContradictEachOtherAreUsageErrors) {
  const auto input = write("idle.jsonl", kIdle);
  const std::vector<std::string> base{"trace", "--input",  input,        "--time-field",
                                      "time",  "--window", "tumbling:1m"};
  const auto a = run(with(base, {"--partitions", "2"}));
  EXPECT_EQ(a.exit_code, 2);
  EXPECT_NE(a.err.find("--partitions 2 needs --partition-field"), std::string::npos) << a.err;
  const auto b = run(with(base, {"--idle-timeout", "30s"}));
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.err.find("--idle-timeout needs --partitions and --partition-field"), std::string::npos)
      << b.err;
  const auto c = run(with(base, {"--partitions", "0", "--partition-field", "partition"}));
  EXPECT_EQ(c.exit_code, 2) << c.err;
  const auto d =
      run(with(base, {"--partitions", "2", "--partition-field", "partition", "--idle-timeout", "0s"}));
  EXPECT_EQ(d.exit_code, 2) << d.err;
}

TEST_F(TracePartitionsCli, PictureDrawsEachPartitionsWatermarkAndTheIdleStretch) {
  const auto input = write("idle.jsonl", kIdle);
  const auto held = run(with(idle_flags("trace", input), {"--format", "svg"}));
  ASSERT_EQ(held.exit_code, 0) << held.err;
  const auto held_svg = write("held.svg", held.out);
  EXPECT_EQ(xmllint("--noout", held_svg).exit_code, 0);
  const std::string lane = "//*[@class='lane']";
  // Two lanes (keys a and b), each with both partitions' watermark lines and no idle stretch.
  EXPECT_EQ(count(held_svg, lane), 2);
  EXPECT_EQ(count(held_svg, lane + "//*[local-name()='path'][@class='pwm']"), 4);
  EXPECT_EQ(count(held_svg, lane + "//*[local-name()='rect'][@class='idle']"), 0);
  EXPECT_NE(held.out.find(">key &quot;a&quot; \u00b7 partition 0<"), std::string::npos);
  EXPECT_NE(held.out.find(">key &quot;b&quot; \u00b7 partition 1<"), std::string::npos);
  EXPECT_NE(held.out.find("2 partitions"), std::string::npos);  // the title

  const auto freed = run(with(idle_flags("trace", input), {"--idle-timeout", "30s", "--format", "svg"}));
  ASSERT_EQ(freed.exit_code, 0) << freed.err;
  const auto freed_svg = write("freed.svg", freed.out);
  EXPECT_EQ(xmllint("--noout", freed_svg).exit_code, 0);
  // Partition 1's one idle stretch, in each lane; the dropped latecomer explains itself.
  EXPECT_EQ(count(freed_svg, lane + "//*[local-name()='rect'][@class='idle'][@data-partition='1']"), 2);
  EXPECT_EQ(count(freed_svg, lane + "//*[contains(concat(' ', @class, ' '), ' ev dropped ')]"), 1);
  EXPECT_NE(freed.out.find("#9 (line 16) partition 1 key &quot;b&quot;, event time 2025-06-22T10:00:50Z, "
                           "watermark before 2025-06-22T10:02:05Z: dropped"),
            std::string::npos);
  EXPECT_EQ(run(with(idle_flags("trace", input), {"--idle-timeout", "30s", "--format", "svg"})).out,
            freed.out)
      << "the same input draws the same bytes";
}

// Hopping 10m every 5m, watermark 0 s behind, no allowed lateness. By hand:
//   #1 10:12 -> [10:05,10:15) and [10:10,10:20), on time; W 10:12 fires [10:00,10:10)? no window of it
//      holds anything; nothing fires.
//   #2 10:07, W 10:12 before it: [10:00,10:10) ended at 10:10 <= 10:12 and is freed: dropped from
//      it; [10:05,10:15) has not ended: counted there. Overall on time, counted in 1 of 2 windows.
//   #3 10:01, W 10:12: [09:55,10:05) and [10:00,10:10) both ended: dropped from every window, to
//      the late output.
//   end: [10:05,10:15) 2 (#1, #2), [10:10,10:20) 1.
TEST_F(TracePartitionsCli, HoppingEventDroppedFromOneWindowButCountedInAnotherIsRinged) {
  const auto input = write("hop.jsonl",
                           "{\"k\":\"x\",\"time\":\"2025-06-22T10:12:00Z\"}\n"
                           "{\"k\":\"x\",\"time\":\"2025-06-22T10:07:00Z\"}\n"
                           "{\"k\":\"x\",\"time\":\"2025-06-22T10:01:00Z\"}\n");
  const std::vector<std::string> flags{"trace",          "--input",     input,       "--time-field",
                                       "time",           "--key-field", "k",         "--window",
                                       "hopping:10m,5m", "--watermark", "bounded:0s"};
  const auto r = run(with(flags, {"--format", "svg"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto svg = write("hop.svg", r.out);
  EXPECT_EQ(xmllint("--noout", svg).exit_code, 0);
  const std::string lane = "//*[@class='lane']";
  EXPECT_EQ(count(svg, lane + "//*[local-name()='circle'][@class='ev on-time']"), 2);
  EXPECT_EQ(count(svg, lane + "//*[contains(concat(' ', @class, ' '), ' ev dropped ')]"), 1);
  // One ring, around #2 only (#3, dropped from every window, is a plain cross).
  EXPECT_EQ(count(svg, lane + "//*[local-name()='circle'][@class='partly-dropped']"), 1);
  EXPECT_NE(r.out.find("#2 (line 2) key &quot;x&quot;, event time 2025-06-22T10:07:00Z, watermark before "
                       "2025-06-22T10:12:00Z: on time; counted in 1 of 2 windows; dropped from "
                       "[2025-06-22T10:00:00Z, 2025-06-22T10:10:00Z)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("dropped from some of its windows, counted in the others (1)"), std::string::npos);
  // The windows hold what the picture says: [10:05,10:15) 2, [10:10,10:20) 1.
  const auto w = run({"window", "--input", input, "--time-field", "time", "--key-field", "k", "--window",
                      "hopping:10m,5m", "--watermark", "bounded:0s"});
  ASSERT_EQ(w.exit_code, 0) << w.err;
  const auto results = lines(w.out);
  ASSERT_EQ(results.size(), 2U) << w.out;
  EXPECT_EQ(results[0]["window_start"], "2025-06-22T10:05:00Z");
  EXPECT_EQ(results[0]["count"], 2);
  EXPECT_EQ(results[1]["window_start"], "2025-06-22T10:10:00Z");
  EXPECT_EQ(results[1]["count"], 1);
}

}  // namespace
}  // namespace streamlab::test
