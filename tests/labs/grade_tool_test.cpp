// `streamlab grade` on a tiny fake ctest project (grade_fixture/): tests that pass, fail, crash,
// hang, one listed in the manifest but never built, and one meta test that is not graded. The
// expected scores are worked out by hand from grade_fixture/points.json.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

// Passed: Lab01Fake.Passes (3), Lab01Fake.AlsoPasses (2), Lab02Fake.Passes (7).
constexpr int kPassedPoints = 3 + 2 + 7;
constexpr int kMaxPoints = 3 + 4 + 2 + 5 + 6 + 7 + 8 + 9;
constexpr int kLab02Passed = 7;
constexpr int kLab02Max = 5 + 6 + 7 + 8 + 9;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct ToolRun {
  int exit_code;
  std::string out;
};

class GradeTool : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(STREAMLAB_BINARY_DIR) / "tests" / "labs" / "grade-fixture" / info->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::copy(fs::path(STREAMLAB_GRADE_FIXTURE) / "CTestTestfile.cmake", dir_);
    fs::copy(fs::path(STREAMLAB_GRADE_FIXTURE) / "points.json", dir_);
  }

  ToolRun grade(const std::string& args) const {
    const fs::path out = dir_ / "stdout.txt";
    const std::string cmd = std::string("'") + STREAMLAB_TOOL + "' grade --build-dir '" + dir_.string() +
                            "' --manifest '" + (dir_ / "points.json").string() + "' --ctest '" +
                            STREAMLAB_CTEST + "' " + args + " > '" + out.string() + "' 2>&1";
    const int status = std::system(cmd.c_str());
    return ToolRun{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out)};
  }

  fs::path dir_;
};

int text_total(const std::string& out, int& max) {
  std::smatch m;
  static const std::regex total_re(R"(TOTAL\s+(\d+) / (\d+))");
  if (!std::regex_search(out, m, total_re)) return -1;
  max = std::stoi(m[2].str());
  return std::stoi(m[1].str());
}

TEST_F(GradeTool, TotalIsTheSumOfPassedPointsInTextJsonAndJunit) {
  const fs::path json_file = dir_ / "grade.json";
  const fs::path junit_file = dir_ / "grade.xml";
  const ToolRun run = grade("--json '" + json_file.string() + "' --junit '" + junit_file.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.out;

  int max = 0;
  EXPECT_EQ(text_total(run.out, max), kPassedPoints) << run.out;
  EXPECT_EQ(max, kMaxPoints);

  const auto doc = nlohmann::json::parse(slurp(json_file));
  EXPECT_EQ(doc.at("score").get<int>(), kPassedPoints);
  EXPECT_EQ(doc.at("max_score").get<int>(), kMaxPoints);
  int sum = 0;
  int passed_sum = 0;
  for (const auto& t : doc.at("tests")) {
    sum += t.at("points").get<int>();
    if (t.at("result") == "passed") passed_sum += t.at("max_points").get<int>();
  }
  EXPECT_EQ(sum, kPassedPoints);
  EXPECT_EQ(passed_sum, kPassedPoints);
  EXPECT_EQ(doc.at("labs").at("02").at("score").get<int>(), kLab02Passed);

  const std::string xml = slurp(junit_file);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(xml, m, std::regex(R"re(<property name="score" value="(\d+)"/>)re")));
  EXPECT_EQ(std::stoi(m[1].str()), kPassedPoints);
  int junit_sum = 0;
  static const std::regex points_re(R"re(<property name="points" value="(\d+)"/>)re");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), points_re); it != std::sregex_iterator(); ++it)
    junit_sum += std::stoi((*it)[1].str());
  EXPECT_EQ(junit_sum, kPassedPoints);
}

TEST_F(GradeTool, CrashHangAndMissingTestCostOnlyTheirOwnPoints) {
  const fs::path json_file = dir_ / "grade.json";
  const ToolRun run = grade("--json '" + json_file.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const auto doc = nlohmann::json::parse(slurp(json_file));
  std::map<std::string, std::string> result;
  for (const auto& t : doc.at("tests")) result[t.at("name")] = t.at("result");
  EXPECT_EQ(result["Lab02Fake.Crashes"], "crashed");
  EXPECT_EQ(result["Lab02Fake.Hangs"], "timeout");
  EXPECT_EQ(result["Lab02Fake.NeverBuilt"], "not run");
  EXPECT_EQ(result["Lab02Fake.Passes"], "passed");
  EXPECT_EQ(result.count("MetaFake.NotGraded"), 0u) << "a meta test must not be graded";
}

TEST_F(GradeTool, FirstFailureLineNamesTheFileAndTheExpectation) {
  const fs::path json_file = dir_ / "grade.json";
  ASSERT_EQ(grade("--json '" + json_file.string() + "'").exit_code, 0);
  const auto doc = nlohmann::json::parse(slurp(json_file));
  for (const auto& t : doc.at("tests")) {
    if (t.at("name") == "Lab01Fake.FailsAnExpectation") {
      EXPECT_EQ(t.at("message"),
                "lab01_test.cpp:42: Expected equality of these values: counts.at(\"kafka\")");
    }
    if (t.at("name") == "Lab02Fake.NotImplemented") {
      EXPECT_EQ(t.at("message"),
                "exception: not implemented yet: write labs/02-windowed-sales/sales.cpp: lab02::build");
    }
  }
}

TEST_F(GradeTool, LabArgumentGradesOnlyThatLab) {
  const ToolRun run = grade("02");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  int max = 0;
  EXPECT_EQ(text_total(run.out, max), kLab02Passed) << run.out;
  EXPECT_EQ(max, kLab02Max);
  EXPECT_EQ(run.out.find("Lab01Fake"), std::string::npos);
}

TEST_F(GradeTool, ClassroomWorkflowHasOneStepPerGradedTestWithItsPoints) {
  const fs::path yml = dir_ / "classroom.yml";
  ASSERT_EQ(grade("--github-classroom '" + yml.string() + "'").exit_code, 0);
  const std::string text = slurp(yml);
  int steps = 0;
  int points = 0;
  static const std::regex step_re("uses: classroom-resources/autograding-command-grader@v1");
  static const std::regex score_re(R"(max-score: (\d+))");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), step_re); it != std::sregex_iterator(); ++it)
    ++steps;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), score_re); it != std::sregex_iterator(); ++it)
    points += std::stoi((*it)[1].str());
  EXPECT_EQ(steps, 8);
  EXPECT_EQ(points, kMaxPoints);
  std::smatch runners;
  ASSERT_TRUE(std::regex_search(text, runners, std::regex("runners: (.*)")));
  EXPECT_NE(runners[1].str().find("lab01fake-passes"), std::string::npos) << text;
  EXPECT_EQ(std::count(runners[1].first, runners[1].second, ','), 7) << "8 runners";
  EXPECT_NE(text.find("command: ctest --test-dir build/student -R '^Lab02Fake\\.Hangs$'"), std::string::npos);
}

TEST_F(GradeTool, ALabThatIsNotANumberIsAUsageError) { EXPECT_EQ(grade("seven").exit_code, 2); }

TEST_F(GradeTool, ADirectoryWithoutTestsFailsWithExitOne) {
  const fs::path empty = dir_ / "empty";
  fs::create_directories(empty);
  const std::string cmd =
      std::string("'") + STREAMLAB_TOOL + "' grade --build-dir '" + empty.string() + "' > /dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
}

}  // namespace
