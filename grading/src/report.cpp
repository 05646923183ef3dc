#include "streamlab/grading/report.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace streamlab::grading {

using nlohmann::json;

std::string outcome_name(Outcome o) {
  switch (o) {
    case Outcome::Passed: return "passed";
    case Outcome::Failed: return "failed";
    case Outcome::Crashed: return "crashed";
    case Outcome::Timeout: return "timeout";
    case Outcome::NotRun: return "not run";
  }
  return "failed";
}

std::vector<Row> score(const Manifest& manifest, const std::map<std::string, Row>& ran,
                       const std::string& lab) {
  std::vector<Row> rows;
  for (const auto& [name, entry] : manifest) {
    if (!lab.empty() && entry.lab != lab) continue;
    Row row;
    const auto it = ran.find(name);
    if (it != ran.end()) {
      row = it->second;
    } else {
      row.test = name;
      row.outcome = Outcome::NotRun;
      row.message = "not run (not built, or filtered out)";
    }
    row.lab = entry.lab;
    row.hidden = entry.hidden;
    row.max_points = entry.points;
    row.points = row.outcome == Outcome::Passed ? entry.points : 0;
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
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.lab < b.lab; });
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

namespace {

/// ctest's -R takes a regular expression: escape the dots of `Suite.Name`.
std::string regex_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::string_view(".^$|()[]{}*+?\\").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

/// Indents every line of `text` by `pad`.
std::string indent(const std::string& text, const std::string& pad) {
  std::string out;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    out += pad + text.substr(begin, end - begin) + "\n";
    begin = end + 1;
  }
  return out;
}

}  // namespace

std::string rerun_command(const std::string& build_dir, const std::string& test) {
  return fmt::format("ctest --test-dir {} -R '^{}$' --output-on-failure", build_dir, regex_escape(test));
}

void print_failures(std::ostream& out, const std::vector<Row>& rows, const std::string& build_dir,
                    bool verbose, const std::string& grade_command) {
  std::vector<const Row*> failing;
  for (const Row& r : rows)
    if (r.outcome != Outcome::Passed) failing.push_back(&r);
  if (failing.empty()) return;
  const auto show = [&](const Row& r, bool everything) {
    out << fmt::format("\n{} {} (lab {}, {} point{}):\n", outcome_name(r.outcome), r.test, r.lab,
                       r.max_points, r.max_points == 1 ? "" : "s");
    const std::string& text =
        everything && !r.output.empty() ? r.output : (r.details.empty() ? r.message : r.details);
    out << indent(text, "  ");
    if (r.outcome != Outcome::NotRun) out << "  rerun it alone: " << rerun_command(build_dir, r.test) << "\n";
  };
  if (verbose) {
    for (const Row* r : failing) show(*r, true);
    return;
  }
  out << "\nFirst failure in full (" << failing.size() << " test" << (failing.size() == 1 ? "" : "s")
      << " did not pass):";
  show(*failing.front(), false);
  if (failing.size() > 1) out << "Every failure in full: " << grade_command << " --verbose\n";
}

void print_table(std::ostream& out, const std::vector<Row>& rows) {
  std::size_t width = 4;
  for (const Row& r : rows) width = std::max(width, r.test.size());
  out << fmt::format("{:<5} {:<{}} {:>6}  {:<8} {}\n", "lab", "test", width, "points", "result",
                     "first failure");
  std::string current_lab;
  for (const Row& r : rows) {
    out << fmt::format("{:<5} {:<{}} {:>6}  {:<8} {}\n", r.lab, r.test, width,
                       fmt::format("{}/{}", r.points, r.max_points), outcome_name(r.outcome), r.message);
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
                     {"in_manifest", r.in_manifest},
                     {"details", r.details}});
  }
  doc["labs"] = labs;
  doc["tests"] = tests;
  return doc;
}

namespace {

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

/// A GitHub Classroom step id: lower case letters, digits and dashes.
std::string step_id(const std::string& test) {
  std::string id;
  for (char c : test) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u))
      id += static_cast<char>(std::tolower(u));
    else if (!id.empty() && id.back() != '-')
      id += '-';
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id;
}

}  // namespace

void write_junit(std::ostream& out, const std::vector<Row>& rows) {
  int failures = 0;
  int skipped = 0;
  for (const Row& r : rows) {
    if (r.outcome == Outcome::NotRun)
      ++skipped;
    else if (r.outcome != Outcome::Passed)
      ++failures;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuite name=\"streamlab-grade\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">\n",
                     rows.size(), failures, skipped);
  out << "  <properties>\n";
  out << fmt::format("    <property name=\"score\" value=\"{}\"/>\n", total_points(rows));
  out << fmt::format("    <property name=\"max_score\" value=\"{}\"/>\n", max_points(rows));
  out << "  </properties>\n";
  for (const Row& r : rows) {
    out << fmt::format("  <testcase name=\"{}\" classname=\"lab{}\" time=\"{:.3f}\">\n", xml_escape(r.test),
                       xml_escape(r.lab), r.seconds);
    out << "    <properties>\n";
    out << fmt::format("      <property name=\"points\" value=\"{}\"/>\n", r.points);
    out << fmt::format("      <property name=\"max_points\" value=\"{}\"/>\n", r.max_points);
    out << "    </properties>\n";
    if (r.outcome == Outcome::NotRun) {
      out << fmt::format("    <skipped message=\"{}\"/>\n", xml_escape(r.message));
    } else if (r.outcome != Outcome::Passed) {
      out << fmt::format("    <failure type=\"{}\" message=\"{}\"/>\n", xml_escape(outcome_name(r.outcome)),
                         xml_escape(r.message));
    }
    out << "  </testcase>\n";
  }
  out << "</testsuite>\n";
}

/// The autograding workflow (classroom-resources/autograding-command-grader, one step per test).
void write_classroom(std::ostream& out, const std::vector<Row>& rows, const Manifest& manifest,
                     int timeout_seconds) {
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
  int hidden = 0;
  for (const Row& r : rows) {
    const auto entry = manifest.find(r.test);
    if (entry == manifest.end()) continue;
    if (entry->second.hidden) {
      ++hidden;
      continue;
    }
    const std::string id = step_id(r.test);
    ids.push_back(id);
    out << fmt::format("    - name: {}\n", r.test);
    out << fmt::format("      id: {}\n", id);
    out << "      uses: classroom-resources/autograding-command-grader@v1\n";
    out << "      with:\n";
    out << fmt::format("        test-name: {}\n", r.test);
    out << "        setup-command: ''\n";
    out << fmt::format(
        "        command: ctest --test-dir build/student -R '^{}$' --output-on-failure "
        "--no-tests=error\n",
        regex_escape(r.test));
    out << fmt::format("        timeout: {}\n", minutes);
    out << fmt::format("        max-score: {}\n", r.max_points);
  }
  if (hidden > 0)
    out << fmt::format(
        "    # {} hidden test(s) left out: they are not in the student's repository; the instructor's\n"
        "    # own `streamlab grade` run (configured with STREAMLAB_HIDDEN_TESTS_DIR) grades them.\n",
        hidden);
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

}  // namespace streamlab::grading
