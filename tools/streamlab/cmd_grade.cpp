// `streamlab grade`: flags in, streamlab::grading out (grading/ holds the subsystem).
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "streamlab/grading/grade.hpp"

namespace streamlab::cli {

void add_grade_command(CLI::App& app, int& exit_code) {
  auto opt = std::make_shared<grading::GradeOptions>();
  auto* cmd =
      app.add_subcommand("grade", "Run the graded lab tests (crash- and hang-isolated) and print the score.");
  cmd->add_option("lab", opt->lab, "Grade only this lab (01 .. 06); all labs when omitted");
  cmd->add_option("--build-dir", opt->build_dir,
                  "Build directory whose graded tests to run (student preset: build/student)")
      ->capture_default_str();
  cmd->add_option("--json", opt->json_file, "Also write the report as JSON (for an LMS)");
  cmd->add_option("--junit", opt->junit_file, "Also write JUnit XML with points per test");
  cmd->add_option("--github-classroom", opt->classroom_file,
                  "Also write a GitHub Classroom autograding workflow (one step per test)");
  cmd->add_option("--manifest", opt->manifests,
                  "Points manifest(s); default: every <build-dir>/grading/*.json");
  cmd->add_option("--timeout", opt->timeout_seconds,
                  "Seconds a test may run when it sets no limit of its own")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("-j,--jobs", opt->jobs, "Tests run in parallel")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--ctest", opt->ctest, "The ctest executable")->capture_default_str();
  cmd->add_option("--cmake", opt->cmake, "The cmake executable (to build before grading)")
      ->capture_default_str();
  cmd->add_flag("-v,--verbose", opt->verbose,
                "Print every failing test's whole output, not only the first failure");
  cmd->add_flag("!--no-build", opt->build,
                "Do not build first; refuse to grade when a graded test is out of date");
  cmd->footer(
      "Example:\n"
      "  cmake --preset student && cmake --build --preset student\n"
      "  streamlab grade 02 --build-dir build/student --json grade.json --junit grade.xml\n"
      "It builds the graded tests first (target `graded`), so the grade is of the code as it is\n"
      "now; a test that does not compile scores 0 with the compiler's first error. After the table\n"
      "it prints the first failure in full and the command that reruns that test alone.\n"
      "The total is the sum of the points of the passed tests; a test that crashes, hangs or was\n"
      "not built scores 0. Exit status: 0 when the report was written (whatever the score),\n"
      "1 when the tests could not be run, 2 on a usage error.");
  cmd->callback([opt, &exit_code] {
    try {
      switch (grading::run_grade(*opt, std::cout, std::cerr)) {
        case grading::GradeStatus::Graded: exit_code = kOk; break;
        case grading::GradeStatus::NotRun: exit_code = kFailure; break;
        case grading::GradeStatus::UsageError: exit_code = kUsage; break;
      }
    } catch (const std::exception& e) {
      std::cerr << "streamlab grade: " << e.what() << '\n';
      exit_code = kFailure;
    }
  });
}

}  // namespace streamlab::cli
