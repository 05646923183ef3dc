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
  bool verbose = false;  ///< Print every failing test's whole output, not only the first failure.
  /// Build the graded tests first (`cmake --build BUILD_DIR --target graded`), so a grade is
  /// never the grade of an older build; when false, refuse to grade out-of-date tests instead.
  bool build = true;
  std::string cmake = "cmake";  ///< The cmake executable (for the build).
};

/// How a grading run ended.
enum class GradeStatus {
  Graded,      ///< The report was written, whatever the score.
  NotRun,      ///< The tests could not be run (no build, no manifest, ctest wrote nothing).
  UsageError,  ///< The options are wrong (not a lab number).
};

/// Builds and runs the graded tests of `options.lab` and prints the score table to `out`;
/// progress and problems go to `err`. A test whose executable could not be built (a compile
/// error) scores 0 as `not run`, with the compiler's first error; it is never run from an
/// older build.
/// @throws std::runtime_error when a manifest or a report file cannot be read or written.
GradeStatus run_grade(const GradeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace streamlab::grading
