// The lab runner behind `streamlab run`: runs one lab's topology on the simulator over the lab's
// shipped datasets under a disorder scenario and prints every output topic, the late output and
// the record accounting. It is built twice, once against the reference solutions
// (streamlab-lab-solution) and once against the student skeletons (streamlab-lab-student), so
// the two implementations never share a binary.
//
//   streamlab-lab-<impl> NN [--scenario NAME|FILE] [--seed S] [--datasets DIR] [--limit N]
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
               "[--limit N]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage("which lab? (01 .. 05)");
  const std::string lab = args[0];
  std::string scenario_name = "in-order";
  std::optional<std::uint64_t> seed;
  fs::path datasets = "datasets";
  std::size_t limit = 20;
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
      limit = static_cast<std::size_t>(std::stoul(*v));
    } else {
      return usage("unknown flag " + flag);
    }
  }
  auto run = lab_run(lab);
  if (!run) return usage("no lab '" + lab + "' (01 .. 05)");
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
    const auto& a = runtime.accounting();
    std::cout << "# records per output topic (at most " << limit << " printed each):\n";
    for (const auto& [topic, n] : sink.written()) std::cout << "#   " << topic << ": " << n << '\n';
    std::cout << "# accounting: in " << a.records_in << ", contributed " << a.contributed
              << ", late output " << a.late_output << ", dead letters " << a.dead_letters
              << ", late accepted " << a.late_accepted << ", join unmatched " << a.join_unmatched
              << (a.invariant_holds() ? " (every record accounted for)" : " (INVARIANT BROKEN)") << '\n';
    return 0;
  } catch (const streamlab::labs::NotImplemented& e) {
    std::cerr << "streamlab run: lab " << lab << " is not complete: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "streamlab run: " << e.what() << '\n';
    return 1;
  }
}
