// `streamlab compare`: one input, the same window flags, several engines side by side. StreamLab
// runs in-process (as `streamlab window`, traced so each pane names the arrival that fired it);
// each peer engine runs through `peers/peers.sh run` on a one-case manifest in a private
// temporary folder, bounded by a timeout. The report (compare_report.hpp) shows per key and
// window what each engine emitted and names the documented rule behind every difference.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <stdlib.h>

#include "commands.hpp"
#include "compare_report.hpp"
#include "output_file.hpp"
#include "peer_case.hpp"
#include "peer_engines.hpp"
#include "window_flags.hpp"

#ifndef STREAMLAB_PEERS_SCRIPT
#define STREAMLAB_PEERS_SCRIPT "peers/peers.sh"
#endif

namespace streamlab::cli {

namespace {

/// The engines `--engines` accepts, in the order they are shown by default.
const std::vector<std::string> kCompareEngines{"streamlab", "kafka-streams", "flink", "spark", "bytewax"};

/// The flags of `streamlab compare` beyond `streamlab window`'s.
struct CompareFlags {
  std::vector<std::string> engines;
  std::string format{"text"};
  std::string timeout{"5m"};
  std::string peers_script;
  std::string peers_dir;
};

/// A private temporary folder, removed with everything in it when the comparison ends.
class CompareScratchDir {
 public:
  CompareScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "streamlab-compare-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temporary folder");
    path_ = pattern;
  }
  CompareScratchDir(const CompareScratchDir&) = delete;
  CompareScratchDir& operator=(const CompareScratchDir&) = delete;
  CompareScratchDir(CompareScratchDir&&) = delete;
  CompareScratchDir& operator=(CompareScratchDir&&) = delete;
  ~CompareScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Copies the input (a file or standard input) to `copy`; false after printing why.
bool copy_compare_input(const std::string& input, const std::filesystem::path& copy) {
  std::ifstream file;
  std::istream* in = open_input("compare", input, file);
  if (in == nullptr) return false;
  std::ofstream out(copy);
  std::copy(std::istreambuf_iterator<char>(*in), std::istreambuf_iterator<char>(),
            std::ostreambuf_iterator<char>(out));
  out.flush();
  if (!out)
    std::cerr << "streamlab compare: error: cannot write the input's copy '" << copy.string() << "'\n";
  return static_cast<bool>(out);
}

// True when the input holds a `{"$watermark": T}` line.
bool has_watermark_line(const std::filesystem::path& input) {
  std::ifstream in(input);
  for (std::string line; std::getline(in, line);) {
    if (line.find("$watermark") == std::string::npos) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.size() == 1 && j.contains("$watermark")) return true;
  }
  return false;
}

// StreamLab's run, in-process; its late records are also written to `--late-output` if asked.
EngineRun run_streamlab_engine(const WindowJobOptions& options, const WindowFlags& flags,
                               const std::filesystem::path& input, const std::vector<InputRecord>& records) {
  std::ifstream in(input);
  std::ostringstream trace;
  std::ostringstream late;
  std::unique_ptr<std::ofstream> dead_file;
  WindowJobOutputs outputs;
  outputs.diagnostics = &std::cerr;
  outputs.trace = &trace;
  outputs.trace_format = TraceFormat::Json;
  outputs.late = &late;
  outputs.dead_letters = open_output(flags.dead_letters, dead_file);
  WindowJobOptions named = options;
  named.input_name = flags.input;
  const Accounting accounting = run_window_job(in, named, outputs);
  std::cerr << "streamlab compare: streamlab: " << describe_window_job(accounting) << '\n';
  if (!flags.late_output.empty()) {
    std::unique_ptr<std::ofstream> late_file;
    *open_output(flags.late_output, late_file) << late.str();
  }
  EngineRun run;
  run.engine = "streamlab";
  run.triggers_known = true;
  run.note = "in-process, as `streamlab window`; each pane names what fired it";
  std::istringstream trace_in(trace.str());
  run.panes = panes_of_trace(trace_in);
  std::istringstream late_in(late.str());
  run.late = read_late_records(late_in, records);
  return run;
}

// One peer's run on the one-case manifest in `scratch`.
EngineRun run_peer_engine(const std::string& engine, const PeerLocation& where, const WindowFlags& flags,
                          const std::filesystem::path& input, const std::filesystem::path& scratch,
                          std::chrono::milliseconds timeout, const std::vector<InputRecord>& records) {
  EngineRun run;
  run.engine = engine;
  PeerCaseFiles c;
  c.input = input;
  c.flags = peer_case_flags(flags);
  c.panes = scratch / (engine + ".panes.jsonl");
  c.late = scratch / (engine + ".late.jsonl");
  if (engine == "spark" && flags.trigger == "continuous" && flags.time_domain == "event") {
    c.input = scratch / "spark-input.jsonl";
    write_per_arrival_batches(input, c.input);
    c.flags["trigger"] = std::string("micro-batch:") + kPerArrivalBatch;
    run.note =
        "one micro-batch per arrival (Spark has no continuous aggregation; with one record a batch "
        "its rules decide as the continuous trigger does)";
  }
  const auto manifest = scratch / (engine + ".manifest.json");
  const auto summary = scratch / (engine + ".summary.jsonl");
  write_peer_manifest(manifest, c);
  std::cerr << "streamlab compare: running " << engine << " (peers/peers.sh run)...\n";
  const auto outcome = run_peer_case(where, engine, manifest, summary, scratch / (engine + ".log"), timeout);
  if (outcome.timed_out) {
    run.status = "error";
    run.reason = "the runner did not finish within --timeout " + format_duration(timeout);
    return run;
  }
  std::ifstream summary_in(summary);
  std::string line;
  const auto status =
      std::getline(summary_in, line) ? nlohmann::json::parse(line, nullptr, false) : nlohmann::json{};
  if (!status.is_object()) {
    run.status = "error";
    run.reason = fmt::format("the runner exited with status {} without a summary:\n{}", outcome.exit_code,
                             outcome.log);
    return run;
  }
  run.status = status.value("status", std::string{"error"});
  run.reason = status.value("reason", std::string{});
  if (run.status == "ok") {
    run.panes = read_pane_file(c.panes.string());
    std::ifstream late_in(c.late);
    run.late = read_late_records(late_in, records);
  }
  return run;
}

// The engines to run: the requested ones (deduplicated), or StreamLab and every installed peer.
std::vector<std::string> chosen_engines(const std::vector<std::string>& requested,
                                        const std::map<std::string, std::string>& states) {
  std::vector<std::string> out;
  if (requested.empty()) {
    for (const auto& e : kCompareEngines) {
      if (e == "streamlab" || (states.count(e) != 0 && states.at(e) == "built")) out.push_back(e);
    }
    return out;
  }
  for (const auto& e : requested) {
    if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
  }
  return out;
}

int run_compare(const WindowFlags& flags, const CompareFlags& cf) {
  auto parsed = job_options_or_usage_error("compare", flags);
  if (!parsed) return kUsage;
  const WindowJobOptions options = std::move(*parsed);
  PeerLocation where;
  where.script = cf.peers_script.empty() ? std::filesystem::path(STREAMLAB_PEERS_SCRIPT)
                                         : std::filesystem::path(cf.peers_script);
  if (!cf.peers_dir.empty()) where.builds = cf.peers_dir;
  const bool wants_peers = cf.engines.empty() || std::any_of(cf.engines.begin(), cf.engines.end(),
                                                             [](const auto& e) { return e != "streamlab"; });
  const auto states = wants_peers ? peer_states(where) : std::map<std::string, std::string>{};
  const auto engines = chosen_engines(cf.engines, states);
  for (const auto& e : engines) {
    if (e == "streamlab") continue;
    const auto it = states.find(e);
    const std::string state = it == states.end() ? "not built" : it->second;
    if (state == "built") continue;
    std::cerr << "streamlab compare: error: the peer engine '" << e << "' is not installed (" << state
              << (std::filesystem::is_regular_file(where.script) ? "" : "; no " + where.script.string())
              << (where.builds ? "; peers folder " + where.builds->string() : "")
              << "): run ./dev.sh peers (or peers/peers.sh install " << e
              << "), or leave it out of --engines\n";
    return kFailure;
  }
  try {
    const CompareScratchDir scratch;
    const auto input = scratch.path() / "input.jsonl";
    if (!copy_compare_input(flags.input, input)) return kFailure;
    std::vector<InputRecord> records;
    {
      std::ifstream in(input);
      records = read_input_records(in);
    }
    Comparison c;
    c.shown = engines;
    c.flags = peer_case_flags(flags);
    c.context.window_kind = flags.window.substr(0, flags.window.find(':'));
    c.context.emit = flags.emit;
    c.context.allowed_lateness_ms = options.config.allowed_lateness.count();
    c.context.has_watermark_lines = has_watermark_line(input);
    c.runs.push_back(run_streamlab_engine(options, flags, input, records));
    const auto timeout = parse_duration(cf.timeout);
    for (const auto& e : engines) {
      if (e != "streamlab")
        c.runs.push_back(run_peer_engine(e, where, flags, input, scratch.path(), timeout, records));
    }
    std::unique_ptr<std::ofstream> out_file;
    std::ostream* out = open_output(flags.output, out_file);
    if (cf.format == "json") {
      *out << comparison_json(c).dump(2) << '\n';
    } else {
      write_comparison_text(*out, c);
    }
    out->flush();
    bool failed = false;
    for (const auto& r : c.runs) {
      if (r.status != "error") continue;
      std::cerr << "streamlab compare: error: " << r.engine << ": " << r.reason << '\n';
      failed = true;
    }
    return failed ? kFailure : kOk;
  } catch (const std::exception& e) {
    std::cerr << "streamlab compare: error: " << e.what() << '\n';
    return kFailure;
  }
}

}  // namespace

void add_compare_command(CLI::App& app, int& exit_code) {
  auto* cmd =
      app.add_subcommand("compare", "Run one input through StreamLab and the peer engines, side by side");
  auto flags = std::make_shared<WindowFlags>();
  auto cf = std::make_shared<CompareFlags>();
  add_window_flags(*cmd, *flags);
  cmd->add_option("--output", flags->output, "write the comparison here, or - for stdout")
      ->capture_default_str();
  cmd->add_option(
         "--engines", cf->engines,
         "comma-separated: streamlab,kafka-streams,flink,spark,bytewax (default: streamlab and every "
         "installed peer)")
      ->delimiter(',')
      ->check(CLI::IsMember(kCompareEngines));
  cmd->add_option("--format", cf->format, "text (for the class) | json (one document, for tools)")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--timeout", cf->timeout, "stop a peer's runner after this long")
      ->capture_default_str()
      ->check(duration_validator(true));
  cmd->add_option("--peers-script", cf->peers_script,
                  "the peers/peers.sh to run (default: the source tree's)");
  cmd->add_option("--peers-dir", cf->peers_dir,
                  "where the peers are installed (peers.sh's STREAMLAB_PEERS_DIR; default build/peers)");
  cmd->footer(
      "Takes the same flags as `streamlab window`. Peers are installed by ./dev.sh peers (Java 17, Maven);\n"
      "each runs its real engine on a one-case manifest (peers/README.md). Rows where engines differ\n"
      "name the documented rule (docs/peers.md). --late-output and --dead-letters receive StreamLab's.\n\n"
      "Example:\n"
      "  streamlab compare --input labs/02-windowed-sales/late-sale.jsonl --time-field time \\\n"
      "      --key-field category --agg sum:amount --window tumbling:5m --watermark bounded:30s \\\n"
      "      --allowed-lateness 2m --engines streamlab,kafka-streams,flink,spark");
  cmd->callback([flags, cf, &exit_code] { exit_code = run_compare(*flags, *cf); });
}

}  // namespace streamlab::cli
