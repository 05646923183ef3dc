// Placeholder: the `scenario` subcommand is being written.
#include <iostream>

#include "commands.hpp"

namespace streamlab::cli {

void add_scenario_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("scenario", "(not available yet)");
  cmd->callback([&exit_code] {
    std::cerr << "streamlab scenario: not available yet\n";
    exit_code = kFailure;
  });
}

}  // namespace streamlab::cli
