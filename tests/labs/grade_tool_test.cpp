// `streamlab grade` on a tiny fake ctest project (grade_fixture/): tests that pass, fail, crash,
// hang, one listed in the manifest but never built, and one meta test that is not graded. The
// expected scores are worked out by hand from grade_fixture/points.json.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
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
    fs::copy(fs::path(STREAMLAB_GRADE_FIXTURE) / "hidden-points.json", dir_);
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

TEST_F(GradeTool, ClassroomWorkflowLeavesHiddenTestsOut) {
  const fs::path yml = dir_ / "classroom.yml";
  const ToolRun run = grade("--manifest '" + (dir_ / "hidden-points.json").string() +
                            "' --github-classroom '" + yml.string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  // The instructor's own run grades the hidden test ...
  EXPECT_NE(run.out.find("Lab01Hidden.Passes"), std::string::npos) << run.out;
  int max = 0;
  EXPECT_EQ(text_total(run.out, max), kPassedPoints + 10) << run.out;
  // ... the student's repository, which does not hold it, gets no step for it.
  const std::string text = slurp(yml);
  EXPECT_EQ(text.find("Lab01Hidden"), std::string::npos) << text;
  EXPECT_EQ(text.find("lab01hidden"), std::string::npos) << text;
  EXPECT_NE(text.find("1 hidden test(s) left out"), std::string::npos) << text;
}

TEST_F(GradeTool, WholeFirstFailureAndTheCommandToRerunItFollowTheTable) {
  const ToolRun run = grade("");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const auto at = run.out.find("First failure in full");
  ASSERT_NE(at, std::string::npos) << run.out;
  const std::string after = run.out.substr(at);
  // Lab01Fake.FailsAnExpectation is the first test (by lab, then name) that did not pass.
  EXPECT_NE(after.find("failed Lab01Fake.FailsAnExpectation (lab 01, 4 points)"), std::string::npos) << after;
  EXPECT_NE(after.find("  lab01_test.cpp:42: Failure\n  Expected equality of these values:\n"
                       "    counts.at(\"kafka\")\n      Which is: 3\n    4\n"
                       "  why: kafka occurs 4 times in the input\n"),
            std::string::npos)
      << "the whole first failure, every line of it\n"
      << after;
  EXPECT_EQ(after.find("a second failure"), std::string::npos) << "only the first failure\n" << after;
  const std::string rerun =
      "ctest --test-dir " + dir_.string() + " -R '^Lab01Fake\\.FailsAnExpectation$' --output-on-failure";
  EXPECT_NE(after.find("rerun it alone: " + rerun), std::string::npos) << after;
  EXPECT_NE(after.find("--verbose"), std::string::npos) << "how to see every failure\n" << after;

  // The printed command does rerun that test alone, with its whole output.
  const fs::path out = dir_ / "rerun.txt";
  const std::string ctest_rerun = "'" + std::string(STREAMLAB_CTEST) + "'" + rerun.substr(5);
  const int status = std::system((ctest_rerun + " > '" + out.string() + "' 2>&1").c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_NE(WEXITSTATUS(status), 0);
  const std::string rerun_out = slurp(out);
  EXPECT_NE(rerun_out.find("Which is: 3"), std::string::npos) << rerun_out;
  EXPECT_NE(rerun_out.find("1 tests failed out of 1"), std::string::npos) << rerun_out;
}

TEST_F(GradeTool, VerbosePrintsEveryTestThatDidNotPass) {
  const ToolRun run = grade("--verbose");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  for (const char* expected :
       {"failed Lab01Fake.FailsAnExpectation", "a second failure", "crashed Lab02Fake.Crashes",
        "timeout Lab02Fake.Hangs", "failed Lab02Fake.NotImplemented",
        "not implemented yet: write labs/02-windowed-sales/sales.cpp", "not run Lab02Fake.NeverBuilt"})
    EXPECT_NE(run.out.find(expected), std::string::npos) << expected << "\n" << run.out;
  EXPECT_EQ(run.out.find("Lab01Fake.Passes (lab"), std::string::npos) << "passed tests are not repeated";
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

// `streamlab grade` on a real (tiny) CMake project: it builds what it grades, so a change to a
// source shows in the next grade without a manual build; a source that does not compile scores 0
// instead of running the older executable; with --no-build it refuses out-of-date tests.
class GradeRebuild : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per test: ctest runs the tests of this fixture at the same time.
    root_ = fs::path(STREAMLAB_BINARY_DIR) / "tests" / "labs" / "grade-rebuild" /
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(root_);
    fs::create_directories(root_ / "src");
    std::ofstream(root_ / "src" / "CMakeLists.txt")
        << "cmake_minimum_required(VERSION 3.25)\n"
           "project(GradeRebuild CXX)\n"
           "enable_testing()\n"
           "add_executable(fake_lab01_test fake.cpp)\n"
           "add_custom_target(graded)\n"
           "add_dependencies(graded fake_lab01_test)\n"
           "add_test(NAME Lab01Fake.Answer COMMAND fake_lab01_test)\n"
           "set_tests_properties(Lab01Fake.Answer PROPERTIES LABELS \"graded;lab01\")\n"
           "file(WRITE ${PROJECT_BINARY_DIR}/grading/points.json\n"
           "  [=[{\"tests\": {\"Lab01Fake.Answer\": {\"lab\": \"01\", \"points\": 5}}}]=])\n";
  }

  /// Writes the fake test's source, newer than anything built from it before (at least a second
  /// newer than its last version, for file systems that keep whole seconds).
  void write_source(const std::string& body) {
    const fs::path file = root_ / "src" / "fake.cpp";
    const bool existed = fs::exists(file);
    const auto before = existed ? fs::last_write_time(file) : fs::file_time_type::min();
    std::ofstream(file) << "#include <cstdio>\nint main() {\n" << body << "\n}\n";
    if (existed)
      fs::last_write_time(file, std::max(fs::last_write_time(file), before + std::chrono::seconds(1)));
  }

  int shell(const std::string& command, std::string* output = nullptr) const {
    const fs::path out = root_ / "out.txt";
    const int status = std::system((command + " > '" + out.string() + "' 2>&1").c_str());
    if (output) *output = slurp(out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  ToolRun grade(const std::string& args = "") const {
    ToolRun run{};
    run.exit_code =
        shell(std::string("'") + STREAMLAB_TOOL + "' grade --build-dir '" + (root_ / "build").string() +
                  "' --ctest '" + STREAMLAB_CTEST + "' --cmake '" + STREAMLAB_CMAKE + "' " + args,
              &run.out);
    return run;
  }

  fs::path root_;
};

constexpr const char* kPasses = "  return 0;";
constexpr const char* kFails = "  std::puts(\"fake.cpp:3: Failure\\nExpected 42, got 41\");\n  return 1;";

TEST_F(GradeRebuild, AChangedSourceIsGradedWithoutAManualBuild) {
  write_source(kPasses);
  std::string out;
  ASSERT_EQ(shell("'" + std::string(STREAMLAB_CMAKE) + "' -G Ninja -S '" + (root_ / "src").string() +
                      "' -B '" + (root_ / "build").string() + "'",
                  &out),
            0)
      << out;
  ASSERT_EQ(
      shell("'" + std::string(STREAMLAB_CMAKE) + "' --build '" + (root_ / "build").string() + "'", &out), 0)
      << out;
  ToolRun run = grade();
  ASSERT_EQ(run.exit_code, 0) << run.out;
  int max = 0;
  EXPECT_EQ(text_total(run.out, max), 5) << run.out;

  write_source(kFails);
  run = grade();
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(text_total(run.out, max), 0) << "the grade must be of the changed source\n" << run.out;
  EXPECT_NE(run.out.find("Expected 42, got 41"), std::string::npos) << run.out;

  write_source(kPasses);
  run = grade();
  EXPECT_EQ(text_total(run.out, max), 5) << run.out;

  // Without building, an out-of-date test is refused, named by its executable.
  write_source(kFails);
  run = grade("--no-build");
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_NE(run.out.find("out of date: fake_lab01_test"), std::string::npos) << run.out;
}

TEST_F(GradeRebuild, ASourceThatDoesNotCompileScoresZeroAndIsNotRunFromAnOlderBuild) {
  // Sources found by a CONFIGURE_DEPENDS glob, as in StreamLab's own build: a Ninja dry run then
  // stops at the glob check, so what the failed build left out of date must be found otherwise.
  std::ofstream(root_ / "src" / "CMakeLists.txt", std::ios::app)
      << "file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)\n"
         "add_executable(fake_lab01_globbed ${sources})\n"
         "add_dependencies(graded fake_lab01_globbed)\n"
         "add_test(NAME Lab01Fake.Globbed COMMAND fake_lab01_globbed)\n"
         "set_tests_properties(Lab01Fake.Globbed PROPERTIES LABELS \"graded;lab01\")\n";
  write_source(kPasses);
  std::string out;
  ASSERT_EQ(shell("'" + std::string(STREAMLAB_CMAKE) + "' -G Ninja -S '" + (root_ / "src").string() +
                      "' -B '" + (root_ / "build").string() + "'",
                  &out),
            0)
      << out;
  ToolRun run = grade();
  int max = 0;
  ASSERT_EQ(text_total(run.out, max), 5) << run.out;

  write_source("  return not_declared_anywhere;");
  run = grade();
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(text_total(run.out, max), 0) << "the older executable passes: it must not be run\n" << run.out;
  EXPECT_NE(run.out.find("not run"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("not_declared_anywhere"), std::string::npos) << "the compiler's error\n" << run.out;
}

}  // namespace
