// Placeholder: the `replay` subcommand is being written.
#include <iostream>

#include "commands.hpp"

namespace streamlab::cli {

void add_replay_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("replay", "(not available yet)");
  cmd->callback([&exit_code] {
    std::cerr << "streamlab replay: not available yet\n";
    exit_code = kFailure;
  });
}

}  // namespace streamlab::cli
