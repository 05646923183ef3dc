// `streamlab join`: one join over a JSONL stream whose lines name their side, as the semantics
// document defines it. Flags in, run_join_job() runs the job's topology on the Runtime, a
// per-side accounting summary goes to stderr.
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "commands.hpp"
#include "output_file.hpp"
#include "streamlab/connectors/file/json_join_job.hpp"
#include "join_flags.hpp"
#include "window_flags.hpp"

namespace streamlab::cli {

void add_join_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("join", "Run one join (stream-table or stream-stream) over a JSONL stream");
  auto flags = std::make_shared<JoinFlags>();
  cmd->add_option(
         "--input", flags->input,
         "JSONL input in arrival order, or - for stdin; each line has \"$source\": \"left\" or \"right\"")
      ->required();
  cmd->add_option("--key-field", flags->key_field, "field with the join key")->required();
  cmd->add_option("--time-field", flags->time_field, "field with the event time: integer ms or ISO-8601")
      ->required();
  cmd->add_option("--watermark", flags->watermark, "bounded:DELAY | manual (one watermark per side)")
      ->capture_default_str()
      ->check(parsing_validator("STRATEGY", [](const std::string& v) { (void)parse_watermark_strategy(v); }));
  cmd->add_option("--output", flags->output, "write one JSON line per result here, or - for stdout")
      ->capture_default_str();
  add_join_only_flags(*cmd, *flags);
  cmd->add_option("--dead-letters", flags->dead_letters,
                  "write bad input lines here ({\"line\", \"raw\", \"reason\", \"field\"})");
  cmd->footer(
      "Each result is one line: {\"key\", \"time\", \"left\", \"right\", \"right_time\"}, in the order\n"
      "results are released. Control lines: {\"$watermark\": T} raises both sides' watermarks,\n"
      "{\"$advance\": \"30s\"} advances processing time. End of input releases everything.\n\n"
      "Example:\n"
      "  streamlab join --input clicks-and-profiles.jsonl --key-field user --time-field ts \\\n"
      "      --mode temporal --type left --grace 5m --watermark bounded:1m");
  cmd->callback([flags, &exit_code] {
    std::optional<JoinJobOptions> options;
    try {
      options = to_join_options(*flags);
    } catch (const std::invalid_argument& e) {
      std::cerr << "streamlab join: error: " << e.what() << '\n';
      exit_code = kUsage;
      return;
    }
    std::ifstream file;
    std::istream* input = open_input("join", flags->input, file);
    if (input == nullptr) {
      exit_code = kFailure;
      return;
    }
    std::unique_ptr<std::ofstream> results_file;
    std::unique_ptr<std::ofstream> unmatched_file;
    std::unique_ptr<std::ofstream> dead_file;
    JoinJobOutputs outputs;
    outputs.diagnostics = &std::cerr;
    try {
      outputs.results = open_output(flags->output, results_file);
      outputs.unmatched = open_output(flags->unmatched_output, unmatched_file);
      outputs.dead_letters = open_output(flags->dead_letters, dead_file);
    } catch (const std::runtime_error& e) {
      std::cerr << "streamlab join: error: " << e.what() << '\n';
      exit_code = kFailure;
      return;
    }
    const JoinJobSummary summary = run_join_job(*input, *options, outputs);
    std::cout.flush();
    std::cerr << "streamlab join: " << describe_join_job(summary) << '\n';
    exit_code = kOk;
  });
}

}  // namespace streamlab::cli
