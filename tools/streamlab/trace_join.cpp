#include "trace_join.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "output_file.hpp"
#include "streamlab/connectors/file/join_trace_writer.hpp"
#include "streamlab/viz/join_plane_recorder.hpp"
#include "streamlab/viz/join_plane_svg.hpp"

namespace streamlab::cli {
namespace {

// The flags `trace` has for windows only.
constexpr const char* kWindowOnly[] = {
    "--window",      "--agg",         "--allowed-lateness", "--emit",       "--trigger",
    "--time-domain", "--early-every", "--late-output",      "--partitions", "--partition-field",
    "--idle-timeout"};
constexpr const char* kJoinOnly[] = {"--type",    "--within",           "--grace",
                                     "--history", "--unmatched-output", "--label-field"};

bool given(const CLI::App& cmd, const char* name) {
  try {
    return cmd.get_option(name)->count() > 0;
  } catch (const CLI::OptionNotFound&) {
    return false;
  }
}

// The picture's heading: the input's file name and the flags that decide the fates.
std::string picture_title(const JoinFlags& f) {
  std::string title = f.input == "-" ? "stdin" : std::filesystem::path(f.input).filename().string();
  title += " \u00b7 " + f.mode + " " + f.type + " join";
  if (!f.within.empty()) title += " \u00b7 within " + f.within;
  if (!f.grace.empty()) title += " \u00b7 grace " + f.grace;
  if (!f.history.empty()) title += " \u00b7 history " + f.history;
  if (f.mode != "as-of-arrival") title += " \u00b7 watermark " + f.watermark;
  return title;
}

}  // namespace

std::string join_flag_without_mode(const CLI::App& cmd) {
  for (const char* flag : kJoinOnly) {
    if (given(cmd, flag)) return std::string(flag) + " applies to a join trace only: add --mode";
  }
  return {};
}

int run_join_trace(const CLI::App& cmd, const WindowFlags& shared, const JoinFlags& join_flags,
                   const TracePictureFlags& picture_flags) {
  for (const char* flag : kWindowOnly) {
    if (given(cmd, flag)) {
      std::cerr << "streamlab trace: error: " << flag << " applies to a window trace, not a join (--mode)\n";
      return kUsage;
    }
  }
  const bool picture = picture_flags.format == "svg" || picture_flags.format == "html";
  if (!picture &&
      (!picture_flags.key.empty() || !picture_flags.title.empty() || !picture_flags.label_field.empty())) {
    std::cerr << "streamlab trace: error: --key, --title and --label-field need --format svg or html\n";
    return kUsage;
  }
  JoinFlags flags = join_flags;
  flags.input = shared.input;
  flags.output = shared.output;
  flags.dead_letters = shared.dead_letters;
  flags.time_field = shared.time_field;
  flags.key_field = shared.key_field;
  flags.watermark = shared.watermark;
  std::optional<JoinJobOptions> options;
  try {
    options = to_join_options(flags);
  } catch (const std::invalid_argument& e) {
    std::cerr << "streamlab trace: error: " << e.what() << '\n';
    return kUsage;
  }
  std::ifstream file;
  std::istream* input = open_input("trace", flags.input, file);
  if (input == nullptr) return kFailure;
  std::unique_ptr<std::ofstream> trace_file;
  std::unique_ptr<std::ofstream> unmatched_file;
  std::unique_ptr<std::ofstream> dead_file;
  std::ostream* trace = nullptr;
  JoinJobOutputs outputs;
  outputs.diagnostics = &std::cerr;
  try {
    trace = open_output(flags.output, trace_file);
    outputs.unmatched = open_output(flags.unmatched_output, unmatched_file);
    outputs.dead_letters = open_output(flags.dead_letters, dead_file);
  } catch (const std::runtime_error& e) {
    std::cerr << "streamlab trace: error: " << e.what() << '\n';
    return kFailure;
  }
  JoinTraceWriter writer(*trace, picture_flags.format == "json" ? TraceFormat::Json : TraceFormat::Text,
                         options->mode);
  viz::JoinPlaneRecorder::Labeller labeller;
  if (!picture_flags.label_field.empty()) {
    // The first listed field the record has, as written in the input: a string bare, anything
    // else as JSON (`--label-field tier,page` labels profiles by tier and clicks by page).
    std::vector<std::string> fields;
    std::stringstream list(picture_flags.label_field);
    for (std::string f; std::getline(list, f, ',');) fields.push_back(f);
    labeller = [fields](std::string_view line) -> std::string {
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object()) return {};
      for (const std::string& f : fields) {
        if (!j.contains(f)) continue;
        const auto& v = j.at(f);
        return v.is_string() ? v.get<std::string>() : v.dump();
      }
      return {};
    };
  }
  viz::JoinPlaneRecorder recorder(options->mode == JoinMode::Window     ? viz::JoinPlaneKind::Window
                                  : options->mode == JoinMode::Temporal ? viz::JoinPlaneKind::Temporal
                                                                        : viz::JoinPlaneKind::AsOfArrival,
                                  labeller);
  outputs.observer = picture ? static_cast<JoinObserver*>(&recorder) : &writer;
  const JoinJobSummary summary = run_join_job(*input, *options, outputs);
  if (picture) {
    viz::JoinPlaneOptions plane_options;
    plane_options.title = picture_flags.title.empty() ? picture_title(flags) : picture_flags.title;
    if (!picture_flags.key.empty()) plane_options.key = picture_flags.key;
    try {
      *trace << (picture_flags.format == "svg" ? viz::render_join_svg(recorder.plane(), plane_options)
                                               : viz::render_join_html(recorder.plane(), plane_options));
    } catch (const std::invalid_argument& e) {
      std::cerr << "streamlab trace: error: " << e.what() << '\n';
      return kUsage;
    }
  }
  try {
    finish_output("--output", flags.output, trace);
    finish_output("--unmatched-output", flags.unmatched_output, outputs.unmatched);
    finish_output("--dead-letters", flags.dead_letters, outputs.dead_letters);
  } catch (const std::runtime_error& e) {
    std::cerr << "streamlab trace: error: " << e.what() << '\n';
    return kFailure;
  }
  std::cerr << "streamlab trace: " << describe_join_job(summary) << '\n';
  return kOk;
}

}  // namespace streamlab::cli
