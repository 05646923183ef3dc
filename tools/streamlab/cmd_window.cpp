// `streamlab window`: one windowed aggregation over a JSONL stream, as the semantics document
// defines it. Flags in, run_window_job() runs the job's topology on the Runtime, a summary goes to stderr.
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "commands.hpp"
#include "output_file.hpp"
#include "window_flags.hpp"

namespace streamlab::cli {

void add_window_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("window", "Run one windowed aggregation over a JSONL stream");
  auto flags = std::make_shared<WindowFlags>();
  add_window_flags(*cmd, *flags);
  cmd->add_option("--output", flags->output, "write one JSON line per pane here, or - for stdout")
      ->capture_default_str();
  cmd->footer(
      "Each pane is one line: {\"key\", \"window_start\", \"window_end\", \"value\", \"count\", \"pane\"}.\n"
      "Control lines: {\"$watermark\": T} raises the watermark, {\"$advance\": \"30s\"} advances\n"
      "processing time (it starts at the epoch). End of input fires every open window.\n\n"
      "Example:\n"
      "  streamlab window --input words.jsonl --time-field ts --key-field word \\\n"
      "      --window hopping:10m,5m --watermark bounded:10m --late-output late.jsonl");
  cmd->callback([flags, &exit_code] {
    auto parsed = job_options_or_usage_error("window", *flags);
    if (!parsed) {
      exit_code = kUsage;
      return;
    }
    WindowJobOptions options = std::move(*parsed);
    std::ifstream file;
    std::istream* input = open_input("window", flags->input, file);
    if (input == nullptr) {
      exit_code = kFailure;
      return;
    }
    std::unique_ptr<std::ofstream> results_file;
    std::unique_ptr<std::ofstream> late_file;
    std::unique_ptr<std::ofstream> dead_file;
    WindowJobOutputs outputs;
    outputs.diagnostics = &std::cerr;
    try {
      outputs.results = open_output(flags->output, results_file);
      outputs.late = open_output(flags->late_output, late_file);
      outputs.dead_letters = open_output(flags->dead_letters, dead_file);
    } catch (const std::runtime_error& e) {
      std::cerr << "streamlab window: error: " << e.what() << '\n';
      exit_code = kFailure;
      return;
    }
    try {
      const Accounting accounting = run_window_job(*input, options, outputs);
      finish_output("--output", flags->output, outputs.results);
      finish_output("--late-output", flags->late_output, outputs.late);
      finish_output("--dead-letters", flags->dead_letters, outputs.dead_letters);
      std::cerr << "streamlab window: " << describe_window_job(accounting) << '\n';
      exit_code = kOk;
    } catch (const InputError& e) {
      std::cerr << "streamlab window: error: --input: "
                << InputLocation{flags->input, e.where().line, ""}.describe() << ": " << e.reason() << '\n';
      exit_code = kFailure;
    } catch (const std::runtime_error& e) {
      std::cerr << "streamlab window: error: " << e.what() << '\n';
      exit_code = kFailure;
    }
  });
}

}  // namespace streamlab::cli
