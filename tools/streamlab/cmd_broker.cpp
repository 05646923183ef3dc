// Placeholder: the `broker` subcommand is being written.
#include <iostream>

#include "commands.hpp"

namespace streamlab::cli {

void add_broker_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("broker", "(not available yet)");
  cmd->callback([&exit_code] {
    std::cerr << "streamlab broker: not available yet\n";
    exit_code = kFailure;
  });
}

}  // namespace streamlab::cli
