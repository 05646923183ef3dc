// Contract tests for `streamlab trace`: every event's fate on a timeline, and a dropped event
// explained with the watermark that dropped it.
#include <string>

#include "cli_runner.hpp"

namespace streamlab::test {
namespace {

class TraceCli : public CliFixture {};

// W after 12:21 is 12:11 (10-minute delay); the donkey at 12:04 is then too late for
// [11:55,12:05) and [12:00,12:10).
const char* kStream =
    "{\"ts\":\"2025-06-22T12:07:00Z\",\"word\":\"dog\"}\n"
    "{\"ts\":\"2025-06-22T12:21:00Z\",\"word\":\"owl\"}\n"
    "{\"ts\":\"2025-06-22T12:04:00Z\",\"word\":\"donkey\"}\n";

TEST_F(TraceCli, TextTraceExplainsADroppedEventWithTheWatermarkThatDroppedIt) {
  const auto input = write("in.jsonl", kStream);
  const auto r = run({"trace", "--input", input, "--time-field", "ts", "--key-field", "word", "--window",
                      "hopping:10m,5m", "--watermark", "bounded:10m"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("DROPPED by watermark 2025-06-22T12:11:00Z"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("#3 (line 3) key \"donkey\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("watermark before 2025-06-22T12:11:00Z"), std::string::npos) << r.out;
  // The dog's first window fires when the owl moves the watermark, after the owl's line.
  const auto owl = r.out.find("key \"owl\", event time 2025-06-22T12:21:00Z");
  const auto fired =
      r.out.find("pane ON_TIME key \"dog\" window [2025-06-22T12:00:00Z, 2025-06-22T12:10:00Z)");
  ASSERT_NE(owl, std::string::npos) << r.out;
  ASSERT_NE(fired, std::string::npos) << r.out;
  EXPECT_LT(owl, fired);
}

TEST_F(TraceCli, JsonTraceGivesEachEventItsWindowsAndFate) {
  const auto input = write("in.jsonl", kStream);
  const auto r = run({"trace", "--input", input, "--time-field", "ts", "--key-field", "word", "--window",
                      "hopping:10m,5m", "--watermark", "bounded:10m", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int events = 0;
  bool saw_drop = false;
  for (const auto& j : lines(r.out)) {
    if (j["type"] != "event") continue;
    ++events;
    if (j["key"] == "dog") {
      EXPECT_EQ(j["watermark_before"], "-inf");
      EXPECT_EQ(j["fate"], "on_time");
      ASSERT_EQ(j["windows"].size(), 2u);
      EXPECT_EQ(j["windows"][0]["start"], "2025-06-22T12:00:00Z");
      EXPECT_EQ(j["windows"][1]["start"], "2025-06-22T12:05:00Z");
    }
    if (j["key"] == "donkey") {
      saw_drop = true;
      EXPECT_EQ(j["arrival"], 3);
      EXPECT_EQ(j["fate"], "dropped");
      EXPECT_EQ(j["dropped_by_watermark"], "2025-06-22T12:11:00Z");
      ASSERT_EQ(j["windows"].size(), 2u);
      EXPECT_EQ(j["windows"][0]["fate"], "dropped");
      EXPECT_EQ(j["windows"][1]["fate"], "dropped");
    }
  }
  EXPECT_EQ(events, 3);
  EXPECT_TRUE(saw_drop);
}

TEST_F(TraceCli, HelpShowsAnExample) {
  const auto r = run({"trace", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Example"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace streamlab::test
