// `streamlab gen`: writes a deterministic synthetic dataset as JSONL, one event at a time.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "commands.hpp"
#include "output_file.hpp"
#include "streamlab/generators/generator.hpp"
#include "streamlab/generators/shipped.hpp"
#include "streamlab/generators/writer.hpp"

namespace streamlab::cli {
namespace {

struct GenFlags {
  std::string kind;
  std::uint64_t events{0};
  std::uint64_t seed{1};
  std::string start;
  std::optional<double> rate;
  std::optional<std::size_t> keys;
  std::optional<double> profile_rate;
  double anomaly_rate{0.02};
  std::string output;
  std::string output_dir{"datasets"};
};

void report(const std::string& what, const datasets::WriteSummary& s) {
  std::cerr << fmt::format("streamlab gen: wrote {} events to {} ({} .. {}), FNV-1a-64 {:016x}\n", s.events,
                           what, s.events ? format_timestamp(s.first) : "-",
                           s.events ? format_timestamp(s.last) : "-", s.fnv1a64);
}

int write_shipped(const std::string& dir) {
  for (const auto& d : datasets::shipped_datasets()) {
    const auto path = std::filesystem::path(dir) / d.file;
    std::ofstream out(path, std::ios::binary);
    if (!out) {
      std::cerr << "streamlab gen: cannot write " << path.string() << '\n';
      return kFailure;
    }
    auto generator = datasets::make_generator(d.kind, d.options);
    report(path.string(), datasets::write_events(*generator, d.events, out));
    finish_output("--output-dir", path.string(), &out);
  }
  return kOk;
}

int run_gen(const GenFlags& f) {
  if (f.kind == "shipped") return write_shipped(f.output_dir);
  datasets::GeneratorOptions options;
  options.seed = f.seed;
  if (!f.start.empty()) {
    try {
      options.start = parse_timestamp(f.start);
    } catch (const std::invalid_argument& e) {
      std::cerr << "streamlab gen: --start: " << e.what() << '\n';
      return kUsage;
    }
  }
  options.rate = f.rate;
  options.keys = f.keys;
  options.profile_rate = f.profile_rate;
  options.anomaly_rate = f.anomaly_rate;
  std::unique_ptr<datasets::Generator> generator;
  try {
    generator = datasets::make_generator(f.kind, options);
  } catch (const std::invalid_argument& e) {
    std::cerr << "streamlab gen: " << e.what() << '\n';
    return kUsage;
  }
  if (f.output.empty() || f.output == "-") {
    std::ios::sync_with_stdio(false);
    const auto summary = datasets::write_events(*generator, f.events, std::cout);
    finish_output("--output", "-", &std::cout);
    report("stdout", summary);
    return kOk;
  }
  std::ofstream out(f.output, std::ios::binary);
  if (!out) {
    std::cerr << "streamlab gen: cannot write " << f.output << '\n';
    return kFailure;
  }
  const auto summary = datasets::write_events(*generator, f.events, out);
  finish_output("--output", f.output, &out);
  report(f.output, summary);
  return kOk;
}

}  // namespace

void add_gen_command(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<GenFlags>();
  auto* cmd =
      app.add_subcommand("gen", "Generate a deterministic synthetic dataset (JSONL, one event per line).");
  std::vector<std::string> kinds{"shipped"};
  for (auto k : datasets::generator_kinds()) kinds.emplace(kinds.end() - 1, k);
  cmd->add_option("kind", flags->kind,
                  "sales | clicks | profiles | orders | metrics | text, or `shipped` to write "
                  "every dataset shipped in datasets/ again")
      ->required()
      ->check(CLI::IsMember(kinds));
  cmd->add_option("--events,-n", flags->events, "Number of events to write")->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed,-s", flags->seed, "Seed: the same seed and flags give the same bytes")
      ->capture_default_str();
  cmd->add_option("--start", flags->start,
                  "Event time where the stream starts (default 2025-06-22T00:00:00Z)");
  cmd->add_option("--rate", flags->rate,
                  "Mean events per second over a day, outside bursts (defaults: sales 0.05, "
                  "clicks 0.05, profiles 0.01, orders 0.05, metrics keys/30, text 0.1)");
  cmd->add_option("--keys", flags->keys,
                  "Distinct keys: stores (sales, 12), users (clicks: an hour of clicks, at least "
                  "1000; profiles/orders 200), hosts (metrics: 8, or enough for --rate at 30 s)");
  cmd->add_option("--profile-rate", flags->profile_rate,
                  "orders: the --rate of the profiles changelog the orders refer to");
  cmd->add_option("--anomaly-rate", flags->anomaly_rate,
                  "metrics: share of readings that are labelled injected anomalies")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.5));
  cmd->add_option("--output,-o", flags->output, "Output file (default: standard output)");
  cmd->add_option("--output-dir", flags->output_dir, "shipped: directory to write into")
      ->capture_default_str();
  cmd->footer(
      "Example:\n"
      "  streamlab gen sales --events 1000000 --seed 7 --rate 50 --output sales-1m.jsonl\n"
      "  streamlab gen clicks --events 20 --seed 3 | head\n"
      "The same kind, seed and flags always write the same bytes; a summary with the FNV-1a-64\n"
      "hash of the output goes to standard error.");
  cmd->callback([flags, cmd, &exit_code] {
    if (flags->kind != "shipped" && cmd->count("--events") == 0) {
      std::cerr << "streamlab gen: --events is required (how many events to write)\n";
      exit_code = kUsage;
      return;
    }
    try {
      exit_code = run_gen(*flags);
    } catch (const std::runtime_error& e) {
      std::cerr << "streamlab gen: error: " << e.what() << '\n';
      exit_code = kFailure;
    }
  });
}

}  // namespace streamlab::cli
