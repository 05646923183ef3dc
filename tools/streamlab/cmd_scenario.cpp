// `streamlab scenario`: apply a disorder scenario to a dataset and print the arrival sequence as
// replayable JSONL; list and show the shipped scenarios.
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "output_file.hpp"
#include "window_flags.hpp"
#include "streamlab/error.hpp"
#include "streamlab/sim/apply_scenario.hpp"
#include "streamlab/sim/dataset.hpp"
#include "streamlab/sim/replay_export.hpp"
#include "streamlab/sim/scenario.hpp"
#include "streamlab/sim/shipped_scenarios.hpp"
#include "streamlab/text_input.hpp"

namespace streamlab::cli {
namespace {

struct ApplyFlags {
  std::string dataset;
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::string time_field{"time"};
  std::string key_field;
  std::string output{"-"};
  std::string dead_letters;
  bool watermarks{false};
};

std::string shipped_names() {
  std::string names;
  for (const auto& s : sim::shipped_scenarios()) names += (names.empty() ? "" : ", ") + std::string(s.name);
  return names;
}

void write_dead_letters(const std::string& file, const sim::Dataset& dataset) {
  std::ofstream out(file, std::ios::binary);
  if (!out) throw InputError(InputLocation{file, 0, ""}, "cannot write the dead-letter file");
  for (const auto& d : dataset.dead_letters) {
    nlohmann::json line{{"source", d.error.where().source},
                        {"line", d.error.where().line},
                        {"field", d.error.where().field},
                        {"reason", d.error.reason()},
                        {"input", d.line}};
    out << line.dump() << '\n';
  }
  finish_output("--dead-letters", file, &out);
}

int run_apply(const ApplyFlags& flags) {
  const sim::Scenario scenario = sim::resolve_scenario(flags.scenario);
  check_readable_file(flags.dataset);
  sim::DatasetOptions options;
  options.time_field = flags.time_field;
  if (!flags.key_field.empty()) options.key_field = flags.key_field;
  if (!flags.dead_letters.empty()) options.on_malformed = sim::OnMalformed::DeadLetter;
  const sim::Dataset dataset = sim::load_dataset(flags.dataset, options);
  if (!flags.dead_letters.empty()) write_dead_letters(flags.dead_letters, dataset);

  const auto sequence = sim::apply_scenario(dataset.records, scenario, flags.seed);
  sim::ExportOptions export_options;
  export_options.watermarks = flags.watermarks;
  if (flags.output == "-") {
    sim::write_arrivals_jsonl(std::cout, sequence, export_options);
    finish_output("--output", flags.output, &std::cout);
  } else {
    std::ofstream out(flags.output, std::ios::binary);
    if (!out) throw InputError(InputLocation{flags.output, 0, ""}, "cannot write the output file");
    sim::write_arrivals_jsonl(out, sequence, export_options);
    finish_output("--output", flags.output, &out);
  }
  const auto& st = sequence.stats;
  std::cerr << "scenario " << (scenario.name.empty() ? flags.scenario : scenario.name) << ", seed "
            << sequence.seed << ": " << st.events << " events -> " << st.arrivals << " arrivals ("
            << st.duplicates << " duplicates, " << st.late_injected << " held back beyond the "
            << "watermark, " << st.held_by_idle << " held by an idle partition, " << st.held_by_burst
            << " held into a burst), " << dataset.dead_letters.size() << " dead letters\n";
  return kOk;
}

// Runs `body`, turning bad input into exit status 1 with the file/line/field message.
template <typename Body>
int guarded(Body&& body) {
  try {
    return body();
  } catch (const InputError& e) {
    std::cerr << "streamlab scenario: " << e.what() << '\n';
    return kFailure;
  } catch (const std::exception& e) {
    std::cerr << "streamlab scenario: error: " << e.what() << '\n';
    return kFailure;
  }
}

}  // namespace

void add_scenario_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "scenario", "Apply a disorder scenario to a dataset; list and show the shipped scenarios.");
  cmd->require_subcommand(1, 1);

  auto flags = std::make_shared<ApplyFlags>();
  auto* apply = cmd->add_subcommand(
      "apply", "Print the arrival sequence of a dataset under a scenario as replayable JSONL.");
  apply->add_option("--dataset", flags->dataset, "JSONL events, one JSON object per line")->required();
  apply->add_option("--scenario", flags->scenario, "A scenario JSON file, or the name of a shipped scenario")
      ->required();
  apply->add_option("--seed", flags->seed, "Overrides the scenario's seed (0 to 2^64-1)")
      ->check(CLI::Validator(
          [](const std::string& text) {
            std::uint64_t value = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            return ec == std::errc{} && end == text.data() + text.size()
                       ? std::string{}
                       : "a seed is an integer from 0 to 18446744073709551615, not '" + text + "'";
          },
          "UINT64"));
  apply
      ->add_option("--time-field", flags->time_field, "Field holding the event time (integer ms or ISO-8601)")
      ->capture_default_str()
      ->check(field_name_validator());
  apply
      ->add_option("--key-field", flags->key_field,
                   "Field holding the key (partitioned with Kafka's murmur2); none = null keys")
      ->check(field_name_validator());
  apply->add_option("--output", flags->output, "Output file, or - for standard output")
      ->capture_default_str();
  apply->add_flag("--watermarks", flags->watermarks,
                  "Also write {\"$watermark\": T} lines: max event time seen - watermark_delay");
  apply->add_option("--dead-letters", flags->dead_letters,
                    "Write malformed dataset lines here (counted) instead of stopping at the first");
  apply->footer(
      "Example:\n"
      "  streamlab scenario apply --dataset datasets/sales.jsonl --scenario late-arrivals \\\n"
      "      --key-field store --seed 7 --output sales-late.jsonl\n"
      "Data lines are the dataset's lines, unmodified, in arrival order; {\"$advance\": \"DUR\"}\n"
      "lines move processing time, which starts at 0. Exit 1 on a malformed input file.");
  apply->callback([flags, &exit_code] { exit_code = guarded([&] { return run_apply(*flags); }); });

  auto* list = cmd->add_subcommand("list", "List the shipped scenarios with a one-line description.");
  list->footer("Example:\n  streamlab scenario list");
  list->callback([&exit_code] {
    exit_code = guarded([] {
      for (const auto& shipped : sim::shipped_scenarios()) {
        const auto s = sim::find_shipped_scenario(shipped.name);
        std::cout << shipped.name << std::string(shipped.name.size() < 16 ? 16 - shipped.name.size() : 1, ' ')
                  << s->description << '\n';
      }
      return static_cast<int>(kOk);
    });
  });

  auto name = std::make_shared<std::string>();
  auto* show = cmd->add_subcommand("show", "Print a shipped scenario's JSON file.");
  show->add_option("name", *name, "Scenario name, as `streamlab scenario list` prints it")->required();
  show->footer("Example:\n  streamlab scenario show classroom-demo");
  show->callback([name, &exit_code] {
    for (const auto& shipped : sim::shipped_scenarios()) {
      if (shipped.name == *name) {
        std::cout << shipped.text;
        if (!shipped.text.ends_with('\n')) std::cout << '\n';
        exit_code = kOk;
        return;
      }
    }
    std::cerr << "streamlab scenario show: no shipped scenario '" << *name
              << "' (shipped: " << shipped_names() << ")\n";
    exit_code = kUsage;
  });
}

}  // namespace streamlab::cli
