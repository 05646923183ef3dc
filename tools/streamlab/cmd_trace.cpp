// Placeholder: the `trace` subcommand is being written.
#include <iostream>

#include "commands.hpp"

namespace streamlab::cli {

void add_trace_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("trace", "(not available yet)");
  cmd->callback([&exit_code] {
    std::cerr << "streamlab trace: not available yet\n";
    exit_code = kFailure;
  });
}

}  // namespace streamlab::cli
