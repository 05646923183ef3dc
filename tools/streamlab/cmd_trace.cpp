// `streamlab trace`: the same run as `streamlab window`, explained event by event: arrival,
// event time, watermark before it, windows joined, fate, watermark moves and panes; as text, JSON
// lines, or the event-time × processing-time plane (SVG or an HTML page, streamlab::viz).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "commands.hpp"
#include "output_file.hpp"
#include "trace_join.hpp"
#include "window_flags.hpp"
#include "streamlab/viz/plane_recorder.hpp"
#include "streamlab/viz/plane_svg.hpp"

namespace streamlab::cli {
namespace {

// The picture's heading: the input's file name and the flags that decide the fates.
std::string picture_title(const WindowFlags& f) {
  std::string title = f.input == "-" ? "stdin" : std::filesystem::path(f.input).filename().string();
  title += " \u00b7 " + f.window + " \u00b7 watermark " + f.watermark;
  if (f.allowed_lateness != "0s") title += " \u00b7 allowed lateness " + f.allowed_lateness;
  if (f.trigger != "continuous") title += " \u00b7 " + f.trigger;
  if (f.emit != "final") title += " \u00b7 emit " + f.emit;
  if (!f.partition_field.empty()) title += " \u00b7 " + std::to_string(f.partitions) + " partitions";
  if (!f.idle_timeout.empty()) title += " \u00b7 idle timeout " + f.idle_timeout;
  return title;
}

}  // namespace

void add_trace_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "trace",
      "Explain every event's fate in a windowed aggregation (--window) or a join (--mode), as a timeline");
  auto flags = std::make_shared<WindowFlags>();
  auto format = std::make_shared<std::string>("text");
  auto key = std::make_shared<std::string>();
  auto title = std::make_shared<std::string>();
  add_window_flags(*cmd, *flags);
  // A join trace (--mode) takes `streamlab join`'s own flags instead of --window and its kin.
  cmd->get_option("--window")->required(false);
  auto join = std::make_shared<JoinFlags>();
  add_join_only_flags(*cmd, *join);
  cmd->add_option("--output", flags->output, "write the timeline here, or - for stdout")
      ->capture_default_str();
  cmd->add_option("--format", *format,
                  "text (for the terminal) | json (one object per line) | svg (the event-time x "
                  "processing-time plane) | html (the plane as a self-contained page)")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json", "svg", "html"}));
  cmd->add_option("--key", *key, "svg and html: draw only this key's lane (its value, such as u1)");
  cmd->add_option("--title", *title, "svg and html: the heading (default: the input's name and the flags)");
  auto label_field = std::make_shared<std::string>();
  cmd->add_option("--label-field", *label_field,
                  "svg and html of a join: write this field's value next to each record's mark (F1,F2: the "
                  "first one the record has)");
  cmd->footer(
      "Takes the same flags as `streamlab window`; panes appear in the timeline where they fire.\n"
      "With --mode it traces a join instead, with the flags of `streamlab join` (--mode, --type,\n"
      "--within, --grace, --history, --key-field, --time-field, --watermark, --unmatched-output):\n"
      "each record's fate in arrival order (matched with which table row, version or right record;\n"
      "waiting and until when; released; unmatched; late; dead letter) and the join's watermark.\n\n"
      "Examples:\n"
      "  streamlab trace --input words.jsonl --time-field ts --key-field word \\\n"
      "      --window tumbling:10m --watermark bounded:5m --format text\n"
      "  streamlab trace --input words.jsonl --time-field ts --key-field word \\\n"
      "      --window tumbling:10m --watermark bounded:5m --format svg --output words.svg\n"
      "  streamlab trace --input clicks-and-profiles.jsonl --key-field user --time-field time \\\n"
      "      --mode temporal --type left --grace 5m --watermark bounded:10s");
  cmd->callback([cmd, flags, join, format, key, title, label_field, &exit_code] {
    if (cmd->get_option("--mode")->count() > 0) {
      exit_code = run_join_trace(*cmd, *flags, *join, TracePictureFlags{*format, *key, *title, *label_field});
      return;
    }
    if (const std::string wrong = join_flag_without_mode(*cmd); !wrong.empty()) {
      std::cerr << "streamlab trace: error: " << wrong << '\n';
      exit_code = kUsage;
      return;
    }
    if (flags->window.empty()) {
      std::cerr << "streamlab trace: error: --window is required (or --mode to trace a join)\n";
      exit_code = kUsage;
      return;
    }
    const bool picture = *format == "svg" || *format == "html";
    if (!picture && (!key->empty() || !title->empty())) {
      std::cerr << "streamlab trace: error: --key and --title need --format svg or html\n";
      exit_code = kUsage;
      return;
    }
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
    viz::PlaneRecorder recorder;
    if (picture) outputs.observer = &recorder;
    Accounting accounting;
    try {
      accounting = run_window_job(*input, options, outputs);
    } catch (const InputError& e) {
      std::cerr << "streamlab trace: error: --input: "
                << InputLocation{flags->input, e.where().line, ""}.describe() << ": " << e.reason() << '\n';
      exit_code = kFailure;
      return;
    }
    if (picture) {
      viz::PlaneOptions plane_options;
      plane_options.title = title->empty() ? picture_title(*flags) : *title;
      if (!key->empty()) plane_options.key = *key;
      try {
        *outputs.trace << (*format == "svg" ? viz::render_plane_svg(recorder.plane(), plane_options)
                                            : viz::render_plane_html(recorder.plane(), plane_options));
      } catch (const std::invalid_argument& e) {
        std::cerr << "streamlab trace: error: " << e.what() << '\n';
        exit_code = kUsage;
        return;
      }
    }
    try {
      finish_output("--output", flags->output, outputs.trace);
      finish_output("--late-output", flags->late_output, outputs.late);
      finish_output("--dead-letters", flags->dead_letters, outputs.dead_letters);
    } catch (const std::runtime_error& e) {
      std::cerr << "streamlab trace: error: " << e.what() << '\n';
      exit_code = kFailure;
      return;
    }
    std::cerr << "streamlab trace: " << describe_window_job(accounting) << '\n';
    exit_code = kOk;
  });
}

}  // namespace streamlab::cli
