// `streamlab`: one command for students, graders and instructors. Flags in, library calls,
// results out; the engine lives in the libraries.
#include <exception>
#include <iostream>

#include "commands.hpp"

int main(int argc, char** argv) {
  using namespace streamlab::cli;
  CLI::App app{"StreamLab: run labs, replay datasets and explore event-time windows.", "streamlab"};
  app.require_subcommand(1, 1);
  app.footer("Run `streamlab <command> --help` for a command's flags and an example.");
  int exit_code = kOk;
  add_window_command(app, exit_code);
  add_trace_command(app, exit_code);
  add_join_command(app, exit_code);
  add_compare_command(app, exit_code);
  add_scenario_command(app, exit_code);
  add_gen_command(app, exit_code);
  add_replay_command(app, exit_code);
  add_run_command(app, exit_code);
  add_grade_command(app, exit_code);
  add_broker_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  } catch (const std::exception& e) {
    std::cerr << "streamlab: error: " << e.what() << '\n';
    return kFailure;
  }
  return exit_code;
}
