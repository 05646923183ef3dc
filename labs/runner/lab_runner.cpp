// The lab runner behind `streamlab run`: runs one lab's topology on the simulator over the lab's
// shipped datasets under a disorder scenario and prints every output topic as a table, what
// happened to the late events (LATE panes and the late output) and the record accounting. It is
// built twice, once against the reference solutions (streamlab-lab-solution) and once against the
// student skeletons (streamlab-lab-student), so the two implementations never share a binary.
//
//   streamlab-lab-<impl> NN [--scenario NAME|FILE] [--seed S] [--datasets DIR] [--limit N]
//   streamlab-lab-<impl> NN --kafka BOOTSTRAP [--follow] [-X key=value ...] [--kafka-config FILE]
//                           [--limit N]
//
// With --kafka the same topology runs in Kafka mode instead: it reads the lab's input topics
// (which must already hold the data, e.g. from `streamlab replay ... --to kafka://...`) from the
// beginning, writes its output topics to the cluster and stops once it has read to the end of
// every input partition, firing every remaining window; the same tables are printed from what
// it produced. With --follow it keeps reading until Ctrl-C and prints each result as it is
// produced, so a class can watch windows close while a replay feeds the topics.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iomanip>
#include <iostream>
#include <limits>
#include <set>
#include <sstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "anomalies.hpp"
#include "join.hpp"
#include "outputs.hpp"
#include "sales.hpp"
#include "sessions.hpp"
#include <nlohmann/json.hpp>

#include "streamlab/labs/json_time.hpp"
#include "streamlab/labs/not_implemented.hpp"
#include "streamlab/sim/apply_scenario.hpp"
#include "streamlab/sim/dataset.hpp"
#include "streamlab/sim/log.hpp"
#include "streamlab/sim/produce.hpp"
#include "streamlab/sim/scenario.hpp"
#include "streamlab/sim/shipped_scenarios.hpp"
#include "streamlab/sim/simulator_source.hpp"
#include "streamlab/dsl/build_topology.hpp"
#include "streamlab/engine/watermark.hpp"
#include "streamlab/error.hpp"
#include "streamlab/io/sink.hpp"
#include "streamlab/record.hpp"
#include "streamlab/runtime/accounting.hpp"
#include "streamlab/runtime/runtime.hpp"
#include "streamlab/time.hpp"
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

/// Lab 06 over the sales dataset: 1-minute windows instead of the handout's 10 s.
LabRun lab06_run(lab06::OutputConfig c) {
  c.window = std::chrono::minutes{1};
  return LabRun{{{c.sales, "sales.jsonl", std::nullopt}},
                lab06::streams_config(c),
                [c](streamlab::StreamsBuilder& b) { lab06::build_outputs(b, c); }};
}

/// The settings `streamlab run 06` shows side by side, each named (the first is the one Kafka
/// mode runs).
std::vector<std::pair<std::string, lab06::OutputConfig>> lab06_settings() {
  using streamlab::EmitMode;
  using streamlab::TimeDomain;
  using streamlab::Trigger;
  const auto setting = [](EmitMode mode, Trigger trigger, TimeDomain domain) {
    lab06::OutputConfig c;
    c.mode = mode;
    c.trigger = trigger;
    c.domain = domain;
    return c;
  };
  return {
      {"final, continuous, event time", setting(EmitMode::Final, Trigger::continuous(), TimeDomain::Event)},
      {"update, continuous, event time", setting(EmitMode::Update, Trigger::continuous(), TimeDomain::Event)},
      {"complete, micro-batch:1m, event time",
       setting(EmitMode::Complete, Trigger::micro_batch(std::chrono::minutes{1}), TimeDomain::Event)},
      {"final, continuous, processing time",
       setting(EmitMode::Final, Trigger::continuous(), TimeDomain::Processing)}};
}

std::optional<LabRun> lab_run(const std::string& lab) {
  if (lab == "01") {
    lab01::WordCountConfig c;
    return LabRun{{{c.lines, "alice-lines.jsonl", std::nullopt}},
                  lab01::streams_config(c),
                  [c](streamlab::StreamsBuilder& b) { lab01::build_word_count(b, c); }};
  }
  if (lab == "02") {
    lab02::SalesConfig c;
    return LabRun{{{c.sales, "sales.jsonl", std::nullopt}},
                  lab02::streams_config(c),
                  [c](streamlab::StreamsBuilder& b) { lab02::build_windowed_sales(b, c); }};
  }
  if (lab == "03") {
    lab03::SessionConfig c;
    return LabRun{{{c.clicks, "clicks.jsonl", "user"}},
                  lab03::streams_config(c),
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
    return LabRun{{{c.metrics, "metrics.jsonl", "host"}},
                  lab05::streams_config(c),
                  [c](streamlab::StreamsBuilder& b) { lab05::build_anomaly_detection(b, c); }};
  }
  if (lab == "06") return lab06_run(lab06_settings().front().second);
  return std::nullopt;
}

/// Formats a JSON value for one table cell: objects as `name=value` pairs, fractional numbers
/// with two decimals, strings without quotes.
std::string cell(const nlohmann::json& v) {
  if (v.is_object()) {
    std::string out;
    for (const auto& [name, field] : v.items()) {
      if (!out.empty()) out += ' ';
      out += name + '=' + cell(field);
    }
    return out;
  }
  if (v.is_number_float()) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(2) << v.get<double>();
    return out.str();
  }
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

/// `2025-06-22T08:00:00Z` and `2025-06-22T08:05:00Z` as `2025-06-22T08:00:00Z .. 08:05:00Z`.
std::string window_cell(const std::string& start, const std::string& end) {
  const auto t = end.find('T');
  const bool same_day = t != std::string::npos && start.compare(0, t, end, 0, t) == 0;
  return start + " .. " + (same_day ? end.substr(t + 1) : end);
}

/// Collects what a lab writes and prints it as tables: window results per output topic, then
/// what happened to the late events (LATE panes and the late output). With a `live` stream it
/// also prints each result the moment it is written, for watching windows close.
class TableSink : public streamlab::Sink {
 public:
  TableSink(const std::vector<std::string>& internal, std::string late_topic, std::size_t limit,
            std::ostream* live = nullptr)
      : internal_(internal.begin(), internal.end()),
        late_topic_(std::move(late_topic)),
        limit_(limit),
        live_(live) {}

  void write(std::string_view topic, const streamlab::Record& record) override {
    const std::string name(topic);
    if (internal_.count(name)) return;  // repartition topics: plumbing, not results
    auto value = nlohmann::json::parse(record.value, nullptr, false);
    if (value.is_discarded()) value = record.value;  // not JSON: shown as the text it is
    if (live_ != nullptr) *live_ << '[' << name << ']' << result_line(value) << std::flush;
    if (name == late_topic_) {
      dropped_.push_back(std::move(value));
    } else if (value.is_object() && value.value("pane", "") == "LATE") {
      late_panes_.emplace_back(name, value);
      rows_[name].push_back(std::move(value));
    } else {
      rows_[name].push_back(std::move(value));
    }
  }

  /// Prints every table; at most `limit` rows each. The late events' section is left out when
  /// `late_section` is false (a lab without windows has no panes to speak of).
  void print(std::ostream& out, bool late_section = true) const {
    for (const auto& [topic, rows] : rows_) {
      out << "\n== " << topic << " (" << rows.size() << " results) ==\n";
      print_rows(out, rows);
    }
    if (!late_section) return;
    out << "\n== what happened to the late events ==\n"
        << late_panes_.size() << " LATE pane(s): a late event arrived after its window had fired "
        << "but within the allowed lateness, so the window was emitted again with the full value\n";
    std::vector<nlohmann::json> late_rows;
    for (const auto& [topic, pane] : late_panes_) late_rows.push_back(pane);
    print_rows(out, late_rows);
    out << dropped_.size() << " event(s) dropped to the late output (" << late_topic_
        << "): too late for every window they belong to\n";
    for (std::size_t i = 0; i < dropped_.size() && i < limit_; ++i) out << "  " << dropped_[i].dump() << '\n';
  }

  /// The results written to `topic`, in the order written.
  [[nodiscard]] const std::vector<nlohmann::json>& results(const std::string& topic) const {
    static const std::vector<nlohmann::json> kNone;
    const auto it = rows_.find(topic);
    return it == rows_.end() ? kNone : it->second;
  }

 private:
  static bool is_window_result(const nlohmann::json& r) {
    return r.is_object() && r.contains("window_start") && r.contains("pane");
  }

  /// One result as a table line: window, key, pane, count and value columns for a window result,
  /// the value alone otherwise.
  static std::string result_line(const nlohmann::json& r) {
    if (!is_window_result(r)) return "  " + cell(r) + '\n';
    return fmt_row(window_cell(r.value("window_start", ""), r.value("window_end", "")),
                   cell(r.value("key", nlohmann::json())), r.value("pane", ""),
                   cell(r.value("count", nlohmann::json())), cell(r.value("value", nlohmann::json())));
  }

  void print_rows(std::ostream& out, const std::vector<nlohmann::json>& rows) const {
    if (!rows.empty() && is_window_result(rows.front()))
      out << fmt_row("window", "key", "pane", "count", "value");
    for (std::size_t i = 0; i < rows.size() && i < limit_; ++i) out << result_line(rows[i]);
    if (rows.size() > limit_) out << "  ... " << rows.size() - limit_ << " more (--limit N shows more)\n";
  }

  static std::string fmt_row(const std::string& window, const std::string& key, const std::string& pane,
                             const std::string& count, const std::string& value) {
    std::ostringstream out;
    out << "  " << std::left << std::setw(44) << window << std::setw(14) << key << std::setw(9) << pane
        << std::right << std::setw(6) << count << "  " << value << '\n';
    return out.str();
  }

  std::set<std::string> internal_;
  std::string late_topic_;
  std::size_t limit_;
  std::ostream* live_;
  std::map<std::string, std::vector<nlohmann::json>> rows_;
  std::vector<std::pair<std::string, nlohmann::json>> late_panes_;
  std::vector<nlohmann::json> dropped_;
};

/// A check for --seed and --limit: the value must be a plain decimal number that fits in `Number`.
/// CLI11 2.1 converts unsigned options with strtoull(text, nullptr, 0), which takes "-1" as the
/// largest value, "010" as octal and clamps on overflow; this check rejects the first and the last
/// and rewrites the text to canonical decimal, so CLI11's conversion then reads the number meant.
template <typename Number>
CLI::Validator decimal() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        Number n{};
        const char* end = text.data() + text.size();
        const auto [p, ec] = std::from_chars(text.data(), end, n);
        if (text.empty() || ec != std::errc{} || p != end)
          return "'" + text + "' is not a decimal number in 0.." +
                 std::to_string(std::numeric_limits<Number>::max());
        text = std::to_string(n);
        return {};
      },
      "");
}

/// Reports a usage error in one line on stderr; returns the usage exit status (2).
int usage(const std::string& why) {
  std::cerr << "streamlab-lab: " << why << " (--help shows the flags)\n";
  return 2;
}

void print_accounting(const streamlab::Accounting& a) {
  std::cout << "# accounting: in " << a.records_in;
  if (a.repartition_in > 0) std::cout << ", read back from repartition topics " << a.repartition_in;
  std::cout << ", contributed " << a.contributed << ", late output " << a.late_output << ", dead letters "
            << a.dead_letters << ", late accepted " << a.late_accepted << ", join unmatched "
            << a.join_unmatched
            << (a.invariant_holds() ? " (every record accounted for)" : " (INVARIANT BROKEN)") << '\n';
}

/// Where and how the Kafka mode connects, from `--kafka`, `-X` and `--kafka-config`.
struct KafkaFlags {
  std::string bootstrap;
  std::vector<std::string> properties;
  fs::path properties_file;
  std::string idle_timeout;  // empty: the default for the mode
  bool scale_out{false};
  std::string guarantee{"at-least-once"};
};

/// How long a silent partition holds event time back with --follow unless --idle-timeout says
/// otherwise: long enough for a replay's pauses, short enough to watch windows close in class.
constexpr auto kFollowIdleTimeout = std::chrono::seconds{5};

#if STREAMLAB_WITH_KAFKA
int run_kafka(const std::string& lab, const LabRun& run, const KafkaFlags& flags, std::size_t limit,
              bool follow) {
  streamlab::kafka::KafkaRunOptions options;
  try {
    options.client =
        streamlab::kafka::client_config_from_flags(flags.bootstrap, flags.properties, flags.properties_file);
  } catch (const std::invalid_argument& e) {
    return usage(e.what());
  } catch (const streamlab::InputError& e) {
    return usage(e.what());
  }
  if (flags.guarantee == "exactly-once" && !flags.scale_out) {
    return usage(
        "--guarantee exactly-once needs --scale-out: its state is rebuilt from the repartition topics, which "
        "the transactions cover");
  }
  if (!flags.idle_timeout.empty()) {
    const auto idle = streamlab::try_parse_duration(flags.idle_timeout);
    if (!idle || *idle <= streamlab::Duration::zero()) {
      return usage("--idle-timeout: '" + flags.idle_timeout + "' is not a positive duration (e.g. 5s, 1m)");
    }
    options.idleness = *idle;
  } else if (follow) {
    options.idleness = kFollowIdleTimeout;
  }
  try {
    streamlab::Topology topology = streamlab::build_topology(run.config, run.build);
    streamlab::kafka::ShutdownSignal shutdown;
    options.group_id = run.config.application_id;
    options.stop_at_end = !follow;
    options.scale_out = flags.scale_out;
    options.exactly_once = flags.guarantee == "exactly-once";
    options.shutdown = &shutdown;
    TableSink tables{topology.internal_topics(), run.config.application_id + "-late", limit,
                     follow ? &std::cout : nullptr};
    options.tap = &tables;
    std::cout << "# lab " << lab << " in Kafka mode on " << flags.bootstrap << '\n'
              << topology.describe()
              << (follow ? "# following the input topics: each result is printed as it is "
                           "produced; Ctrl-C stops (open windows are not fired)\n"
                         : "")
              << std::flush;
    const auto report = streamlab::kafka::run_on_kafka(topology, options);
    std::cout << "# results written to:";
    for (const auto& t : topology.output_topics()) std::cout << ' ' << t;
    std::cout << " (and " << run.config.application_id << "-late, " << run.config.application_id
              << "-dead-letters)\n# produced " << report.sink.written << ", delivered "
              << report.sink.delivered << ", failed " << report.sink.failed << ", rebalances "
              << report.rebalances << (report.interrupted ? ", interrupted" : "") << '\n';
    tables.print(std::cout);
    std::cout << '\n';
    print_accounting(report.accounting);
    for (const auto& t : report.truncated) {
      std::cout << "# WARNING: the broker no longer holds " << t.partition.topic << '['
                << t.partition.partition << "] from offset " << t.wanted
                << " (the first record it holds is at offset " << t.first_held
                << "): " << (t.first_held - t.wanted)
                << " records were deleted before this run could read them (retention, or the classroom "
                   "broker's per-partition cap), so these results and this accounting miss them\n";
    }
    const bool partial = !report.shared_group.empty() && !topology.internal_topics().empty();
    if (partial) {
      std::cout << "# WARNING: the consumer group " << options.group_id << " gave this instance only "
                << report.shared_group
                << " input partitions: another instance of the lab was running, and without --scale-out each "
                   "instance aggregates only what it reads, so these results are partial. Run every instance "
                   "with --scale-out (docs/kafka.md, Scale-out).\n";
    }
    return report.sink.failed == 0 && report.truncated.empty() && !partial ? 0 : 1;
  } catch (const streamlab::labs::NotImplemented& e) {
    std::cerr << "streamlab run: lab " << lab << " is not complete: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "streamlab run: " << e.what() << '\n';
    return 1;
  }
}
#endif

/// Lab 05 has no windows: instead of panes, it prints how good the alerts are against the
/// dataset's `anomaly` labels (precision, recall) and which readings arrived behind the
/// watermark (the source's, by the framework's WatermarkTracker), the ones a detector that judges
/// on arrival gets in the wrong order.
void print_lab05_report(std::ostream& out, const TableSink& sink, const lab05::AnomalyConfig& config,
                        const streamlab::sim::Dataset& data, const streamlab::sim::ArrivalSequence& arrivals,
                        const streamlab::WatermarkStrategy& strategy, std::size_t limit) {
  std::set<std::pair<std::string, std::string>> labelled;
  for (const auto& r : data.records) {
    const auto v = nlohmann::json::parse(r.value, nullptr, false);
    if (v.is_object() && v.value("anomaly", false))
      labelled.insert({v.value("host", ""), streamlab::format_timestamp(r.timestamp)});
  }
  std::set<std::pair<std::string, std::string>> alerted;
  for (const auto& a : sink.results(config.alerts)) {
    if (!a.is_object() || !a.contains("time")) continue;
    alerted.insert(
        {a.value("host", ""), streamlab::format_timestamp(streamlab::labs::time_from_json(a.at("time")))});
  }
  std::size_t true_alerts = 0;
  for (const auto& a : alerted) true_alerts += labelled.count(a);
  const auto ratio = [](std::size_t a, std::size_t b) {
    std::ostringstream text;
    if (b == 0)
      text << "n/a";
    else
      text << std::fixed << std::setprecision(3) << static_cast<double>(a) / static_cast<double>(b);
    return text.str();
  };
  out << "\n== alert quality against the dataset's anomaly labels ==\n"
      << "  " << alerted.size() << " alert(s), " << labelled.size() << " labelled anomalies, " << true_alerts
      << " alert(s) on a labelled reading\n"
      << "  precision " << ratio(true_alerts, alerted.size()) << " (true alerts / alerts), recall "
      << ratio(true_alerts, labelled.size()) << " (true alerts / labelled anomalies)\n";

  streamlab::WatermarkTracker tracker(strategy, static_cast<std::size_t>(std::max(arrivals.partitions, 1)));
  std::vector<std::string> behind;
  for (const auto& arrival : arrivals.arrivals) {
    const auto& record = data.records[arrival.index];
    const streamlab::Timestamp before = tracker.current();
    if (record.timestamp < before) {
      const auto v = nlohmann::json::parse(record.value, nullptr, false);
      behind.push_back((v.is_object() ? v.value("host", std::string{"?"}) : std::string{"?"}) +
                       " reading of " + streamlab::format_timestamp(record.timestamp) +
                       " arrived at watermark " + streamlab::format_timestamp(before) + " (partition " +
                       std::to_string(arrival.partition) + ")");
    }
    tracker.on_event(static_cast<streamlab::PartitionId>(arrival.partition), record.timestamp,
                     arrival.processing_time);
  }
  out << "\n== readings that arrived behind the watermark ==\n"
      << "  " << behind.size() << " of " << arrivals.arrivals.size()
      << " reading(s) arrived with an event time below the watermark (largest time seen - "
      << streamlab::format_duration(strategy.max_out_of_orderness)
      << ", the minimum over partitions): an event-time timer judges them in order only if they are "
         "not behind it; every other reading that arrived out of order is put back in order by the timer\n";
  for (std::size_t i = 0; i < behind.size() && i < limit; ++i) out << "  " << behind[i] << '\n';
  if (behind.size() > limit) out << "  ... " << behind.size() - limit << " more (--limit N shows more)\n";
}

/// What one run of a lab's topology on the simulator produced.
struct Simulated {
  std::string description;  ///< The topology, described.
  TableSink sink;           ///< Its results.
  streamlab::Accounting accounting;
  std::vector<streamlab::sim::Dataset> inputs_read;
  std::vector<streamlab::sim::ArrivalSequence> inputs_arrived;
};

/// Runs `run` on the simulator over its datasets (from `datasets`) arriving under `scenario`.
Simulated simulate(const LabRun& run, const streamlab::sim::Scenario& scenario,
                   std::optional<std::uint64_t> seed, const fs::path& datasets, std::size_t limit) {
  streamlab::sim::Log log;
  std::vector<streamlab::sim::Dataset> inputs_read;
  std::vector<streamlab::sim::ArrivalSequence> inputs_arrived;
  for (const auto& in : run.inputs) {
    streamlab::sim::DatasetOptions options;
    options.key_field = in.key_field;
    auto data = streamlab::sim::load_dataset(datasets / in.file, options);
    auto arrivals = streamlab::sim::apply_scenario(data.records, scenario, seed);
    streamlab::sim::produce_arrivals(log, in.topic, arrivals);
    inputs_read.push_back(std::move(data));
    inputs_arrived.push_back(std::move(arrivals));
  }
  streamlab::Topology topology = streamlab::build_topology(run.config, run.build);
  streamlab::sim::SimulatorSourceOptions options;
  options.topics = topology.source_topics();
  options.group = run.config.application_id;
  streamlab::sim::SimulatorSource source{log, options};
  Simulated out{topology.describe(),
                TableSink{topology.internal_topics(), run.config.application_id + "-late", limit},
                {},
                std::move(inputs_read),
                std::move(inputs_arrived)};
  streamlab::RuntimeOptions runtime_options;
  runtime_options.poll_timeout = streamlab::Duration{0};
  streamlab::Runtime runtime{topology, source, out.sink, runtime_options};
  runtime.run();
  out.accounting = runtime.accounting();
  return out;
}

/// Lab 06: the same aggregation in each of lab06_settings(), one after the other, so that the
/// outputs can be compared: how many results each emits, the first of them, and what was late.
void print_lab06_settings(std::ostream& out, const streamlab::sim::Scenario& scenario,
                          std::optional<std::uint64_t> seed, const fs::path& datasets, std::size_t limit) {
  out << "# lab 06 on scenario '" << scenario.name
      << "': revenue per category in 1-minute windows, W = largest sale time - 5s, in "
      << lab06_settings().size() << " settings\n";
  for (const auto& [name, config] : lab06_settings()) {
    Simulated sim = simulate(lab06_run(config), scenario, seed, datasets, limit);
    const auto& results = sim.sink.results(config.revenue);
    out << "\n#### " << name << ": " << results.size() << " result(s), " << sim.accounting.late_output
        << " sale(s) in the late output\n";
    sim.sink.print(out, false);
  }
  out << "\n# Same sales, same windows: the settings differ in how many results leave, which panes, when, "
         "and which sales count. README.md asks you to predict each before you run it.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::string lab;
  std::string scenario_name = "in-order";
  std::uint64_t seed_value = 0;
  std::string datasets_dir = "datasets";
  std::size_t limit = 20;
  std::string kafka_config;
  KafkaFlags kafka;

  CLI::App app{
      "Runs one lab's topology on the simulator over the lab's datasets under a disorder "
      "scenario (or in Kafka mode with --kafka) and prints every output topic as a table, "
      "what happened to the late events and the record accounting.",
      argc > 0 ? fs::path(argv[0]).filename().string() : "streamlab-lab"};
  app.add_option("NN", lab,
                 "The lab: 01 word count, 02 windowed sales, 03 sessions, "
                 "04 stream-table join, 05 anomaly detection, 06 output modes and triggers")
      ->required();
  app.add_option("--scenario", scenario_name,
                 "A shipped scenario (in-order, jitter, late-arrivals, reorder, idle-partition, duplicates, "
                 "classroom-demo) or a scenario file")
      ->capture_default_str();
  auto* seed_flag = app.add_option("--seed", seed_value, "Overrides the scenario's seed")
                        ->transform(decimal<std::uint64_t>());
  app.add_option("--datasets", datasets_dir, "Directory of the lab datasets")->capture_default_str();
  app.add_option("--limit", limit, "Rows printed per table")
      ->transform(decimal<std::size_t>())
      ->capture_default_str();
  auto* kafka_flag =
      app.add_option("--kafka", kafka.bootstrap,
                     "Run in Kafka mode against these bootstrap servers (HOST:PORT[,...]); the lab's input "
                     "topics must already hold the data");
  app.add_option("-X", kafka.properties, "A librdkafka property key=value (repeatable)")
      ->allow_extra_args(false)
      ->needs(kafka_flag);
  app.add_option("--kafka-config", kafka_config, "A librdkafka properties file (key=value lines); -X wins")
      ->needs(kafka_flag);
  app.add_option("--idle-timeout", kafka.idle_timeout,
                 "With --kafka: a partition silent this long (wall clock) stops holding event time back "
                 "(Flink's withIdleness); default 5s with --follow, none otherwise")
      ->needs(kafka_flag);
  app.add_flag("--scale-out", kafka.scale_out,
               "With --kafka: share the work with every instance started with the same lab (one "
               "consumer group); stages behind a repartition read it back from its topic, so N "
               "instances together give one instance's results (docs/kafka.md, Scale-out)")
      ->needs(kafka_flag);
  app.add_option("--guarantee", kafka.guarantee,
                 "With --kafka: at-least-once (default) or exactly-once (needs --scale-out): each "
                 "checkpoint is one Kafka transaction with the results and the consumed offsets")
      ->check(CLI::IsMember({"at-least-once", "exactly-once"}))
      ->needs(kafka_flag);
  bool follow = false;
  app.add_flag("--follow", follow,
               "With --kafka: keep reading until Ctrl-C and print each result as it is produced, "
               "instead of stopping at the end of the input and firing every open window")
      ->needs(kafka_flag);
  app.footer(
      "Examples:\n"
      "  streamlab-lab-solution 02 --scenario late-arrivals --seed 7 --datasets datasets\n"
      "  streamlab-lab-solution 02 --kafka 127.0.0.1:9092 [--follow] [-X key=value ...] [--kafka-config "
      "FILE]\n"
      "Usage errors exit 2; an incomplete lab exits 1 naming what to write.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage(e.what());
  }
  if (!kafka_config.empty()) kafka.properties_file = kafka_config;
  const std::optional<std::uint64_t> seed =
      *seed_flag ? std::optional<std::uint64_t>(seed_value) : std::nullopt;
  const fs::path datasets = datasets_dir;
  auto run = lab_run(lab);
  if (!run) return usage("no lab '" + lab + "' (01 .. 06)");
  if (!kafka.bootstrap.empty()) {
#if STREAMLAB_WITH_KAFKA
    return run_kafka(lab, *run, kafka, limit, follow);
#else
    return usage("--kafka: this build has no Kafka support (STREAMLAB_BUILD_KAFKA=OFF)");
#endif
  }
  try {
    const auto scenario = streamlab::sim::resolve_scenario(scenario_name);
    if (lab == "06") {
      print_lab06_settings(std::cout, scenario, seed, datasets, limit);
      return 0;
    }
    Simulated sim = simulate(*run, scenario, seed, datasets, limit);
    std::cout << "# lab " << lab << " on scenario '" << scenario.name << "'\n" << sim.description;
    sim.sink.print(std::cout, lab != "05");
    if (lab == "05")
      print_lab05_report(std::cout, sim.sink, lab05::AnomalyConfig{}, sim.inputs_read.front(),
                         sim.inputs_arrived.front(), run->config.watermark, limit);
    std::cout << '\n';
    print_accounting(sim.accounting);
    return 0;
  } catch (const streamlab::labs::NotImplemented& e) {
    std::cerr << "streamlab run: lab " << lab << " is not complete: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "streamlab run: " << e.what() << '\n';
    return 1;
  }
}
