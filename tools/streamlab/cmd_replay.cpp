// `streamlab replay`: plays a dataset through a disorder scenario against the wall clock, with a
// live view of the watermark and the windows. The pacing, view and targets live in
// streamlab::replay; this file only turns flags into those calls.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "commands.hpp"
#include "streamlab/error.hpp"
#include "streamlab/replay/live_view.hpp"
#include "streamlab/replay/paced_replay.hpp"
#include "streamlab/replay/replay_run.hpp"
#include "streamlab/replay/replay_target.hpp"
#include "streamlab/sim/apply_scenario.hpp"
#include "streamlab/sim/dataset.hpp"
#include "streamlab/sim/scenario.hpp"
#include "streamlab/sim/shipped_scenarios.hpp"

namespace streamlab::cli {
namespace {

struct ReplayFlags {
  std::string dataset;
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::string speed{"60"};
  std::string time_field{"time"};
  std::optional<std::string> key_field;
  bool plain{false};
};

// A scenario file, or the name of a shipped one (`late-arrivals`); empty means in order.
sim::Scenario scenario_from(const std::string& what) {
  if (what.empty()) {
    sim::Scenario in_order;
    in_order.name = "in-order";
    return in_order;
  }
  if (std::filesystem::exists(what)) return sim::load_scenario(what);
  if (auto shipped = sim::find_shipped_scenario(what)) return *shipped;
  throw std::invalid_argument("--scenario '" + what +
                              "' is neither a file nor a shipped scenario (see `streamlab scenario list`)");
}

int run_replay(const ReplayFlags& f) {
  replay::Speed speed;
  sim::Scenario scenario;
  try {
    speed = replay::parse_speed(f.speed);
    scenario = scenario_from(f.scenario);
  } catch (const InputError& e) {
    std::cerr << "streamlab replay: " << e.what() << '\n';
    return kUsage;
  } catch (const std::invalid_argument& e) {
    std::cerr << "streamlab replay: " << e.what() << '\n';
    return kUsage;
  }
  sim::DatasetOptions dataset_options;
  dataset_options.time_field = f.time_field;
  dataset_options.key_field = f.key_field;
  dataset_options.on_malformed = sim::OnMalformed::kDeadLetter;
  const sim::Dataset dataset = sim::load_dataset(f.dataset, dataset_options);
  for (const auto& letter : dataset.dead_letters)
    std::cerr << "streamlab replay: dead letter: " << letter.error.what() << '\n';
  const sim::ArrivalSequence sequence = sim::apply_scenario(dataset.records, scenario, f.seed);

  replay::WatermarkObserver target(sequence.watermark_delay);
  replay::TargetProgress extra;
  replay::ReplayRun run(sequence, target, speed);
  const bool ansi = !f.plain && ::isatty(STDOUT_FILENO) == 1;
  replay::LiveView view(
      std::cout, ansi,
      "replaying " + f.dataset + " (" + std::to_string(dataset.records.size()) + " events, " +
          std::to_string(dataset.dead_letters.size()) + " dead letters) through scenario '" +
          scenario.name + "' (seed " + std::to_string(sequence.seed) + ") at " +
          (speed.is_max() ? std::string("max speed") : f.speed + "x") + " into " + target.describe());
  replay::PacedOptions options;
  options.ansi = ansi;
  const auto status = replay::run_paced(run, view, options);
  (void)extra;
  (void)status;
  return kOk;
}

}  // namespace

void add_replay_command(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<ReplayFlags>();
  auto* cmd = app.add_subcommand(
      "replay", "Replay a dataset through a disorder scenario against the wall clock, live.");
  cmd->add_option("dataset", flags->dataset, "JSONL dataset, one event per line")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--scenario", flags->scenario,
                  "Scenario file or shipped scenario name (default: in order)");
  cmd->add_option("--seed", flags->seed, "Seed of the scenario's random choices (overrides its own)");
  cmd->add_option("--speed", flags->speed,
                  "Seconds of processing time per real second (60 = a minute per second), or max")
      ->capture_default_str();
  cmd->add_option("--time-field", flags->time_field, "Field holding the event time")
      ->capture_default_str();
  cmd->add_option("--key-field", flags->key_field, "Field holding the key (partitioning)");
  cmd->add_flag("--plain", flags->plain, "Plain progress lines instead of redrawing in place");
  cmd->footer(
      "Example:\n"
      "  streamlab replay datasets/sales.jsonl --scenario late-arrivals --speed 600\n"
      "Ctrl-C stops the replay cleanly and prints a summary.");
  cmd->callback([flags, &exit_code] { exit_code = run_replay(*flags); });
}

}  // namespace streamlab::cli
