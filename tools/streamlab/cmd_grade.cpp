// Placeholder: the `grade` subcommand is being written.
#include <iostream>

#include "commands.hpp"

namespace streamlab::cli {

void add_grade_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("grade", "(not available yet)");
  cmd->callback([&exit_code] {
    std::cerr << "streamlab grade: not available yet\n";
    exit_code = kFailure;
  });
}

}  // namespace streamlab::cli
