// `streamlab replay`: plays a dataset through a disorder scenario against the wall clock, with a
// live view of the watermark and the windows. The pacing, view and targets live in
// streamlab::replay; this file only turns flags into those calls.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "output_file.hpp"
#include "window_flags.hpp"
#include "streamlab/error.hpp"
#include "streamlab/replay/live_view.hpp"
#include "streamlab/replay/paced_replay.hpp"
#include "streamlab/replay/plane_feed.hpp"
#include "streamlab/replay/replay_run.hpp"
#include "streamlab/replay/replay_target.hpp"
#include "streamlab/replay/web_view.hpp"
#include "streamlab/replay/window_job_target.hpp"
#include "streamlab/sim/apply_scenario.hpp"
#include "streamlab/sim/dataset.hpp"
#include "streamlab/sim/scenario.hpp"
#include "streamlab/sim/shipped_scenarios.hpp"

#ifdef STREAMLAB_WITH_KAFKA
#include "streamlab/kafka/client_config.hpp"
#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/replay/kafka_target.hpp"
#endif

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
  WindowFlags window;  // window job flags; window.window empty = no job, only the watermark
  bool watermark_given{false};
  std::string to;                         // kafka://HOST:PORT/TOPIC; empty = the local targets
  std::vector<std::string> x_properties;  // -X key=value librdkafka properties
  std::string kafka_config;               // librdkafka properties file
  std::string web;                        // --web HOST:PORT; empty = no web view
  bool web_wait{false};                   // start when the first page connects
};

// A scenario file, or the name of a shipped one (`late-arrivals`); empty means in order.
sim::Scenario scenario_from(const std::string& what) {
  if (what.empty()) {
    sim::Scenario in_order;
    in_order.name = "in-order";
    return in_order;
  }
  return sim::resolve_scenario(what);
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
  std::optional<replay::WebEndpoint> web;
  if (!f.web.empty()) {
    try {
      web = replay::parse_web_endpoint(f.web);
    } catch (const std::invalid_argument& e) {
      std::cerr << "streamlab replay: " << e.what() << '\n';
      return kUsage;
    }
    if (!web->loopback()) {
      std::cerr << "streamlab replay: WARNING: the web view listens on " << f.web
                << ", reachable from other machines; anyone who can reach it can pause and step the "
                   "replay. Use 127.0.0.1:PORT to keep it on this machine.\n";
    }
  }
  // The web view draws the plane from the engine's own trace (the window job) or, for targets
  // without windows, from the arrivals and the target's watermark.
  replay::PlaneFeed feed;
  viz::PlaneMessages messages([&feed](std::string m) { feed.push(std::move(m)); });
  sim::DatasetOptions dataset_options;
  dataset_options.time_field = f.time_field;
  dataset_options.key_field = f.key_field;
  dataset_options.on_malformed = sim::OnMalformed::DeadLetter;
  const sim::Dataset dataset = sim::load_dataset(f.dataset, dataset_options);
  for (const auto& letter : dataset.dead_letters)
    std::cerr << "streamlab replay: dead letter: " << letter.error.what() << '\n';
  const sim::ArrivalSequence sequence = sim::apply_scenario(dataset.records, scenario, f.seed);

  // The destination: the engine's windowing job when --window is given, else a watermark
  // observer. (The Kafka connector adds a topic on a broker.)
  std::unique_ptr<replay::ReplayTarget> target;
  replay::WindowJobTarget* job = nullptr;
  std::unique_ptr<std::ofstream> results_file, late_file;
#ifdef STREAMLAB_WITH_KAFKA
  replay::KafkaReplayTarget* topic = nullptr;
#endif
  if (!f.to.empty()) {
#ifdef STREAMLAB_WITH_KAFKA
    if (!f.window.window.empty()) {
      std::cerr << "streamlab replay: --to and --window exclude each other (run the job on the "
                   "topic with `streamlab run --kafka`)\n";
      return kUsage;
    }
    kafka::ClientConfig client;
    kafka::KafkaTopicUrl url;
    try {
      url = kafka::parse_kafka_url(f.to);
      client = kafka::client_config_from_flags(url.bootstrap_servers, f.x_properties, f.kafka_config);
    } catch (const InputError& e) {
      std::cerr << "streamlab replay: " << e.what() << '\n';
      return kUsage;
    } catch (const std::invalid_argument& e) {
      std::cerr << "streamlab replay: " << e.what() << '\n';
      return kUsage;
    }
    try {
      auto owned =
          std::make_unique<replay::KafkaReplayTarget>(std::move(client), url.topic, sequence.watermark_delay,
                                                      static_cast<std::size_t>(sequence.partitions));
      topic = owned.get();
      target = std::move(owned);
    } catch (const std::exception& e) {
      std::cerr << "streamlab replay: " << e.what() << '\n';
      return kFailure;
    }
#else
    std::cerr << "streamlab replay: --to needs the Kafka connector, which this build left out\n";
    return kUsage;
#endif
  } else if (!f.window.window.empty()) {
    WindowFlags wf = f.window;
    wf.input = f.dataset;
    wf.time_field = f.time_field;
    if (f.key_field) wf.key_field = *f.key_field;
    if (!f.watermark_given) wf.watermark = "bounded:" + format_duration(sequence.watermark_delay);
    WindowJobOptions job_options;
    try {
      job_options = to_job_options(wf);
      auto* results = open_output(wf.output, results_file);
      auto* late = open_output(wf.late_output, late_file);
      auto owned = std::make_unique<replay::WindowJobTarget>(job_options, results, late);
      job = owned.get();
      target = std::move(owned);
    } catch (const std::invalid_argument& e) {
      std::cerr << "streamlab replay: " << e.what() << '\n';
      return kUsage;
    } catch (const std::runtime_error& e) {
      std::cerr << "streamlab replay: " << e.what() << '\n';
      return kFailure;
    }
  } else {
    target = std::make_unique<replay::WatermarkObserver>(sequence.watermark_delay);
  }

  std::unique_ptr<replay::FedTarget> fed;
  if (web && job == nullptr) fed = std::make_unique<replay::FedTarget>(*target, messages);
  replay::ReplayRun run(sequence, fed ? static_cast<replay::ReplayTarget&>(*fed) : *target, speed);
  run.set_input_dead_letters(dataset.dead_letters.size());
  const bool ansi = !f.plain && ::isatty(STDOUT_FILENO) == 1;
  replay::LiveView view(std::cout, ansi,
                        "replaying " + f.dataset + " (" + std::to_string(dataset.records.size()) +
                            " events, " + std::to_string(dataset.dead_letters.size()) +
                            " dead letters) through scenario '" + scenario.name + "' (seed " +
                            std::to_string(sequence.seed) + ", " + std::to_string(sequence.arrivals.size()) +
                            " arrivals) at " + (speed.is_max() ? std::string("max speed") : f.speed + "x") +
                            " into " + target->describe());
  replay::PacedOptions options;
  options.ansi = ansi;
  options.web = web;
  options.feed = &feed;
  messages.set_active(false);
  options.on_first_page = [&] {
    messages.set_active(true);
    if (job != nullptr) job->set_observer(&messages);
  };
  options.web_wait = f.web_wait;
  options.on_web_listening = [&](unsigned short port) {
    std::cerr << "streamlab replay: web view on http://"
              << (web->host.find(':') != std::string::npos ? "[" + web->host + "]" : web->host) << ":" << port
              << "/\n";
  };
#ifdef STREAMLAB_WITH_KAFKA
  try {
    replay::run_paced(run, view, options);
  } catch (const std::exception& e) {
    if (!topic) throw;
    std::cerr << "streamlab replay: producing to " << target->describe() << " failed: " << e.what() << '\n';
    return kFailure;
  }
  if (topic) {
    const auto stats = topic->stats();
    std::cerr << "streamlab replay: " << stats.delivered << " of " << topic->sent()
              << " arrivals delivered to " << topic->describe() << '\n';
    if (stats.failed > 0 || stats.delivered != topic->sent()) return kFailure;
    if (const auto held = topic->held(); held && *held < stats.delivered) {
      std::cerr << "streamlab replay: WARNING: the broker holds only " << *held << " of the "
                << stats.delivered
                << " delivered records: it has deleted the oldest (retention, or the classroom broker's "
                   "per-partition size cap), and a run will miss them. Use fewer records, more partitions, "
                   "or a real broker (./dev.sh kafka up)\n";
      return kFailure;
    }
  }
#else
  replay::run_paced(run, view, options);
#endif
  if (job) {
    if (auto error = job->error()) {
      std::cerr << "streamlab replay: the window job failed: " << *error << '\n';
      return kFailure;
    }
    if (auto summary = job->summary())
      std::cerr << "streamlab replay: window job: " << describe_window_job(*summary) << '\n';
  }
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
  cmd->add_option("--time-field", flags->time_field, "Field holding the event time")->capture_default_str();
  cmd->add_option("--key-field", flags->key_field, "Field holding the key (partitioning)");
  cmd->add_option("--to", flags->to,
                  "Produce the arrivals into kafka://HOST:PORT[,HOST:PORT...]/TOPIC, each in the "
                  "scenario's partition (the topic needs that many partitions)");
  cmd->add_option("-X", flags->x_properties,
                  "librdkafka property key=value for --to (repeatable; SASL/SSL settings)")
      ->allow_extra_args(false);
  cmd->add_option("--kafka-config", flags->kafka_config,
                  "librdkafka properties file (key=value lines) for --to")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--plain", flags->plain, "Plain progress lines instead of redrawing in place");
  cmd->add_option("--web", flags->web,
                  "Serve the live event-time plane with pause, step and speed controls at HOST:PORT "
                  "(127.0.0.1:8080; another address than loopback is reachable by others)");
  cmd->add_flag("--web-wait", flags->web_wait,
                "With --web: start the replay when the first page connects, so it sees every arrival");
  WindowFlags& w = flags->window;
  cmd->add_option("--window", w.window,
                  "Run the windowing job live: tumbling:SIZE | hopping:SIZE,ADVANCE | session:GAP")
      ->check(parsing_validator("WINDOW", [](const std::string& v) { (void)parse_window_spec(v); }));
  cmd->add_option("--agg", w.agg, "count | sum:FIELD | avg:FIELD | min:FIELD | max:FIELD")
      ->capture_default_str()
      ->check(parsing_validator("AGG", [](const std::string& v) { (void)parse_aggregation(v); }));
  cmd->add_option("--watermark", w.watermark,
                  "bounded:DELAY | manual (default: bounded by the scenario's watermark delay)")
      ->check(parsing_validator("STRATEGY", [](const std::string& v) { (void)parse_watermark_strategy(v); }))
      ->each([flags](const std::string&) { flags->watermark_given = true; });
  cmd->add_option("--allowed-lateness", w.allowed_lateness, "Keep fired windows this long for late events")
      ->capture_default_str()
      ->check(duration_validator(false));
  cmd->add_option("--emit", w.emit, "final | update")
      ->capture_default_str()
      ->check(parsing_validator("MODE", [](const std::string& v) { (void)parse_emit_mode(v); }));
  w.output.clear();
  cmd->add_option("--output", w.output, "Write the window results (one JSON line per pane) here");
  cmd->add_option("--late-output", w.late_output, "Write the dropped late events here");
  cmd->footer(
      "Examples:\n"
      "  streamlab replay datasets/sales.jsonl --scenario late-arrivals --speed 600 \\\n"
      "      --key-field category --window tumbling:5m --allowed-lateness 1m --output panes.jsonl\n"
      "  streamlab replay datasets/clicks.jsonl --scenario classroom-demo --speed max \\\n"
      "      --key-field user --window session:30m\n"
      "  streamlab replay datasets/sales.jsonl --scenario late-arrivals --speed 600 \\\n"
      "      --key-field category --window tumbling:5m --web 127.0.0.1:8080 --web-wait\n"
      "    then open http://127.0.0.1:8080/ : the event-time plane, live, with pause, step and speed\n"
      "The live view shows events sent, the watermark, windows open, panes fired and late events,\n"
      "with a progress bar, rate and ETA. Ctrl-C stops cleanly: the job's input ends (open windows\n"
      "fire) and a summary is printed.");
  cmd->callback([flags, &exit_code] { exit_code = run_replay(*flags); });
}

}  // namespace streamlab::cli
