// `streamlab trace`: the same run as `streamlab window`, explained event by event: arrival,
// event time, watermark before it, windows joined, fate, watermark moves and panes.
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "commands.hpp"
#include "window_flags.hpp"

namespace streamlab::cli {

void add_trace_command(CLI::App& app, int& exit_code) {
  auto* cmd =
      app.add_subcommand("trace", "Explain every event's fate in a windowed aggregation, as a timeline");
  auto flags = std::make_shared<WindowFlags>();
  auto format = std::make_shared<std::string>("text");
  add_window_flags(*cmd, *flags);
  cmd->add_option("--output", flags->output, "write the timeline here, or - for stdout")
      ->capture_default_str();
  cmd->add_option("--format", *format, "text (for the terminal) | json (one object per line)")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));
  cmd->footer(
      "Takes the same flags as `streamlab window`; panes appear in the timeline where they fire.\n\n"
      "Example:\n"
      "  streamlab trace --input words.jsonl --time-field ts --key-field word \\\n"
      "      --window tumbling:10m --watermark bounded:5m --format text");
  cmd->callback([flags, format, &exit_code] {
    auto parsed = job_options_or_usage_error("trace", *flags);
    if (!parsed) {
      exit_code = kUsage;
      return;
    }
    WindowJobOptions options = std::move(*parsed);
    std::ifstream file;
    std::istream* input = open_input("trace", flags->input, file);
    if (input == nullptr) {
      exit_code = kFailure;
      return;
    }
    std::ofstream trace_file;
    std::ofstream late_file;
    std::ofstream dead_file;
    WindowJobOutputs outputs;
    outputs.diagnostics = &std::cerr;
    outputs.trace_format = *format == "json" ? TraceFormat::Json : TraceFormat::Text;
    outputs.trace = &std::cout;
    const auto open = [&exit_code](std::ofstream& f, const std::string& path) {
      f.open(path);
      if (!f) {
        std::cerr << "streamlab trace: error: cannot open '" << path << "' for writing\n";
        exit_code = kFailure;
        return false;
      }
      return true;
    };
    if (flags->output != "-") {
      if (!open(trace_file, flags->output)) return;
      outputs.trace = &trace_file;
    }
    if (!flags->late_output.empty()) {
      if (!open(late_file, flags->late_output)) return;
      outputs.late = &late_file;
    }
    if (!flags->dead_letters.empty()) {
      if (!open(dead_file, flags->dead_letters)) return;
      outputs.dead_letters = &dead_file;
    }
    const Accounting accounting = run_window_job(*input, options, outputs);
    std::cout.flush();
    std::cerr << "streamlab trace: " << describe_window_job(accounting) << '\n';
    exit_code = kOk;
  });
}

}  // namespace streamlab::cli
