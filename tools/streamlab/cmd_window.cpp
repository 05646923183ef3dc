// Placeholder: the `window` subcommand is being written.
#include <iostream>

#include "commands.hpp"

namespace streamlab::cli {

void add_window_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("window", "(not available yet)");
  cmd->callback([&exit_code] {
    std::cerr << "streamlab window: not available yet\n";
    exit_code = kFailure;
  });
}

}  // namespace streamlab::cli
