// The flags of a join: `streamlab join` declares them all, `streamlab trace` the join-only ones
// next to the flags it shares with `window` (input, fields, watermark, outputs). One translation
// into JoinJobOptions for both.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "streamlab/connectors/file/json_join_job.hpp"
#include "window_flags.hpp"

namespace streamlab::cli {

/// The raw flag values of a join.
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

/// Declares the flags only a join has (--mode, --type, --within, --grace, --history,
/// --unmatched-output) on `cmd`, storing them in `flags`.
inline void add_join_only_flags(CLI::App& cmd, JoinFlags& flags) {
  cmd.add_option("--mode", flags.mode,
                 "as-of-arrival (table row on arrival) | temporal (table version at the event time) | "
                 "window (stream-stream)")
      ->capture_default_str()
      ->check(parsing_validator("MODE", [](const std::string& v) { (void)parse_join_mode(v); }));
  cmd.add_option("--type", flags.type, "inner | left | outer (outer: window mode only)")
      ->capture_default_str()
      ->check(parsing_validator("TYPE", [](const std::string& v) { (void)parse_join_type(v); }));
  cmd.add_option("--within", flags.within, "window mode: pairs have |t_left - t_right| <= DUR")
      ->check(duration_validator(false));
  cmd.add_option("--grace", flags.grace,
                 "temporal: a record waits for the right watermark, at most until the largest left time "
                 "reaches t + DUR (default: no limit); window: records accepted DUR behind the watermark "
                 "(default 0s)")
      ->check(duration_validator(false));
  cmd.add_option("--history", flags.history,
                 "temporal: table versions kept DUR behind the table watermark (default: all)")
      ->check(duration_validator(false));
  cmd.add_option("--unmatched-output", flags.unmatched_output,
                 "write records that produced no result here (the original object plus \"$unmatched\")");
}

/// Translates validated flags into job options.
/// @throws std::invalid_argument naming the flag when flags contradict each other.
inline JoinJobOptions to_join_options(const JoinFlags& flags) {
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

}  // namespace streamlab::cli
