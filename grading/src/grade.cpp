#include "streamlab/grading/grade.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

/// Runs `command` (its output to `log`); returns whether it exited with 0.
bool run_logged(const std::string& command, const fs::path& log) {
  const int status = std::system((command + " > " + shell_quote(log.string()) + " 2>&1").c_str());
  return status == 0;
}

/// The executables a Ninja dry run of `graded` would still link: the out-of-date ones. A dry run
/// stops where CMake must re-run first (a build with CONFIGURE_DEPENDS globs always re-checks
/// them), and then cannot tell: `unknown` says so.
std::set<std::string> stale_executables(const GradeOptions& opt, const fs::path& work, bool& unknown) {
  const fs::path log = work / "build-dry-run.txt";
  run_logged(
      fmt::format("{} --build {} --target graded -- -n", shell_quote(opt.cmake), shell_quote(opt.build_dir)),
      log);
  std::set<std::string> out;
  static const std::regex kLinkRe(R"(Linking CXX executable (\S+))");
  const std::string text = read_file(log);
  unknown = text.find("Re-running CMake") != std::string::npos;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, kLinkRe)) out.insert(fs::path(m[1].str()).filename().string());
  }
  return out;
}

/// The executable behind each test ctest knows (`--show-only=json-v1`), by test name.
std::map<std::string, std::string> test_executables(const GradeOptions& opt, const fs::path& work) {
  const fs::path log = work / "ctest-tests.json";
  std::map<std::string, std::string> out;
  if (!run_logged(fmt::format("{} --test-dir {} --show-only=json-v1", shell_quote(opt.ctest),
                              shell_quote(opt.build_dir)),
                  log))
    return out;
  try {
    const auto doc = nlohmann::json::parse(read_file(log));
    for (const auto& t : doc.value("tests", nlohmann::json::array())) {
      if (!t.contains("command") || t["command"].empty()) continue;
      out[t.value("name", "")] = fs::path(t["command"][0].get<std::string>()).filename().string();
    }
  } catch (const nlohmann::json::exception&) {
    // An unreadable listing leaves the map empty: every test is then graded as built.
  }
  return out;
}

/// The first compiler error of a build log and the lines after it, for the report.
std::string first_build_error(const fs::path& log) {
  std::istringstream in(read_file(log));
  std::string out;
  int left = -1;
  for (std::string line; std::getline(in, line) && left != 0;) {
    if (left < 0 && line.find("error") == std::string::npos) continue;
    if (left < 0) left = 12;
    out += line + "\n";
    --left;
  }
  return out.empty() ? "the build failed (see " + log.string() + ")" : out;
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
    err << "streamlab grade: '" << opt.lab << "' is not a lab number (try 01 .. 06)\n";
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

  // A grade is of the code as it is now: build first (or refuse out-of-date tests). A directory
  // without a CMake cache (a bare ctest project) has nothing to build.
  std::set<std::string> stale;
  std::string build_error;
  if (fs::exists(build_dir / "CMakeCache.txt")) {
    const fs::path build_log = work / "build-output.txt";
    if (opt.build) {
      err << "streamlab grade: building the graded tests (" << opt.cmake << " --build " << build_dir.string()
          << " --target graded)...\n";
      const bool ninja = fs::exists(build_dir / "build.ninja");
      const bool built = run_logged(fmt::format("{} --build {} --target graded{}", shell_quote(opt.cmake),
                                                shell_quote(build_dir.string()), ninja ? " -- -k 0" : ""),
                                    build_log);
      if (!built) {
        build_error = first_build_error(build_log);
        err << "streamlab grade: the build failed; tests that could not be built score 0 (build log: "
            << build_log.string() << ")\n";
        // Which test executables are left out of date: build each on its own (an up-to-date one
        // is a no-op; one that depends on the error fails again).
        std::set<std::string> names;
        for (const auto& [test, exe] : test_executables(opt, work)) names.insert(exe);
        for (const auto& name : names) {
          if (!run_logged(fmt::format("{} --build {} --target {}", shell_quote(opt.cmake),
                                      shell_quote(build_dir.string()), shell_quote(name)),
                          work / ("build-" + name + ".txt")))
            stale.insert(name);
        }
        if (names.empty()) {
          err << "streamlab grade: cannot tell which tests the failed build left out of date; fix the build "
                 "first:\n"
              << build_error;
          return GradeStatus::NotRun;
        }
      }
    } else {
      bool unknown = false;
      stale = stale_executables(opt, work, unknown);
      if (unknown)
        err << "streamlab grade: --no-build: cannot tell whether the graded tests are up to date (the build "
               "re-checks its file globs first); grading them as they were built\n";
      if (!stale.empty()) {
        std::string names;
        for (const auto& e : stale) names += " " + e;
        err << "streamlab grade: out of date:" << names << "; build them first (" << opt.cmake << " --build "
            << build_dir.string() << " --target graded), or grade without --no-build\n";
        return GradeStatus::NotRun;
      }
    }
  }
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
  auto rows = score(manifest, ran, *lab);
  if (!stale.empty()) {
    const auto executables = test_executables(opt, work);
    for (Row& row : rows) {
      const auto exe = executables.find(row.test);
      if (exe == executables.end() || !stale.count(exe->second)) continue;
      row.outcome = Outcome::NotRun;
      row.points = 0;
      row.message = "not built: " + exe->second + " did not compile or link (see below)";
      row.details = build_error;
      row.output = build_error;
    }
  }

  print_table(out, rows);
  std::string again = "streamlab grade";
  if (!lab->empty()) again += " " + *lab;
  again += " --build-dir " + opt.build_dir;
  print_failures(out, rows, opt.build_dir, opt.verbose, again);
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
