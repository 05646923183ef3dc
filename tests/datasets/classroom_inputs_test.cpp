// The hand-written classroom inputs behave as docs/instructor-guide.md says: the expected panes
// and late records were worked out by hand from semantics.md (see the comments) and are checked
// here against the engine's windowing job, so the guide stays true.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "streamlab/connectors/file/json_window_job.hpp"

namespace streamlab {
namespace {

struct Pane {
  std::string window_start;
  double value;
  std::string pane;
  std::int64_t count;
  friend bool operator==(const Pane&, const Pane&) = default;
};

std::vector<Pane> run(const std::string& file, const std::string& key, const std::string& agg,
                      const std::string& window, const std::string& watermark, const std::string& lateness,
                      std::string* late_out) {
  std::ifstream in(std::string(STREAMLAB_SOURCE_DIR) + "/datasets/classroom/" + file);
  EXPECT_TRUE(in.good()) << file;
  WindowJobOptions o;
  o.input_name = file;
  o.time_field = "time";
  o.key_field = key;
  o.aggregation = parse_aggregation(agg);
  o.config.window = parse_window_spec(window);
  o.config.watermark = parse_watermark_strategy(watermark);
  o.config.allowed_lateness = parse_duration(lateness);
  std::ostringstream results, late;
  WindowJobOutputs outputs;
  outputs.results = &results;
  outputs.late = &late;
  run_window_job(in, o, outputs);
  *late_out = late.str();
  std::vector<Pane> panes;
  std::istringstream lines(results.str());
  std::string line;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line);
    panes.push_back({j["window_start"].get<std::string>(), j["value"].get<double>(),
                     j["pane"].get<std::string>(), j["count"].get<std::int64_t>()});
  }
  return panes;
}

// late-events.jsonl, tumbling 1 min, W = max - 10 s, allowed lateness 30 s, sum of amount:
// 10:00:05 (5), 10:00:40 (7) -> [10:00,10:01); 10:01:15 raises W to 10:01:05: ON_TIME 12 (2);
// 10:00:55 (4) is late for a fired window kept until W >= 10:01:30: LATE 16 (3);
// 10:01:50 raises W to 10:01:40, freeing [10:00,10:01); 10:00:30 (2) is dropped;
// 10:02:20 raises W to 10:02:10: [10:01,10:02) ON_TIME 3+6 = 9 (2); end: [10:02,10:03) 1 (1).
TEST(ClassroomInputs, LateEventsShowOneLateEventAcceptedAndOneDropped) {
  std::string late;
  const auto panes =
      run("late-events.jsonl", "store", "sum:amount", "tumbling:1m", "bounded:10s", "30s", &late);
  const std::vector<Pane> want{{"2025-06-22T10:00:00Z", 12, "ON_TIME", 2},
                               {"2025-06-22T10:00:00Z", 16, "LATE", 3},
                               {"2025-06-22T10:01:00Z", 9, "ON_TIME", 2},
                               {"2025-06-22T10:02:00Z", 1, "ON_TIME", 1}};
  EXPECT_EQ(panes, want);
  EXPECT_NE(late.find("\"time\":\"2025-06-22T10:00:30Z\""), std::string::npos) << late;
  EXPECT_EQ(std::count(late.begin(), late.end(), '\n'), 1);
}

TEST(ClassroomInputs, LateEventsWithoutLatenessDropBoth) {
  std::string late;
  const auto panes =
      run("late-events.jsonl", "store", "sum:amount", "tumbling:1m", "bounded:10s", "0s", &late);
  EXPECT_EQ(panes.size(), 3u);
  EXPECT_EQ(std::count(late.begin(), late.end(), '\n'), 2);
}

// session-merge.jsonl, session gap 30 min, W = max - 1 h so nothing fires early:
// 10:00 and 10:10 -> [10:00, 10:40); 11:00 -> [11:00, 11:30) (10:40 < 11:00: apart);
// 10:35 -> [10:35, 11:05) overlaps both: one session [10:00, 11:30) of 4 clicks.
TEST(ClassroomInputs, SessionMergeBridgesTwoSessionsIntoOne) {
  std::string late;
  const auto panes = run("session-merge.jsonl", "user", "count", "session:30m", "bounded:1h", "0s", &late);
  const std::vector<Pane> want{{"2025-06-22T10:00:00Z", 4, "ON_TIME", 4}};
  EXPECT_EQ(panes, want);
  EXPECT_TRUE(late.empty());
}

}  // namespace
}  // namespace streamlab
