// Meta tests of the grading (label `meta`, never graded): the graded test objects linked against
// the untouched skeletons must all fail cleanly (no crash, a message naming the file and function
// to write), against one deliberately wrong solution per lab they must lose exactly the tests
// that cover that mistake, and the points manifest must list exactly the graded tests.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Outcome {
  bool exited_normally{false};
  int exit_code{-1};
  std::map<std::string, std::string> failures;  // test -> first failure message
  std::set<std::string> passed;
};

fs::path bin(const std::string& name) { return fs::path(STREAMLAB_BINARY_DIR) / "bin" / name; }

Outcome run_gtest(const std::string& executable) {
  const fs::path report = fs::path(STREAMLAB_BINARY_DIR) / "tests" / "labs" / (executable + ".json");
  fs::create_directories(report.parent_path());
  fs::remove(report);
  const std::string cmd =
      "'" + bin(executable).string() + "' --gtest_output=json:'" + report.string() + "' > /dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  Outcome out;
  out.exited_normally = WIFEXITED(status);
  out.exit_code = out.exited_normally ? WEXITSTATUS(status) : -1;
  std::ifstream in(report);
  if (!in) return out;
  const json doc = json::parse(in);
  for (const auto& suite : doc.at("testsuites")) {
    for (const auto& t : suite.at("testsuite")) {
      const std::string name = suite.at("name").get<std::string>() + "." + t.at("name").get<std::string>();
      if (t.contains("failures") && !t.at("failures").empty()) {
        out.failures[name] = t.at("failures")[0].at("failure").get<std::string>();
      } else {
        out.passed.insert(name);
      }
    }
  }
  return out;
}

json manifest() {
  std::ifstream in(fs::path(STREAMLAB_SOURCE_DIR) / "tests" / "labs" / "points.json");
  return json::parse(in).at("tests");
}

const std::map<std::string, std::string> kLabDirs = {
    {"01", "labs/01-word-count/"},        {"02", "labs/02-windowed-sales/"},
    {"03", "labs/03-sessionization/"},    {"04", "labs/04-stream-table-join/"},
    {"05", "labs/05-anomaly-detection/"}, {"06", "labs/06-output-modes/"}};

TEST(LabsMeta, UntouchedSkeletonsScoreZeroWithCleanMessages) {
  for (const auto& [lab, dir] : kLabDirs) {
    const Outcome o = run_gtest("test_lab" + lab + "_as_student");
    EXPECT_TRUE(o.exited_normally) << "lab " << lab << ": the skeleton crashed the test binary";
    EXPECT_EQ(o.exit_code, 1) << "lab " << lab;
    EXPECT_TRUE(o.passed.empty()) << "lab " << lab
                                  << ": a test passes against the skeleton: " << *o.passed.begin();
    EXPECT_FALSE(o.failures.empty()) << "lab " << lab;
    for (const auto& [test, message] : o.failures) {
      EXPECT_NE(message.find("not implemented yet: write " + dir), std::string::npos)
          << test << " fails without naming the file to write:\n"
          << message;
    }
  }
}

// The mistakes of tests/labs/wrong/ (the executable linked with each) and the graded tests that
// must catch them, worked out from what each test checks.
const std::map<std::string, std::set<std::string>> kCaughtBy = {
    {"test_lab01_as_wrong", {"Lab01WordCount.CountsPerMinuteMatchTheWindowOracleUnderJitter"}},
    {"test_lab02_as_wrong",
     {"Lab02WindowedSales.LateSaleWithinAllowedLatenessEmitsALatePane",
      "Lab02WindowedSales.DatasetWithLateArrivalsMatchesTheWindowOracle"}},
    // Sessions without grace: the bridging clicks of both hand-worked cases arrive after the
    // first session fired, within its grace.
    {"test_lab03_as_wrong",
     {"Lab03Sessions.BridgingClickAfterTheFirstSessionFiredMergesIntoIt",
      "Lab03Sessions.BridgingClickMergesTheDistinctPagesOfBothSessions"}},
    // A merger that keeps repeated pages: only sessions that share a page and merge show it.
    {"test_lab03_as_merger_keeps_repeats",
     {"Lab03SessionStats.MergingTwoSessionsEqualsOneSessionOfAllTheirClicks",
      "Lab03Sessions.BridgingClickMergesTheDistinctPagesOfBothSessions"}},
    {"test_lab04_as_wrong",
     {"Lab04Join.LeftJoinEmitsUnmatchedOrdersWithAnEmptyProfile",
      "Lab04Join.DatasetLeftJoinKeepsEveryOrder"}},
    // Readings judged on arrival: the hand-worked reordering and the `reorder` scenario.
    {"test_lab05_as_wrong",
     {"Lab05Anomalies.OutOfOrderReadingsAreJudgedInEventTimeOrder",
      "Lab05Anomalies.DatasetWithReorderedReadingsAlertsMatchTheOracle"}},
    // Update mode where final is asked for: every setting in final mode, and only those.
    {"test_lab06_as_wrong",
     {"Lab06OutputModes.FinalEmitsEachWindowOnceWhenTheWatermarkPassesItsEnd",
      "Lab06OutputModes.MicroBatchJudgesABatchAgainstTheWatermarkBeforeIt",
      "Lab06OutputModes.ProcessingTimeWindowsCountWhatArrivedTogether",
      "Lab06OutputModes.DatasetWithLateArrivalsInFinalModeMatchesTheOracle"}},
};

TEST(LabsMeta, EachWrongSolutionLosesExactlyThePointsOfItsMistake) {
  const json points = manifest();
  for (const auto& [executable, expected] : kCaughtBy) {
    const Outcome o = run_gtest(executable);
    ASSERT_TRUE(o.exited_normally) << executable;
    std::set<std::string> failed;
    for (const auto& [test, message] : o.failures) failed.insert(test);
    EXPECT_EQ(failed, expected) << executable;
    int lost = 0;
    int expected_loss = 0;
    for (const auto& t : failed) lost += points.contains(t) ? points.at(t).at("points").get<int>() : 0;
    for (const auto& t : expected) expected_loss += points.at(t).at("points").get<int>();
    EXPECT_EQ(lost, expected_loss) << executable;
    EXPECT_GT(lost, 0) << executable;
  }
}

TEST(LabsMeta, ReferenceSolutionsPassEveryGradedTest) {
  for (const auto& [lab, dir] : kLabDirs) {
    const Outcome o = run_gtest("test_lab" + lab);
    EXPECT_EQ(o.exit_code, 0) << "lab " << lab;
    EXPECT_TRUE(o.failures.empty()) << "lab " << lab << ": " << o.failures.begin()->first;
  }
}

TEST(LabsMeta, ManifestListsEveryGradedTestAndOnlyThose) {
  const json points = manifest();
  std::set<std::string> in_manifest;
  for (const auto& [name, entry] : points.items()) {
    in_manifest.insert(name);
    EXPECT_GT(entry.at("points").get<int>(), 0) << name;
    EXPECT_EQ(name.substr(0, 5), "Lab" + entry.at("lab").get<std::string>())
        << name << " is in the wrong lab";
  }
  std::set<std::string> graded;
  for (const auto& [lab, dir] : kLabDirs) {
    const Outcome o = run_gtest("test_lab" + lab);
    for (const auto& t : o.passed) graded.insert(t);
    for (const auto& [t, m] : o.failures) graded.insert(t);
  }
  EXPECT_EQ(graded, in_manifest);
}

}  // namespace
