// Placeholder: the `gen` subcommand is being written.
#include <iostream>

#include "commands.hpp"

namespace streamlab::cli {

void add_gen_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("gen", "(not available yet)");
  cmd->callback([&exit_code] {
    std::cerr << "streamlab gen: not available yet\n";
    exit_code = kFailure;
  });
}

}  // namespace streamlab::cli
