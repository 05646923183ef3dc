// Placeholder: the `run` subcommand is being written.
#include <iostream>

#include "commands.hpp"

namespace streamlab::cli {

void add_run_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("run", "(not available yet)");
  cmd->callback([&exit_code] {
    std::cerr << "streamlab run: not available yet\n";
    exit_code = kFailure;
  });
}

}  // namespace streamlab::cli
