// Runs the built `streamlab` binary as a subprocess on small files the test writes, and reads
// back its exit status, stdout, stderr and output files.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

#include <nlohmann/json.hpp>

namespace streamlab::test {

/// What one run of the command produced.
struct CliRun {
  int exit_code{-1};
  std::string out;
  std::string err;
};

/// A scratch directory per test under the build tree, with helpers to run the command there.
class CliFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(STREAMLAB_BINARY_DIR) / "cli-test-scratch" /
           (std::string(info->test_suite_name()) + "." + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }

  /// Writes `text` to a file in the scratch directory and returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  /// The path of a file in the scratch directory.
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  /// Reads a file of the scratch directory (empty when missing).
  static std::string read(const std::string& file) {
    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  /// Runs `streamlab ARGS...` (each argument quoted), optionally with `stdin_file` as input.
  CliRun run(const std::vector<std::string>& args, const std::string& stdin_file = "") const {
    std::string command = quote(STREAMLAB_CLI_BINARY);
    for (const auto& a : args) command += " " + quote(a);
    const std::string out = path("stdout.txt");
    const std::string err = path("stderr.txt");
    command += " >" + quote(out) + " 2>" + quote(err);
    command += " <" + quote(stdin_file.empty() ? "/dev/null" : stdin_file);
    const int status = std::system(command.c_str());
    CliRun r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read(out);
    r.err = read(err);
    return r;
  }

  /// Parses every non-empty line of `text` as JSON, keeping key order.
  static std::vector<nlohmann::ordered_json> lines(const std::string& text) {
    std::vector<nlohmann::ordered_json> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty()) out.push_back(nlohmann::ordered_json::parse(line));
    }
    return out;
  }

 private:
  static std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
      if (c == '\'')
        q += "'\\''";
      else
        q += c;
    }
    return q + "'";
  }

  std::filesystem::path dir_;
};

/// Runs xmllint (an independent XML parser) on `file` with `args`: its exit status and output.
inline CliRun xmllint(const std::string& args, const std::string& file) {
  const std::string command = "xmllint " + args + " '" + file + "' 2>&1";
  CliRun r;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return r;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe.get())) > 0) r.out.append(buffer, n);
  const int status = pclose(pipe.release());
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace streamlab::test
