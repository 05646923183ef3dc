// The lab runner behind `streamlab run`: runs one lab's topology on the simulator over the lab's
// shipped datasets under a disorder scenario and prints every output topic, the late output and
// the record accounting. It is built twice, once against the reference solutions
// (streamlab-lab-solution) and once against the student skeletons (streamlab-lab-student), so
// the two implementations never share a binary.
//
//   streamlab-lab-<impl> NN [--scenario NAME|FILE] [--seed S] [--datasets DIR] [--limit N]
//   streamlab-lab-<impl> NN --kafka BOOTSTRAP [-X key=value ...] [--kafka-config FILE]
//
// With --kafka the same topology runs in Kafka mode instead: it reads the lab's input topics
// (which must already hold the data, e.g. from `streamlab replay ... --to kafka://...`) from the
// beginning, writes its output topics to the cluster and stops once it has read to the end of
// every input partition, firing every remaining window.
#include <charconv>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "anomalies.hpp"
#include "join.hpp"
#include "sales.hpp"
#include "sessions.hpp"
#include "streamlab/labs/not_implemented.hpp"
#include "streamlab/sim/apply_scenario.hpp"
#include "streamlab/sim/dataset.hpp"
#include "streamlab/sim/log.hpp"
#include "streamlab/sim/produce.hpp"
#include "streamlab/sim/scenario.hpp"
#include "streamlab/sim/shipped_scenarios.hpp"
#include "streamlab/sim/simulator_source.hpp"
#include "streamlab/streamlab.hpp"
#include "word_count.hpp"

#if STREAMLAB_WITH_KAFKA
#include "streamlab/kafka/client_config.hpp"
#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/kafka/kafka_run.hpp"
#include "streamlab/kafka/shutdown_signal.hpp"
#endif

namespace {

namespace fs = std::filesystem;

/// One input of a lab: a dataset file produced into a topic, keyed by a field.
struct Input {
  std::string topic;
  std::string file;
  std::optional<std::string> key_field;
};

/// What `streamlab run NN` runs.
struct LabRun {
  std::vector<Input> inputs;
  streamlab::StreamsConfig config;
  std::function<void(streamlab::StreamsBuilder&)> build;
};

std::optional<LabRun> lab_run(const std::string& lab) {
  if (lab == "01") {
    lab01::WordCountConfig c;
    return LabRun{{{c.lines, "alice-lines.jsonl", std::nullopt}}, lab01::streams_config(c),
                  [c](streamlab::StreamsBuilder& b) { lab01::build_word_count(b, c); }};
  }
  if (lab == "02") {
    lab02::SalesConfig c;
    return LabRun{{{c.sales, "sales.jsonl", std::nullopt}}, lab02::streams_config(c),
                  [c](streamlab::StreamsBuilder& b) { lab02::build_windowed_sales(b, c); }};
  }
  if (lab == "03") {
    lab03::SessionConfig c;
    return LabRun{{{c.clicks, "clicks.jsonl", "user"}}, lab03::streams_config(c),
                  [c](streamlab::StreamsBuilder& b) { lab03::build_sessions(b, c); }};
  }
  if (lab == "04") {
    lab04::JoinConfig c;
    return LabRun{{{c.profiles, "profiles.jsonl", "user"}, {c.orders, "orders.jsonl", "user"}},
                  lab04::streams_config(c),
                  [c](streamlab::StreamsBuilder& b) { lab04::build_enrichment(b, c); }};
  }
  if (lab == "05") {
    lab05::AnomalyConfig c;
    return LabRun{{{c.metrics, "metrics.jsonl", "host"}}, lab05::streams_config(c),
                  [c](streamlab::StreamsBuilder& b) { lab05::build_anomaly_detection(b, c); }};
  }
  return std::nullopt;
}

streamlab::sim::Scenario load_scenario(const std::string& name_or_file) {
  if (auto shipped = streamlab::sim::find_shipped_scenario(name_or_file)) return *shipped;
  return streamlab::sim::load_scenario(name_or_file);
}

/// Prints a sink's records as they are written: `topic  key  value`.
class PrintingSink : public streamlab::Sink {
 public:
  PrintingSink(const std::vector<std::string>& internal, std::size_t limit) : limit_(limit) {
    for (const auto& t : internal) internal_[t] = true;
  }
  void write(std::string_view topic, const streamlab::Record& record) override {
    const std::string name(topic);
    if (internal_.count(name)) return;  // repartition topics: plumbing, not results
    auto& n = written_[name];
    if (++n > limit_) return;
    std::cout << name << "  " << record.key.value_or("-") << "  " << record.value << '\n';
  }
  const std::map<std::string, std::size_t>& written() const { return written_; }

 private:
  std::map<std::string, bool> internal_;
  std::map<std::string, std::size_t> written_;
  std::size_t limit_;
};

int usage(const std::string& why) {
  std::cerr << "streamlab-lab: " << why
            << "\nusage: streamlab-lab-<impl> NN [--scenario NAME|FILE] [--seed S] [--datasets DIR] "
               "[--limit N]\n"
               "       streamlab-lab-<impl> NN --kafka BOOTSTRAP [-X key=value ...] [--kafka-config FILE]\n";
  return 2;
}

void print_accounting(const streamlab::Accounting& a) {
  std::cout << "# accounting: in " << a.records_in << ", contributed " << a.contributed
            << ", late output " << a.late_output << ", dead letters " << a.dead_letters
            << ", late accepted " << a.late_accepted << ", join unmatched " << a.join_unmatched
            << (a.invariant_holds() ? " (every record accounted for)" : " (INVARIANT BROKEN)") << '\n';
}

/// Where and how the Kafka mode connects, from `--kafka`, `-X` and `--kafka-config`.
struct KafkaFlags {
  std::string bootstrap;
  std::vector<std::string> properties;
  fs::path properties_file;
};

#if STREAMLAB_WITH_KAFKA
int run_kafka(const std::string& lab, const LabRun& run, const KafkaFlags& flags) {
  streamlab::kafka::KafkaRunOptions options;
  try {
    options.client = streamlab::kafka::client_config_from_flags(flags.bootstrap, flags.properties,
                                                                flags.properties_file);
  } catch (const std::invalid_argument& e) {
    return usage(e.what());
  } catch (const streamlab::InputError& e) {
    return usage(e.what());
  }
  try {
    streamlab::StreamsBuilder builder{run.config};
    run.build(builder);
    streamlab::Topology topology = builder.build();
    streamlab::kafka::ShutdownSignal shutdown;
    options.group_id = run.config.application_id;
    options.stop_at_end = true;
    options.shutdown = &shutdown;
    std::cout << "# lab " << lab << " in Kafka mode on " << flags.bootstrap << '\n'
              << topology.describe() << std::flush;
    const auto report = streamlab::kafka::run_on_kafka(topology, options);
    std::cout << "# results written to:";
    for (const auto& t : topology.output_topics()) std::cout << ' ' << t;
    std::cout << " (and " << run.config.application_id << "-late, " << run.config.application_id
              << "-dead-letters)\n# produced " << report.sink.written << ", delivered "
              << report.sink.delivered << ", failed " << report.sink.failed << ", rebalances "
              << report.rebalances << (report.interrupted ? ", interrupted" : "") << '\n';
    print_accounting(report.accounting);
    return report.sink.failed == 0 ? 0 : 1;
  } catch (const streamlab::labs::NotImplemented& e) {
    std::cerr << "streamlab run: lab " << lab << " is not complete: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "streamlab run: " << e.what() << '\n';
    return 1;
  }
}
#endif

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage("which lab? (01 .. 05)");
  const std::string lab = args[0];
  std::string scenario_name = "in-order";
  std::optional<std::uint64_t> seed;
  fs::path datasets = "datasets";
  std::size_t limit = 20;
  KafkaFlags kafka;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    const std::string flag = args[i];
    const auto v = value();
    if (!v) return usage(flag + " needs a value");
    if (flag == "--scenario") {
      scenario_name = *v;
    } else if (flag == "--seed") {
      std::uint64_t s = 0;
      const auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), s);
      if (ec != std::errc{} || p != v->data() + v->size()) return usage("--seed needs a number");
      seed = s;
    } else if (flag == "--datasets") {
      datasets = *v;
    } else if (flag == "--limit") {
      std::size_t n = 0;
      const auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
      if (ec != std::errc{} || p != v->data() + v->size()) return usage("--limit needs a number");
      limit = n;
    } else if (flag == "--kafka") {
      kafka.bootstrap = *v;
    } else if (flag == "-X") {
      kafka.properties.push_back(*v);
    } else if (flag == "--kafka-config") {
      kafka.properties_file = *v;
    } else {
      return usage("unknown flag " + flag);
    }
  }
  auto run = lab_run(lab);
  if (!run) return usage("no lab '" + lab + "' (01 .. 05)");
  if (!kafka.bootstrap.empty()) {
#if STREAMLAB_WITH_KAFKA
    return run_kafka(lab, *run, kafka);
#else
    return usage("--kafka: this build has no Kafka support (STREAMLAB_BUILD_KAFKA=OFF)");
#endif
  }
  if (!kafka.properties.empty() || !kafka.properties_file.empty())
    return usage("-X and --kafka-config need --kafka");
  try {
    const auto scenario = load_scenario(scenario_name);
    streamlab::sim::Log log;
    for (const auto& in : run->inputs) {
      streamlab::sim::DatasetOptions options;
      options.key_field = in.key_field;
      const auto data = streamlab::sim::load_dataset(datasets / in.file, options);
      const auto arrivals = streamlab::sim::apply_scenario(data.records, scenario, seed);
      streamlab::sim::produce_arrivals(log, in.topic, arrivals);
    }
    streamlab::StreamsBuilder builder{run->config};
    run->build(builder);
    streamlab::Topology topology = builder.build();
    streamlab::sim::SimulatorSourceOptions options;
    options.topics = topology.source_topics();
    options.group = run->config.application_id;
    streamlab::sim::SimulatorSource source{log, options};
    PrintingSink sink{topology.internal_topics(), limit};
    streamlab::RuntimeOptions runtime_options;
    runtime_options.poll_timeout = streamlab::Duration{0};
    std::cout << "# lab " << lab << " on scenario '" << scenario.name << "'\n" << topology.describe();
    streamlab::Runtime runtime{topology, source, sink, runtime_options};
    runtime.run();
    std::cout << "# records per output topic (at most " << limit << " printed each):\n";
    for (const auto& [topic, n] : sink.written()) std::cout << "#   " << topic << ": " << n << '\n';
    print_accounting(runtime.accounting());
    return 0;
  } catch (const streamlab::labs::NotImplemented& e) {
    std::cerr << "streamlab run: lab " << lab << " is not complete: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "streamlab run: " << e.what() << '\n';
    return 1;
  }
}
