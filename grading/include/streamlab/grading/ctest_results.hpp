/// @file
/// Reading what ctest ran: its JUnit file, its failure reasons, a GoogleTest failure's first line.
///
/// ctest's own JUnit output carries no labels and no points, so the points of a test come from
/// the manifest by test name (see manifest.hpp).
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>

#include "streamlab/grading/report.hpp"

namespace streamlab::grading {

/// The first failure of a GoogleTest output: `file:line: <first explaining line>`, the
/// description of an exception that escaped the test, or the last line when there is neither.
std::string first_failure_line(const std::string& output);

/// The whole first failure of a GoogleTest output: from its `file:line: Failure` line up to the
/// next failure or the end of the test, file names without their directories, at most
/// `max_lines` lines. Empty when the output holds no GoogleTest failure.
std::string first_failure_block(const std::string& output, std::size_t max_lines = 40);

/// Reasons ctest prints after "The following tests FAILED:" (`  3 - Name (SEGFAULT)`), by test.
std::map<std::string, std::string> failure_reasons(const std::string& ctest_stdout);

/// Reads ctest's JUnit file into rows by test name (outcome, message, seconds; no points yet).
std::map<std::string, Row> parse_ctest_junit(const std::filesystem::path& file,
                                             const std::string& ctest_stdout);

}  // namespace streamlab::grading
