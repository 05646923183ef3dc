// The `streamlab` subcommands. Each file adds one subcommand to the application; its callback
// does the work through library calls and stores the process exit status in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace streamlab::cli {

// Exit statuses shared by every subcommand.
inline constexpr int kOk = 0;       ///< The run completed (late records and dead letters are not failures).
inline constexpr int kFailure = 1;  ///< The run could not complete: unreadable file, broker unreachable, ...
inline constexpr int kUsage = 2;    ///< A flag was missing, unknown or malformed.

void add_window_command(CLI::App& app, int& exit_code);
void add_trace_command(CLI::App& app, int& exit_code);
void add_join_command(CLI::App& app, int& exit_code);
void add_compare_command(CLI::App& app, int& exit_code);
void add_scenario_command(CLI::App& app, int& exit_code);
void add_gen_command(CLI::App& app, int& exit_code);
void add_replay_command(CLI::App& app, int& exit_code);
void add_run_command(CLI::App& app, int& exit_code);
void add_grade_command(CLI::App& app, int& exit_code);
void add_broker_command(CLI::App& app, int& exit_code);

}  // namespace streamlab::cli
