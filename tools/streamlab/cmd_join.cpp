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
#include "window_flags.hpp"

namespace streamlab::cli {

namespace {

/// The raw flag values of `streamlab join`.
struct JoinFlags {
  std::string input;
  std::string output{"-"};
  std::string unmatched_output;
  std::string dead_letters;
  std::string time_field;
  std::string key_field;
  std::string mode{"as-of-arrival"};
  std::string type{"inner"};
  std::string within;
  std::string grace;
  std::string history;
  std::string watermark{"bounded:0s"};
};

/// Translates validated flags into job options.
/// @throws std::invalid_argument naming the flag when flags contradict each other.
JoinJobOptions to_join_options(const JoinFlags& flags) {
  JoinJobOptions o;
  o.input_name = flags.input;
  o.time_field = flags.time_field;
  o.key_field = flags.key_field;
  o.mode = parse_join_mode(flags.mode);
  o.type = parse_join_type(flags.type);
  if (!flags.within.empty()) o.within = parse_duration(flags.within);
  if (!flags.grace.empty()) o.grace = parse_duration(flags.grace);
  if (!flags.history.empty()) o.history = parse_duration(flags.history);
  o.watermark = parse_watermark_strategy(flags.watermark);
  validate_join_job(o);
  return o;
}

}  // namespace

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
  cmd->add_option("--mode", flags->mode,
                  "as-of-arrival (table row on arrival) | temporal (table version at the event time) | "
                  "window (stream-stream)")
      ->capture_default_str()
      ->check(parsing_validator("MODE", [](const std::string& v) { (void)parse_join_mode(v); }));
  cmd->add_option("--type", flags->type, "inner | left | outer (outer: window mode only)")
      ->capture_default_str()
      ->check(parsing_validator("TYPE", [](const std::string& v) { (void)parse_join_type(v); }));
  cmd->add_option("--within", flags->within, "window mode: pairs have |t_left - t_right| <= DUR")
      ->check(duration_validator(false));
  cmd->add_option("--grace", flags->grace,
                  "temporal: a record waits for the right watermark, at most until the largest left time "
                  "reaches t + DUR (default: no limit); window: records accepted DUR behind the watermark "
                  "(default 0s)")
      ->check(duration_validator(false));
  cmd->add_option("--history", flags->history,
                  "temporal: table versions kept DUR behind the table watermark (default: all)")
      ->check(duration_validator(false));
  cmd->add_option("--watermark", flags->watermark, "bounded:DELAY | manual (one watermark per side)")
      ->capture_default_str()
      ->check(parsing_validator("STRATEGY", [](const std::string& v) { (void)parse_watermark_strategy(v); }));
  cmd->add_option("--output", flags->output, "write one JSON line per result here, or - for stdout")
      ->capture_default_str();
  cmd->add_option("--unmatched-output", flags->unmatched_output,
                  "write records that produced no result here (the original object plus \"$unmatched\")");
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
