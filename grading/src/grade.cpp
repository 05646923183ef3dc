#include "streamlab/grading/grade.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "streamlab/grading/ctest_results.hpp"
#include "streamlab/grading/manifest.hpp"
#include "streamlab/grading/report.hpp"

namespace streamlab::grading {

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

void write_to(const std::string& file, const std::string& what, const auto& writer) {
  std::ofstream out(file);
  if (!out) throw std::runtime_error("cannot write the " + what + " to " + file);
  writer(out);
}

}  // namespace

GradeStatus run_grade(const GradeOptions& opt, std::ostream& out, std::ostream& err) {
  const auto lab = normalise_lab(opt.lab);
  if (!lab) {
    err << "streamlab grade: '" << opt.lab << "' is not a lab number (try 01 .. 05)\n";
    return GradeStatus::UsageError;
  }
  const fs::path build_dir = opt.build_dir;
  if (!fs::exists(build_dir / "CTestTestfile.cmake")) {
    err << "streamlab grade: " << build_dir.string()
        << " is not a configured build directory (no CTestTestfile.cmake); build first, "
           "for example `cmake --preset student && cmake --build --preset student`\n";
    return GradeStatus::NotRun;
  }
  std::vector<fs::path> manifest_files;
  for (const auto& m : opt.manifests) manifest_files.emplace_back(m);
  if (manifest_files.empty()) manifest_files = default_manifests(build_dir);
  if (manifest_files.empty()) {
    err << "streamlab grade: no points manifest in " << (build_dir / "grading").string()
        << " (pass --manifest FILE)\n";
    return GradeStatus::NotRun;
  }
  const auto manifest = load_manifests(manifest_files);

  const fs::path work = build_dir / "grading" / "last-run";
  fs::create_directories(work);
  const fs::path junit = work / "ctest-junit.xml";
  const fs::path log = work / "ctest-output.txt";
  fs::remove(junit);
  const std::string label = lab->empty() ? "^graded$" : "^lab" + *lab + "$";
  const std::string command = fmt::format(
      "{} --test-dir {} -L {} --timeout {} -j {} --no-tests=ignore --output-junit {} > {} 2>&1",
      shell_quote(opt.ctest), shell_quote(build_dir.string()), shell_quote(label), opt.timeout_seconds,
      opt.jobs, shell_quote(fs::absolute(junit).string()), shell_quote(log.string()));
  err << "streamlab grade: running " << (lab->empty() ? "every lab's" : "lab " + *lab + "'s")
      << " graded tests through ctest...\n";
  const int status = std::system(command.c_str());
  (void)status;  // ctest exits non-zero when a test fails: that is a grade, not an error.
  const std::string ctest_stdout = read_file(log);
  std::map<std::string, Row> ran;
  if (fs::exists(junit)) {
    ran = parse_ctest_junit(junit, ctest_stdout);
  } else {
    err << "streamlab grade: ctest wrote no results; its output:\n" << ctest_stdout;
    return GradeStatus::NotRun;
  }
  // A graded test can only be selected by label; drop unknown non-graded tests that slipped in.
  const auto rows = score(manifest, ran, *lab);

  print_table(out, rows);
  if (!opt.json_file.empty())
    write_to(opt.json_file, "JSON report",
             [&](std::ostream& file) { file << to_json(rows).dump(2) << '\n'; });
  if (!opt.junit_file.empty())
    write_to(opt.junit_file, "JUnit report", [&](std::ostream& file) { write_junit(file, rows); });
  if (!opt.classroom_file.empty())
    write_to(opt.classroom_file, "GitHub Classroom workflow",
             [&](std::ostream& file) { write_classroom(file, rows, manifest, opt.timeout_seconds); });
  return GradeStatus::Graded;
}

}  // namespace streamlab::grading
