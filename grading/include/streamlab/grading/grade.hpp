/// @file
/// `streamlab grade`: runs the graded lab tests through ctest (one process per test, so a crash
/// or a hang costs only that test), scores them from the points manifest and writes the report.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace streamlab::grading {

/// What to grade and where to write the report.
struct GradeOptions {
  std::string lab;                     ///< `01` .. `05` (or `1`, `lab01`); all labs when empty.
  std::string build_dir = ".";         ///< A configured and built build directory.
  std::vector<std::string> manifests;  ///< Points manifests; default: `<build_dir>/grading/*.json`.
  std::string json_file;               ///< Also write the report as JSON here (when not empty).
  std::string junit_file;              ///< Also write JUnit XML with points here.
  std::string classroom_file;          ///< Also write a GitHub Classroom workflow here.
  std::string ctest = "ctest";         ///< The ctest executable.
  int timeout_seconds = 120;           ///< Limit of a test that sets none of its own.
  int jobs = 1;                        ///< Tests run in parallel.
};

/// How a grading run ended.
enum class GradeStatus {
  Graded,      ///< The report was written, whatever the score.
  NotRun,      ///< The tests could not be run (no build, no manifest, ctest wrote nothing).
  UsageError,  ///< The options are wrong (not a lab number).
};

/// Runs the graded tests of `options.lab` and prints the score table to `out`; progress and
/// problems go to `err`.
/// @throws std::runtime_error when a manifest or a report file cannot be read or written.
GradeStatus run_grade(const GradeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace streamlab::grading
