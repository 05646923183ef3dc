// `streamlab run NN --impl solution|student`: runs a lab's topology on the simulator over the
// lab's datasets under a disorder scenario. The reference solutions and the student skeletons
// implement the same interface, so each is linked into its own runner executable
// (streamlab-lab-solution, streamlab-lab-student, built next to this one); this command only
// checks the flags and hands over to the right runner. With `--kafka BOOTSTRAP` the runner runs
// the same topology in Kafka mode against those brokers instead of the simulator.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "streamlab/time.hpp"

#if STREAMLAB_WITH_KAFKA
#include "streamlab/kafka/client_config.hpp"
#endif

namespace streamlab::cli {
namespace {

namespace fs = std::filesystem;

struct RunOptions {
  std::string lab;
  std::string impl = "student";
  std::string scenario = "in-order";
  std::string seed;
  std::string datasets = "datasets";
  int limit = 20;
  std::string kafka;
  std::vector<std::string> properties;
  std::string kafka_config;
  bool follow = false;
  bool scale_out = false;
  std::string guarantee;
  std::string idle_timeout;
};

std::string normalise_lab(std::string text) {
  if (text.rfind("lab", 0) == 0) text = text.substr(3);
  if (text.size() == 1) text = "0" + text;
  return text;
}

int run_lab(const RunOptions& opt) {
  const std::string lab = normalise_lab(opt.lab);
  if (lab < "01" || lab > "06" || lab.size() != 2) {
    std::cerr << "streamlab run: '" << opt.lab << "' is not a lab (01 .. 06)\n";
    return kUsage;
  }
  if (opt.kafka.empty() && (!opt.properties.empty() || !opt.kafka_config.empty() || opt.follow ||
                            opt.scale_out || !opt.guarantee.empty() || !opt.idle_timeout.empty())) {
    std::cerr
        << "streamlab run: -X, --kafka-config, --follow, --scale-out, --guarantee and --idle-timeout need "
           "--kafka BOOTSTRAP\n";
    return kUsage;
  }
  if (!opt.idle_timeout.empty()) {
    const auto idle = try_parse_duration(opt.idle_timeout);
    if (!idle || *idle <= Duration::zero()) {
      std::cerr << "streamlab run: --idle-timeout: '" << opt.idle_timeout
                << "' is not a positive duration (e.g. 5s, 1m)\n";
      return kUsage;
    }
  }
#if STREAMLAB_WITH_KAFKA
  for (const auto& p : opt.properties) {
    try {
      (void)streamlab::kafka::parse_property(p);
    } catch (const std::invalid_argument& e) {
      std::cerr << "streamlab run: -X " << e.what() << '\n';
      return kUsage;
    }
  }
#else
  if (!opt.kafka.empty()) {
    std::cerr << "streamlab run: --kafka: this build has no Kafka support\n";
    return kUsage;
  }
#endif
#if !STREAMLAB_HAS_SOLUTIONS
  if (opt.impl == "solution") {
    std::cerr << "streamlab run: --impl solution: the reference solutions are not part of a student "
                 "repository; run your own implementation with --impl student (the default)\n";
    return kUsage;
  }
#endif
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  const fs::path runner = (ec ? fs::path(".") : self.parent_path()) / ("streamlab-lab-" + opt.impl);
  if (!fs::exists(runner)) {
    std::cerr << "streamlab run: " << runner.string() << " is not built (build the `streamlab-lab-"
              << opt.impl << "` target)\n";
    return kFailure;
  }
  std::vector<std::string> args = {runner.string(), lab,          "--scenario", opt.scenario,
                                   "--datasets",    opt.datasets, "--limit",    std::to_string(opt.limit)};
  if (!opt.kafka.empty()) {
    args = {runner.string(), lab, "--kafka", opt.kafka, "--limit", std::to_string(opt.limit)};
    for (const auto& p : opt.properties) {
      args.push_back("-X");
      args.push_back(p);
    }
    if (opt.follow) args.push_back("--follow");
    if (opt.scale_out) args.push_back("--scale-out");
    if (!opt.guarantee.empty()) {
      args.push_back("--guarantee");
      args.push_back(opt.guarantee);
    }
    if (!opt.idle_timeout.empty()) {
      args.push_back("--idle-timeout");
      args.push_back(opt.idle_timeout);
    }
    if (!opt.kafka_config.empty()) {
      args.push_back("--kafka-config");
      args.push_back(opt.kafka_config);
    }
  } else if (!opt.seed.empty()) {
    args.push_back("--seed");
    args.push_back(opt.seed);
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  ::execv(argv[0], argv.data());
  std::cerr << "streamlab run: cannot start " << runner.string() << '\n';
  return kFailure;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto opt = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand("run", "Run a lab's topology on the simulator over its datasets.");
  cmd->add_option("lab", opt->lab,
                  "The lab: 01 word count, 02 windowed sales, 03 sessions, "
                  "04 stream-table join, 05 anomaly detection, 06 output modes and triggers")
      ->required();
  cmd->add_option("--impl", opt->impl, "Whose implementation: student (labs/) or solution")
      ->check(CLI::IsMember({"student", "solution"}))
      ->capture_default_str();
  cmd->add_option("--scenario", opt->scenario,
                  "A shipped scenario (in-order, jitter, late-arrivals, idle-partition, duplicates, "
                  "classroom-demo) or a scenario file")
      ->capture_default_str();
  cmd->add_option("--seed", opt->seed, "Overrides the scenario's seed");
  cmd->add_option("--datasets", opt->datasets, "Directory of the lab datasets")->capture_default_str();
  cmd->add_option("--limit", opt->limit, "Records printed per output topic")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--kafka", opt->kafka,
                  "Run in Kafka mode against these bootstrap servers (HOST:PORT[,...]); the lab's "
                  "input topics must already hold the data");
  cmd->add_option("-X", opt->properties, "A librdkafka property key=value (repeatable), with --kafka");
  cmd->add_option("--kafka-config", opt->kafka_config,
                  "A librdkafka properties file (key=value lines), with --kafka; -X wins");
  cmd->add_option("--idle-timeout", opt->idle_timeout,
                  "With --kafka: a partition silent this long (wall clock) stops holding event time "
                  "back (Flink's withIdleness); default 5s with --follow, none otherwise");
  cmd->add_flag("--scale-out", opt->scale_out,
                "With --kafka: share the work with every instance of the lab started with it (one "
                "consumer group); N instances together give one instance's results");
  cmd->add_option(
         "--guarantee", opt->guarantee,
         "With --kafka: at-least-once (default) or exactly-once (needs --scale-out): each checkpoint is "
         "one Kafka transaction with the results and the consumed offsets")
      ->check(CLI::IsMember({"at-least-once", "exactly-once"}));
  cmd->add_flag("--follow", opt->follow,
                "With --kafka: keep reading until Ctrl-C and print each result as it is produced "
                "(watch windows close while a replay feeds the topics)");
  cmd->footer(
      "Example:\n"
      "  streamlab run 02 --impl student --scenario late-arrivals\n"
      "Prints the topology, the first records of each output topic (results, the late output\n"
      "`<application>-late`, dead letters) and the record accounting. Exit status 1 while the\n"
      "lab is not complete (the message names the file and function to write).\n"
      "\n"
      "Kafka mode:\n"
      "  streamlab replay datasets/sales.jsonl --to kafka://127.0.0.1:9092/sales\n"
      "  streamlab run 02 --impl solution --kafka 127.0.0.1:9092 [-X key=value ...]\n"
      "reads the lab's input topics from the beginning, writes the results to the output topics\n"
      "and stops at the end of the input; with --follow it keeps reading until Ctrl-C and prints\n"
      "each result as it is produced. Unreachable brokers: exit 1 naming them.");
  cmd->callback([opt, &exit_code] { exit_code = run_lab(*opt); });
}

}  // namespace streamlab::cli
