#include "streamlab/grading/ctest_results.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>
#include <vector>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <fmt/format.h>

namespace streamlab::grading {

namespace fs = std::filesystem;

namespace {

std::string trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

}  // namespace

std::string first_failure_line(const std::string& output) {
  std::istringstream in(output);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  // `file:line: Failure`, or `unknown file: Failure` for an exception thrown in the test body.
  static const std::regex kFailureRe(R"(^(.*?)(?::(\d+))?: Failure\s*$)");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::smatch m;
    if (!std::regex_match(lines[i], m, kFailureRe)) continue;
    std::string where = fs::path(m[1].str()).filename().string();
    if (m[2].matched) where += ":" + m[2].str();
    std::string what;
    for (std::size_t j = i + 1; j < lines.size() && j <= i + 4; ++j) {
      const std::string t = trim(lines[j]);
      if (t.empty() || t == "Failed") continue;
      if (!what.empty()) what += " ";
      what += t;
      if (t.back() != ':') break;  // "Expected equality of these values:" needs its operands
    }
    // An exception escaping the test body: its description is the message that matters.
    static const std::regex kExceptionRe(R"re(C\+\+ exception with description "(.*)" thrown in .*)re");
    std::smatch e;
    std::string msg =
        std::regex_match(what, e, kExceptionRe) ? "exception: " + e[1].str() : where + ": " + what;
    if (msg.size() > 200) msg = msg.substr(0, 197) + "...";
    return msg;
  }
  // No GoogleTest failure: the last non-empty line (an uncaught exception, a terminate message).
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    const std::string t = trim(*it);
    if (!t.empty()) return t.size() > 200 ? t.substr(0, 197) + "..." : t;
  }
  return "failed without output";
}

std::string first_failure_block(const std::string& output, std::size_t max_lines) {
  static const std::regex kFailureRe(R"(^(.*?)(?::(\d+))?: Failure\s*$)");
  std::istringstream in(output);
  std::vector<std::string> block;
  bool inside = false;
  std::size_t dropped = 0;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    const bool failure = std::regex_match(line, m, kFailureRe);
    if (inside && (failure || line.rfind("[  FAILED  ]", 0) == 0 || line.rfind("[       OK ]", 0) == 0))
      break;
    if (failure) {
      inside = true;
      line = fs::path(m[1].str()).filename().string() + (m[2].matched ? ":" + m[2].str() : "") + ": Failure";
    }
    if (!inside) continue;
    if (block.size() < max_lines)
      block.push_back(line);
    else
      ++dropped;
  }
  while (!block.empty() && trim(block.back()).empty()) block.pop_back();
  std::string out;
  for (const auto& line : block) out += line + "\n";
  if (dropped > 0) out += fmt::format("... ({} more lines)\n", dropped);
  return out;
}

std::map<std::string, std::string> failure_reasons(const std::string& ctest_stdout) {
  std::map<std::string, std::string> out;
  static const std::regex kLineRe(R"(^\s*\d+ - (\S+) \((.+)\)\s*$)");
  std::istringstream in(ctest_stdout);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, kLineRe)) out[m[1].str()] = m[2].str();
  }
  return out;
}

std::map<std::string, Row> parse_ctest_junit(const fs::path& file, const std::string& ctest_stdout) {
  namespace pt = boost::property_tree;
  pt::ptree tree;
  pt::read_xml(file.string(), tree);
  const auto reasons = failure_reasons(ctest_stdout);
  std::map<std::string, Row> rows;
  const auto suite = tree.get_child_optional("testsuite");
  if (!suite) return rows;
  for (const auto& [tag, node] : *suite) {
    if (tag != "testcase") continue;
    Row row;
    row.test = node.get<std::string>("<xmlattr>.name", "");
    row.seconds = node.get<double>("<xmlattr>.time", 0.0);
    const std::string status = node.get<std::string>("<xmlattr>.status", "");
    const std::string output = node.get<std::string>("system-out", "");
    row.output = output;
    if (status == "run") {
      row.outcome = Outcome::Passed;
    } else if (status == "notrun" || status == "disabled") {
      row.outcome = Outcome::NotRun;
      row.message = "not run (the test executable was not built?)";
    } else {
      const auto reason = reasons.find(row.test);
      const std::string why = reason == reasons.end() ? "Failed" : reason->second;
      if (why == "Timeout") {
        row.outcome = Outcome::Timeout;
        row.message = fmt::format("timed out after {:.0f} s (a hang or an endless loop?)", row.seconds);
      } else if (why == "Failed") {
        row.outcome = Outcome::Failed;
        row.message = first_failure_line(output);
        row.details = first_failure_block(output);
      } else if (why == "Not Run") {
        row.outcome = Outcome::NotRun;
        row.message = "not run (the test executable was not built?)";
      } else {
        row.outcome = Outcome::Crashed;
        row.message = "crashed (" + why + ")";
      }
    }
    rows[row.test] = row;
  }
  return rows;
}

}  // namespace streamlab::grading
