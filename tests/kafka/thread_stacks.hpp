/// @file
/// Every thread's stack of the test process, for a test that finds its work stuck: the stacks say
/// where, where a CTest timeout would say only that the test ran too long.
#pragma once

#include <sys/prctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace streamlab::kafka::test {

/// The backtrace of every thread of this process (gdb's `thread apply all bt`, gdb attached from
/// a child process), or a line saying why there is none. gdb stops the whole process while it
/// reads, the caller included, so its output goes to a file, never through a pipe this process
/// would have to drain.
inline std::string thread_stacks() {
  if (std::system("command -v gdb >/dev/null 2>&1") != 0) return "(no stacks: gdb is not installed)";
  // Under Yama's ptrace_scope 1 only an ancestor may attach; this lets the child gdb attach too.
  (void)prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
  const auto file =
      std::filesystem::path(testing::TempDir()) / ("streamlab-stacks-" + std::to_string(::getpid()) + ".txt");
  const std::string command = "gdb -batch -nx -p " + std::to_string(::getpid()) +
                              " -ex 'set pagination off' -ex 'thread apply all bt' >'" + file.string() +
                              "' 2>&1 </dev/null";
  const int status = std::system(command.c_str());
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  in.close();
  std::filesystem::remove(file);
  if (text.str().empty()) return "(no stacks: gdb exited with status " + std::to_string(status) + ")";
  return text.str();
}

}  // namespace streamlab::kafka::test
