// `streamlab grade`: runs the graded lab tests through ctest (one process per test, so a crash or a
// hang costs only that test), scores them from the points manifest and writes the report as a
// text table, JSON for a learning-management system, JUnit XML with points, and the steps of a
// GitHub Classroom autograding workflow.
//
// ctest's own JUnit output carries no labels and no points, so the points of a test come from the
// manifest(s) by test name: `<build>/grading/*.json`, copied there by tests/labs/CMakeLists.txt
// (and the hidden tests' manifest when STREAMLAB_HIDDEN_TESTS_DIR is set).
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"

namespace streamlab::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// One manifest entry: which lab a graded test belongs to and what it is worth.
struct ManifestEntry {
  std::string lab;
  int points{0};
  std::string rule;  // what the test checks, for the report
};

/// How one graded test ended.
enum class Outcome { kPassed, kFailed, kCrashed, kTimeout, kNotRun };

std::string outcome_name(Outcome o) {
  switch (o) {
    case Outcome::kPassed: return "passed";
    case Outcome::kFailed: return "failed";
    case Outcome::kCrashed: return "crashed";
    case Outcome::kTimeout: return "timeout";
    case Outcome::kNotRun: return "not run";
  }
  return "failed";
}

/// One row of the report.
struct Row {
  std::string test;
  std::string lab;
  int max_points{0};
  int points{0};
  Outcome outcome{Outcome::kNotRun};
  std::string message;  // the first failure line, empty when passed
  double seconds{0};
  bool in_manifest{true};
};

struct GradeOptions {
  std::string lab;
  std::string build_dir = ".";
  std::vector<std::string> manifests;
  std::string json_file;
  std::string junit_file;
  std::string classroom_file;
  std::string ctest = "ctest";
  int timeout_seconds = 120;
  int jobs = 1;
};

/// Normalises `1`, `01`, `lab01` to `01`; empty stays empty (all labs).
std::optional<std::string> normalise_lab(std::string text) {
  if (text.empty()) return std::string{};
  if (text.rfind("lab", 0) == 0) text = text.substr(3);
  if (text.empty() || text.size() > 2 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  if (text.size() == 1) text = "0" + text;
  return text;
}

std::map<std::string, ManifestEntry> load_manifests(const std::vector<fs::path>& files) {
  std::map<std::string, ManifestEntry> out;
  for (const fs::path& file : files) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read the points manifest " + file.string());
    json doc;
    try {
      doc = json::parse(in);
    } catch (const json::exception& e) {
      throw std::runtime_error("points manifest " + file.string() + ": " + e.what());
    }
    if (!doc.contains("tests") || !doc["tests"].is_object())
      throw std::runtime_error("points manifest " + file.string() + ": no \"tests\" object");
    for (const auto& [name, entry] : doc["tests"].items()) {
      if (!entry.contains("points") || !entry["points"].is_number_integer() ||
          !entry.contains("lab") || !entry["lab"].is_string())
        throw std::runtime_error("points manifest " + file.string() + ": test '" + name +
                                 "' needs an integer \"points\" and a string \"lab\"");
      out[name] = ManifestEntry{entry["lab"].get<std::string>(), entry["points"].get<int>(),
                                entry.value("rule", std::string{})};
    }
  }
  return out;
}

std::vector<fs::path> default_manifests(const fs::path& build_dir) {
  std::vector<fs::path> files;
  const fs::path dir = build_dir / "grading";
  if (fs::is_directory(dir)) {
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

/// The first failure line of a GoogleTest output: `file:line: <first explaining line>`.
std::string first_failure_line(const std::string& output) {
  std::istringstream in(output);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  // `file:line: Failure`, or `unknown file: Failure` for an exception thrown in the test body.
  static const std::regex failure_re(R"(^(.*?)(?::(\d+))?: Failure\s*$)");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::smatch m;
    if (!std::regex_match(lines[i], m, failure_re)) continue;
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
    static const std::regex exception_re(R"re(C\+\+ exception with description "(.*)" thrown in .*)re");
    std::smatch e;
    std::string msg = std::regex_match(what, e, exception_re) ? "exception: " + e[1].str()
                                                                : where + ": " + what;
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

/// Reasons ctest prints after "The following tests FAILED:" (`  3 - Name (SEGFAULT)`).
std::map<std::string, std::string> failure_reasons(const std::string& ctest_stdout) {
  std::map<std::string, std::string> out;
  static const std::regex line_re(R"(^\s*\d+ - (\S+) \((.+)\)\s*$)");
  std::istringstream in(ctest_stdout);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, line_re)) out[m[1].str()] = m[2].str();
  }
  return out;
}

/// Reads ctest's JUnit file into outcomes by test name.
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
    if (status == "run") {
      row.outcome = Outcome::kPassed;
    } else if (status == "notrun" || status == "disabled") {
      row.outcome = Outcome::kNotRun;
      row.message = "not run (the test executable was not built?)";
    } else {
      const auto reason = reasons.find(row.test);
      const std::string why = reason == reasons.end() ? "Failed" : reason->second;
      if (why == "Timeout") {
        row.outcome = Outcome::kTimeout;
        row.message = fmt::format("timed out after {:.0f} s (a hang or an endless loop?)", row.seconds);
      } else if (why == "Failed") {
        row.outcome = Outcome::kFailed;
        row.message = first_failure_line(output);
      } else if (why == "Not Run") {
        row.outcome = Outcome::kNotRun;
        row.message = "not run (the test executable was not built?)";
      } else {
        row.outcome = Outcome::kCrashed;
        row.message = "crashed (" + why + ")";
      }
    }
    rows[row.test] = row;
  }
  return rows;
}

/// Combines the manifest with what ran: every manifest test of the selected lab gets a row
/// (missing ones are "not run", worth 0); graded tests missing from the manifest are listed with
/// 0 points so the instructor notices.
std::vector<Row> score(const std::map<std::string, ManifestEntry>& manifest,
                       const std::map<std::string, Row>& ran, const std::string& lab) {
  std::vector<Row> rows;
  for (const auto& [name, entry] : manifest) {
    if (!lab.empty() && entry.lab != lab) continue;
    Row row;
    const auto it = ran.find(name);
    if (it != ran.end()) {
      row = it->second;
    } else {
      row.test = name;
      row.outcome = Outcome::kNotRun;
      row.message = "not run (not built, or filtered out)";
    }
    row.lab = entry.lab;
    row.max_points = entry.points;
    row.points = row.outcome == Outcome::kPassed ? entry.points : 0;
    rows.push_back(row);
  }
  for (const auto& [name, r] : ran) {
    if (manifest.count(name)) continue;
    Row row = r;
    row.in_manifest = false;
    row.lab = "??";
    if (row.message.empty()) row.message = "not in the points manifest: worth 0";
    rows.push_back(row);
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.lab < b.lab; });
  return rows;
}

int total_points(const std::vector<Row>& rows) {
  int sum = 0;
  for (const Row& r : rows) sum += r.points;
  return sum;
}

int max_points(const std::vector<Row>& rows) {
  int sum = 0;
  for (const Row& r : rows) sum += r.max_points;
  return sum;
}

void print_table(std::ostream& out, const std::vector<Row>& rows) {
  std::size_t width = 4;
  for (const Row& r : rows) width = std::max(width, r.test.size());
  out << fmt::format("{:<5} {:<{}} {:>6}  {:<8} {}\n", "lab", "test", width, "points", "result",
                     "first failure");
  std::string current_lab;
  for (const Row& r : rows) {
    out << fmt::format("{:<5} {:<{}} {:>6}  {:<8} {}\n", r.lab, r.test, width,
                       fmt::format("{}/{}", r.points, r.max_points), outcome_name(r.outcome),
                       r.message);
  }
  std::map<std::string, std::pair<int, int>> per_lab;
  for (const Row& r : rows) {
    per_lab[r.lab].first += r.points;
    per_lab[r.lab].second += r.max_points;
  }
  out << "\n";
  for (const auto& [lab, pts] : per_lab)
    out << fmt::format("lab {:<3} {:>4} / {}\n", lab, pts.first, pts.second);
  out << fmt::format("TOTAL   {:>4} / {}\n", total_points(rows), max_points(rows));
}

json to_json(const std::vector<Row>& rows) {
  json doc;
  doc["score"] = total_points(rows);
  doc["max_score"] = max_points(rows);
  json labs = json::object();
  json tests = json::array();
  for (const Row& r : rows) {
    if (!labs.contains(r.lab)) labs[r.lab] = {{"score", 0}, {"max_score", 0}};
    auto& lab = labs[r.lab];
    lab["score"] = lab["score"].get<int>() + r.points;
    lab["max_score"] = lab["max_score"].get<int>() + r.max_points;
    tests.push_back({{"name", r.test},
                     {"lab", r.lab},
                     {"points", r.points},
                     {"max_points", r.max_points},
                     {"result", outcome_name(r.outcome)},
                     {"message", r.message},
                     {"seconds", r.seconds},
                     {"in_manifest", r.in_manifest}});
  }
  doc["labs"] = labs;
  doc["tests"] = tests;
  return doc;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') break;
        out += c;
    }
  }
  return out;
}

void write_junit(std::ostream& out, const std::vector<Row>& rows) {
  int failures = 0;
  int skipped = 0;
  for (const Row& r : rows) {
    if (r.outcome == Outcome::kNotRun) ++skipped;
    else if (r.outcome != Outcome::kPassed) ++failures;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format(
      "<testsuite name=\"streamlab-grade\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">\n",
      rows.size(), failures, skipped);
  out << "  <properties>\n";
  out << fmt::format("    <property name=\"score\" value=\"{}\"/>\n", total_points(rows));
  out << fmt::format("    <property name=\"max_score\" value=\"{}\"/>\n", max_points(rows));
  out << "  </properties>\n";
  for (const Row& r : rows) {
    out << fmt::format("  <testcase name=\"{}\" classname=\"lab{}\" time=\"{:.3f}\">\n",
                       xml_escape(r.test), xml_escape(r.lab), r.seconds);
    out << "    <properties>\n";
    out << fmt::format("      <property name=\"points\" value=\"{}\"/>\n", r.points);
    out << fmt::format("      <property name=\"max_points\" value=\"{}\"/>\n", r.max_points);
    out << "    </properties>\n";
    if (r.outcome == Outcome::kNotRun) {
      out << fmt::format("    <skipped message=\"{}\"/>\n", xml_escape(r.message));
    } else if (r.outcome != Outcome::kPassed) {
      out << fmt::format("    <failure type=\"{}\" message=\"{}\"/>\n",
                         xml_escape(outcome_name(r.outcome)), xml_escape(r.message));
    }
    out << "  </testcase>\n";
  }
  out << "</testsuite>\n";
}

/// A GitHub Classroom step id: lower case letters, digits and dashes.
std::string step_id(const std::string& test) {
  std::string id;
  for (char c : test) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) id += static_cast<char>(std::tolower(u));
    else if (!id.empty() && id.back() != '-') id += '-';
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id;
}

/// ctest's -R takes a regular expression: escape the dots of `Suite.Name`.
std::string regex_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::string_view(".^$|()[]{}*+?\\").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

/// The autograding workflow (classroom-resources/autograding-command-grader, one step per test).
void write_classroom(std::ostream& out, const std::vector<Row>& rows,
                     const std::map<std::string, ManifestEntry>& manifest, int timeout_seconds) {
  out << "# GitHub Classroom autograding for StreamLab, written by `streamlab grade "
         "--github-classroom`.\n"
         "# Save as .github/workflows/classroom.yml in the assignment's template repository.\n"
         "name: Autograding Tests\n"
         "'on':\n- push\n- repository_dispatch\n"
         "permissions:\n  checks: write\n  actions: read\n  contents: read\n"
         "jobs:\n  run-autograding-tests:\n    runs-on: ubuntu-latest\n"
         "    if: github.actor != 'github-classroom[bot]'\n"
         "    steps:\n"
         "    - name: Checkout code\n      uses: actions/checkout@v4\n"
         "    - name: Build the student preset\n"
         "      run: ./dev.sh setup && cmake --preset student && cmake --build --preset student\n";
  const int minutes = std::max(1, (timeout_seconds + 59) / 60);
  std::vector<std::string> ids;
  for (const Row& r : rows) {
    if (!manifest.count(r.test)) continue;
    const std::string id = step_id(r.test);
    ids.push_back(id);
    out << fmt::format("    - name: {}\n", r.test);
    out << fmt::format("      id: {}\n", id);
    out << "      uses: classroom-resources/autograding-command-grader@v1\n";
    out << "      with:\n";
    out << fmt::format("        test-name: {}\n", r.test);
    out << "        setup-command: ''\n";
    out << fmt::format("        command: ctest --test-dir build/student -R '^{}$' --output-on-failure "
                       "--no-tests=error\n",
                       regex_escape(r.test));
    out << fmt::format("        timeout: {}\n", minutes);
    out << fmt::format("        max-score: {}\n", r.max_points);
  }
  out << "    - name: Autograding Reporter\n"
         "      uses: classroom-resources/autograding-grading-reporter@v1\n"
         "      env:\n";
  for (const std::string& id : ids) {
    std::string var = id;
    std::transform(var.begin(), var.end(), var.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    out << fmt::format("        {}_RESULTS: \"${{{{steps.{}.outputs.result}}}}\"\n", var, id);
  }
  out << "      with:\n";
  std::string runners;
  for (const std::string& id : ids) runners += (runners.empty() ? "" : ",") + id;
  out << fmt::format("        runners: {}\n", runners);
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

void write_to(const std::string& file, const std::string& what, const auto& writer) {
  std::ofstream out(file);
  if (!out) throw std::runtime_error("cannot write the " + what + " to " + file);
  writer(out);
}

int run_grade(const GradeOptions& opt) {
  const auto lab = normalise_lab(opt.lab);
  if (!lab) {
    std::cerr << "streamlab grade: '" << opt.lab << "' is not a lab number (try 01 .. 05)\n";
    return kUsage;
  }
  const fs::path build_dir = opt.build_dir;
  if (!fs::exists(build_dir / "CTestTestfile.cmake")) {
    std::cerr << "streamlab grade: " << build_dir.string()
              << " is not a configured build directory (no CTestTestfile.cmake); build first, "
                 "for example `cmake --preset student && cmake --build --preset student`\n";
    return kFailure;
  }
  std::vector<fs::path> manifest_files;
  for (const auto& m : opt.manifests) manifest_files.emplace_back(m);
  if (manifest_files.empty()) manifest_files = default_manifests(build_dir);
  if (manifest_files.empty()) {
    std::cerr << "streamlab grade: no points manifest in " << (build_dir / "grading").string()
              << " (pass --manifest FILE)\n";
    return kFailure;
  }
  const auto manifest = load_manifests(manifest_files);

  const fs::path work = build_dir / "grading" / "last-run";
  fs::create_directories(work);
  const fs::path junit = work / "ctest-junit.xml";
  const fs::path log = work / "ctest-output.txt";
  fs::remove(junit);
  const std::string label = lab->empty() ? "^graded$" : "^lab" + *lab + "$";
  const std::string command =
      fmt::format("{} --test-dir {} -L {} --timeout {} -j {} --no-tests=ignore --output-junit {} > {} 2>&1",
                  shell_quote(opt.ctest), shell_quote(build_dir.string()), shell_quote(label),
                  opt.timeout_seconds, opt.jobs, shell_quote(fs::absolute(junit).string()),
                  shell_quote(log.string()));
  std::cerr << "streamlab grade: running " << (lab->empty() ? "every lab's" : "lab " + *lab + "'s")
            << " graded tests through ctest...\n";
  const int status = std::system(command.c_str());
  (void)status;  // ctest exits non-zero when a test fails: that is a grade, not an error.
  const std::string ctest_stdout = read_file(log);
  std::map<std::string, Row> ran;
  if (fs::exists(junit)) {
    ran = parse_ctest_junit(junit, ctest_stdout);
  } else {
    std::cerr << "streamlab grade: ctest wrote no results; its output:\n" << ctest_stdout;
    return kFailure;
  }
  // A graded test can only be selected by label; drop unknown non-graded tests that slipped in.
  const auto rows = score(manifest, ran, *lab);

  print_table(std::cout, rows);
  if (!opt.json_file.empty())
    write_to(opt.json_file, "JSON report", [&](std::ostream& out) { out << to_json(rows).dump(2) << '\n'; });
  if (!opt.junit_file.empty())
    write_to(opt.junit_file, "JUnit report", [&](std::ostream& out) { write_junit(out, rows); });
  if (!opt.classroom_file.empty())
    write_to(opt.classroom_file, "GitHub Classroom workflow",
             [&](std::ostream& out) { write_classroom(out, rows, manifest, opt.timeout_seconds); });
  return kOk;
}

}  // namespace

void add_grade_command(CLI::App& app, int& exit_code) {
  auto opt = std::make_shared<GradeOptions>();
  auto* cmd = app.add_subcommand(
      "grade", "Run the graded lab tests (crash- and hang-isolated) and print the score.");
  cmd->add_option("lab", opt->lab, "Grade only this lab (01 .. 05); all labs when omitted");
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
  cmd->footer(
      "Example:\n"
      "  cmake --preset student && cmake --build --preset student\n"
      "  streamlab grade 02 --build-dir build/student --json grade.json --junit grade.xml\n"
      "The total is the sum of the points of the passed tests; a test that crashes, hangs or was\n"
      "not built scores 0. Exit status: 0 when the report was written (whatever the score),\n"
      "1 when the tests could not be run, 2 on a usage error.");
  cmd->callback([opt, &exit_code] {
    try {
      exit_code = run_grade(*opt);
    } catch (const std::exception& e) {
      std::cerr << "streamlab grade: " << e.what() << '\n';
      exit_code = kFailure;
    }
  });
}

}  // namespace streamlab::cli
