/// @file
/// A grade report: one row per graded test, and its forms (text table, JSON for a learning
/// management system, JUnit XML with points, a GitHub Classroom autograding workflow).
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "streamlab/grading/manifest.hpp"

namespace streamlab::grading {

/// How one graded test ended.
enum class Outcome {
  Passed,   ///< It ran and passed: full points.
  Failed,   ///< An assertion failed.
  Crashed,  ///< The process died (a signal, an abort).
  Timeout,  ///< It ran past its time limit.
  NotRun,   ///< It was not built, or filtered out.
};

/// The word a report uses for `outcome` (`passed`, `failed`, `crashed`, `timeout`, `not run`).
std::string outcome_name(Outcome outcome);

/// One row of the report.
struct Row {
  std::string test;                  ///< `Suite.Test`.
  std::string lab;                   ///< Two digits, or `??` when not in the manifest.
  int max_points{0};                 ///< What the test is worth.
  int points{0};                     ///< What it scored.
  Outcome outcome{Outcome::NotRun};  ///< How it ended.
  std::string message;               ///< The first failure line, empty when passed.
  std::string details;               ///< The whole first failure (several lines), empty when passed.
  std::string output;                ///< Everything the test printed (for `--verbose`).
  double seconds{0};                 ///< How long it ran.
  bool in_manifest{true};            ///< Whether the manifest knows it.
  bool hidden{false};                ///< Whether it is an instructor's hidden test.
};

/// Combines the manifest with what ran: every manifest test of `lab` (all labs when empty) gets
/// a row (missing ones are "not run", worth 0); tests that ran but are missing from the
/// manifest are listed with 0 points so the instructor notices.
std::vector<Row> score(const Manifest& manifest, const std::map<std::string, Row>& ran,
                       const std::string& lab);

/// The points scored.
int total_points(const std::vector<Row>& rows);
/// The points available.
int max_points(const std::vector<Row>& rows);

/// The score table for the terminal, per test, per lab and in total.
void print_table(std::ostream& out, const std::vector<Row>& rows);

/// The command that reruns one graded test alone, with its whole output.
std::string rerun_command(const std::string& build_dir, const std::string& test);

/// After the table: the first test that did not pass, its whole first failure and the command
/// that reruns it; with `verbose`, every such test with everything it printed.
/// `grade_command` is the `streamlab grade ...` line to suggest for `--verbose`.
void print_failures(std::ostream& out, const std::vector<Row>& rows, const std::string& build_dir,
                    bool verbose, const std::string& grade_command);
/// The report as JSON: score, max_score, per lab, per test.
nlohmann::json to_json(const std::vector<Row>& rows);
/// The report as JUnit XML, with points as properties.
void write_junit(std::ostream& out, const std::vector<Row>& rows);
/// A GitHub Classroom autograding workflow with one step per manifest test; hidden tests are
/// left out (they are not in the student's repository: the instructor's own run grades them).
void write_classroom(std::ostream& out, const std::vector<Row>& rows, const Manifest& manifest,
                     int timeout_seconds);

}  // namespace streamlab::grading
