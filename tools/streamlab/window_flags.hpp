// The flags `streamlab window` and `streamlab trace` share, and their translation into a
// WindowJobOptions. Values are validated while parsing, so a bad one is a usage error naming
// its flag.
#pragma once

#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

#include "streamlab/connectors/file/json_window_job.hpp"
#include "streamlab/error.hpp"
#include "streamlab/text_input.hpp"

namespace streamlab::cli {

/// The raw flag values of a windowing command.
struct WindowFlags {
  std::string input;
  std::string output{"-"};
  std::string late_output;
  std::string dead_letters;
  std::string time_field;
  std::string key_field;
  std::string window;
  std::string agg{"count"};
  std::string watermark{"bounded:0s"};
  std::string allowed_lateness{"0s"};
  std::string emit{"final"};
  std::string trigger{"continuous"};
  std::string time_domain{"event"};
  std::string early_every;
  int partitions{1};
  std::string partition_field;
  std::string idle_timeout;
};

/// A CLI11 validator that accepts a value when `parse` does not throw std::invalid_argument.
inline CLI::Validator parsing_validator(const std::string& type,
                                        std::function<void(const std::string&)> parse) {
  return CLI::Validator(
      [parse = std::move(parse)](std::string& value) -> std::string {
        try {
          parse(value);
          return {};
        } catch (const std::invalid_argument& e) {
          return e.what();
        }
      },
      type);
}

/// A validator for a positive or zero duration such as 500ms, 30s, 10m, 1h.
inline CLI::Validator duration_validator(bool positive) {
  return parsing_validator("DUR", [positive](const std::string& v) {
    const Duration d = parse_duration(v);  // says whether the text is malformed or too long
    if (positive && d <= Duration{0}) throw std::invalid_argument("the duration must be positive");
  });
}

/// A validator for a field name: an empty one (`--key-field ''`) is a usage error, never a silent
/// "no field".
inline CLI::Validator field_name_validator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        return value.empty() ? "a field name must not be empty (leave the flag out instead)" : "";
      },
      "FIELD");
}

/// Declares the shared flags on `cmd`, storing them in `flags`.
inline void add_window_flags(CLI::App& cmd, WindowFlags& flags) {
  cmd.add_option("--input", flags.input, "JSONL input in arrival order, or - for stdin")->required();
  cmd.add_option("--late-output", flags.late_output,
                 "write dropped late events here (the original object plus \"$late\")");
  cmd.add_option("--dead-letters", flags.dead_letters,
                 "write bad input lines here ({\"line\", \"raw\", \"reason\"})");
  cmd.add_option("--time-field", flags.time_field,
                 "field with the event time: integer ms or ISO-8601 (required for event time)")
      ->check(field_name_validator());
  cmd.add_option("--key-field", flags.key_field, "field with the key (default: one null key)")
      ->check(field_name_validator());
  cmd.add_option("--window", flags.window, "tumbling:SIZE | hopping:SIZE,ADVANCE | session:GAP")
      ->required()
      ->check(parsing_validator("WINDOW", [](const std::string& v) { (void)parse_window_spec(v); }));
  cmd.add_option("--agg", flags.agg, "count | sum:FIELD | avg:FIELD | min:FIELD | max:FIELD")
      ->capture_default_str()
      ->check(parsing_validator("AGG", [](const std::string& v) { (void)parse_aggregation(v); }));
  cmd.add_option("--watermark", flags.watermark, "bounded:DELAY | manual")
      ->capture_default_str()
      ->check(parsing_validator("STRATEGY", [](const std::string& v) { (void)parse_watermark_strategy(v); }));
  cmd.add_option("--allowed-lateness", flags.allowed_lateness,
                 "keep fired windows this long for late events (grace)")
      ->capture_default_str()
      ->check(duration_validator(false));
  cmd.add_option("--emit", flags.emit, "final | update | complete")
      ->capture_default_str()
      ->check(parsing_validator("MODE", [](const std::string& v) { (void)parse_emit_mode(v); }));
  cmd.add_option("--trigger", flags.trigger, "continuous | micro-batch:DUR")
      ->capture_default_str()
      ->check(parsing_validator("TRIGGER", [](const std::string& v) { (void)parse_trigger(v); }));
  cmd.add_option("--time-domain", flags.time_domain, "event | processing")
      ->capture_default_str()
      ->check(parsing_validator("DOMAIN", [](const std::string& v) { (void)parse_time_domain(v); }));
  cmd.add_option("--early-every", flags.early_every,
                 "also emit EARLY panes of changed open windows every DUR of processing time")
      ->check(duration_validator(true));
  cmd.add_option("--partitions", flags.partitions,
                 "the input's partition count; each record names its partition in --partition-field, "
                 "and the watermark is the minimum over the partitions' watermarks")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd.add_option("--partition-field", flags.partition_field,
                 "field with the partition (0 to --partitions - 1) each record was produced to")
      ->check(field_name_validator());
  cmd.add_option("--idle-timeout", flags.idle_timeout,
                 "leave a partition with no record for DUR of processing time out of the watermark's "
                 "minimum until it delivers again (Flink's withIdleness)")
      ->check(duration_validator(true));
}

/// Translates validated flags into job options.
/// @throws std::invalid_argument naming the flag when flags contradict each other.
inline WindowJobOptions to_job_options(const WindowFlags& flags) {
  WindowJobOptions options;
  options.input_name = flags.input;
  options.time_field = flags.time_field;
  if (!flags.key_field.empty()) options.key_field = flags.key_field;
  options.aggregation = parse_aggregation(flags.agg);
  WindowOperatorConfig& config = options.config;
  config.window = parse_window_spec(flags.window);
  config.watermark = parse_watermark_strategy(flags.watermark);
  config.allowed_lateness = parse_duration(flags.allowed_lateness);
  config.emit = parse_emit_mode(flags.emit);
  config.trigger = parse_trigger(flags.trigger);
  config.time_domain = parse_time_domain(flags.time_domain);
  if (!flags.early_every.empty()) config.early_every = parse_duration(flags.early_every);
  if (flags.partitions > 1 && flags.partition_field.empty())
    throw std::invalid_argument("--partitions " + std::to_string(flags.partitions) +
                                " needs --partition-field: the field that names each record's partition");
  if (!flags.partition_field.empty()) {
    options.partition_field = flags.partition_field;
    config.partitions = static_cast<std::size_t>(flags.partitions);
  }
  if (!flags.idle_timeout.empty()) {
    if (flags.partition_field.empty())
      throw std::invalid_argument(
          "--idle-timeout needs --partitions and --partition-field: idleness leaves a partition out of the "
          "minimum over several");
    config.watermark = config.watermark.with_idleness(parse_duration(flags.idle_timeout));
  }
  if (config.time_domain == TimeDomain::Event && options.time_field.empty()) {
    throw std::invalid_argument(
        "--time-field is required for event-time windows (or use --time-domain processing)");
  }
  return options;
}

/// The job options of `flags`, or std::nullopt after printing the usage error for `command`.
inline std::optional<WindowJobOptions> job_options_or_usage_error(const std::string& command,
                                                                  const WindowFlags& flags) {
  try {
    return to_job_options(flags);
  } catch (const std::invalid_argument& e) {
    std::cerr << "streamlab " << command << ": error: " << e.what() << '\n';
    return std::nullopt;
  }
}

/// Opens `--input` (a path, or `-` for standard input) into `file`; nullptr after printing the
/// error for `command` when it is a directory or cannot be read.
inline std::istream* open_input(const std::string& command, const std::string& path, std::ifstream& file) {
  if (path == "-") return &std::cin;
  try {
    check_readable_file(path);
  } catch (const InputError& e) {
    std::cerr << "streamlab " << command << ": error: --input: " << e.what() << '\n';
    return nullptr;
  }
  file.open(path);
  if (!file) {
    std::cerr << "streamlab " << command << ": error: --input: cannot open '" << path << "'\n";
    return nullptr;
  }
  return &file;
}

}  // namespace streamlab::cli
