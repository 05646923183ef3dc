// Kafka mode: the deterministic Runtime over a KafkaSource and a KafkaSink, with commits gated to
// points where no window holds state, restarts on revocation, and graceful shutdown.
#include "streamlab/kafka/kafka_run.hpp"

#include <algorithm>
#include <deque>
#include <random>
#include <sstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "scale_out_source.hpp"
#include "streamlab/kafka/kafka_admin.hpp"
#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/runtime/runtime.hpp"

namespace streamlab::kafka {
namespace {

/// Why the gated source stopped the current Runtime.
enum class StopReason { Shutdown, Revoked };

/// Thrown through Runtime::run() to leave it without finishing the input.
struct Stop {
  StopReason reason;
};

/// Puts itself between the Runtime and the KafkaSource: forwards commits only when no window
/// holds state (so the committed position never hides a record an unfired window depends on),
/// and stops the Runtime on a shutdown request or a revocation.
class GatedSource final : public Source {
 public:
  GatedSource(KafkaSource& source, const ShutdownSignal* shutdown) : source_(source), shutdown_(shutdown) {}

  void attach(const Runtime* runtime) { runtime_ = runtime; }

  /// Reads until the group has given this instance partitions, keeping what arrived for next().
  /// A Runtime built afterwards knows every assigned partition from the start, so a partition
  /// that has not delivered yet holds the watermark back (until idle) instead of being ignored.
  /// Returns false when a shutdown was requested or a bounded source ended meanwhile.
  bool wait_for_assignment() {
    empty_.clear();
    return read_ahead_until([this] { return !source_.partitions().empty(); },
                            std::chrono::steady_clock::time_point::max());
  }

  /// In a bounded run, reads on until each assigned partition has either given a record or been
  /// read to its end, and leaves the partitions with nothing to read out of partitions(): they
  /// would hold the watermark at -infinity until the end of the input, where the simulator, which
  /// has no such partition, fires windows as event time advances. Gives up after `limit`; a
  /// partition still unknown then counts as one with records.
  void settle_empty_partitions(Duration limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    const auto known = [this] {
      const auto assigned = source_.partitions();
      return std::all_of(assigned.begin(), assigned.end(),
                         [this](const TopicPartition& tp) { return source_.has_records(tp).has_value(); });
    };
    if (!read_ahead_until(known, until) && shutdown_ != nullptr && shutdown_->requested()) return;
    for (const auto& tp : source_.partitions()) {
      if (source_.has_records(tp) == std::optional<bool>{false}) empty_.insert(tp);
    }
  }

  std::optional<SourceEvent> next(Duration max_wait) override {
    SourceEvent event;
    if (!next_into(max_wait, event)) return std::nullopt;
    return event;
  }

  bool next_into(Duration max_wait, SourceEvent& event) override {
    if (shutdown_ != nullptr && shutdown_->requested()) throw Stop{StopReason::Shutdown};
    if (!buffered_.empty()) {
      event = std::move(buffered_.front());
      buffered_.pop_front();
      return true;
    }
    if (!source_.next_into(max_wait, event)) return false;
    if (const auto* change = std::get_if<AssignmentChange>(&event.payload);
        change != nullptr && !change->revoked.empty()) {
      throw Stop{StopReason::Revoked};
    }
    return true;
  }

  [[nodiscard]] std::vector<TopicPartition> partitions() const override {
    auto assigned = source_.partitions();
    std::erase_if(assigned, [this](const TopicPartition& tp) { return empty_.contains(tp); });
    return assigned;
  }

  void commit(const TopicPartition& partition, std::int64_t offset) override {
    if (runtime_ != nullptr && runtime_->windows_held() == 0) source_.commit(partition, offset);
  }

 private:
  /// Reads from the source, keeping the records for next(), until `done()` holds or `until`
  /// passes. Returns false when a shutdown was requested or a bounded source ended first.
  template <typename Done>
  bool read_ahead_until(const Done& done, std::chrono::steady_clock::time_point until) {
    while (!done() && std::chrono::steady_clock::now() < until) {
      if (shutdown_ != nullptr && shutdown_->requested()) return false;
      auto event = source_.next(std::chrono::milliseconds{100});
      if (!event) return false;
      if (std::holds_alternative<ConsumedRecord>(event->payload)) buffered_.push_back(*event);
    }
    return true;
  }

  KafkaSource& source_;
  const ShutdownSignal* shutdown_;
  const Runtime* runtime_{nullptr};
  std::deque<SourceEvent> buffered_;
  std::set<TopicPartition> empty_;  // assigned partitions a bounded run found with nothing to read
};

/// Writes to the Kafka sink and then to the tap, if any.
class TappedSink final : public Sink {
 public:
  TappedSink(KafkaSink& kafka, Sink* tap) : kafka_(kafka), tap_(tap) {}
  void write(std::string_view topic, const Record& record) override {
    kafka_.write(topic, record);
    if (tap_ != nullptr) tap_->write(topic, record);
  }
  void flush() override { kafka_.flush(); }

 private:
  KafkaSink& kafka_;
  Sink* tap_;
};

/// The assigned partitions whose broker no longer holds the records the run must start from.
void check_truncation(const KafkaSource& source, bool from_earliest, std::vector<TruncatedInput>& out) {
  constexpr Duration kTimeout = std::chrono::seconds{10};
  const auto partitions = source.partitions();
  const auto first_held_of = source.log_start_offsets(partitions, kTimeout);
  for (const auto& position : source.committed(partitions, kTimeout)) {
    const TopicPartition& tp = position.first;
    if (position.second < 0 && !from_earliest) continue;  // starts at the end: nothing older is wanted
    const std::int64_t wanted = std::max<std::int64_t>(position.second, 0);
    const std::int64_t first_held = first_held_of.at(tp);
    if (first_held <= wanted) continue;
    const bool known =
        std::any_of(out.begin(), out.end(), [&](const TruncatedInput& t) { return t.partition == tp; });
    if (!known) out.push_back(TruncatedInput{tp, wanted, first_held});
  }
}

void add(Accounting& total, const Accounting& part) {
  total.records_in += part.records_in;
  total.contributed += part.contributed;
  total.dropped_late += part.dropped_late;
  total.late_output += part.late_output;
  total.dead_letters += part.dead_letters;
  total.results_out += part.results_out;
  total.unaccounted += part.unaccounted;
  total.records_ignored += part.records_ignored;
  total.repartitioned += part.repartitioned;
  total.repartition_in += part.repartition_in;
  total.suppressed += part.suppressed;
  total.late_accepted += part.late_accepted;
  total.join_unmatched += part.join_unmatched;
  total.dead_letter_log.insert(total.dead_letter_log.end(), part.dead_letter_log.begin(),
                               part.dead_letter_log.end());
  total.late_log.insert(total.late_log.end(), part.late_log.begin(), part.late_log.end());
}

/// Records in `report` when the group gave this instance only part of the input partitions.
void note_shared_group(const KafkaSource& source, const Topology& topology, KafkaRunReport& report) {
  if (!report.shared_group.empty()) return;
  std::int32_t total = 0;
  for (const auto& topic : topology.source_topics())
    total += source.partition_count(topic, std::chrono::seconds{10});
  const auto assigned = static_cast<std::int32_t>(source.partitions().size());
  if (assigned < total) report.shared_group = std::to_string(assigned) + " of " + std::to_string(total);
}

/// Creates, before the first record is read, every topic `topology` writes that does not exist
/// yet: its outputs, its late output and its dead letters, and, when `repartition_partitions` is
/// not 0, its repartition topics (a run without scale-out writes them too, for the record). So
/// no write waits for a topic's auto-creation and its metadata mid-run, and a topic's partitions
/// do not depend on which writer came first. A cluster with a controller creates them through
/// the Admin API: the outputs with the brokers' defaults (`num.partitions`,
/// `default.replication.factor`), the repartition topics with `repartition_partitions`. One
/// without (the classroom broker, librdkafka's mock cluster, which has no Admin API for topics)
/// creates them on a metadata request, as on a producer's first write, with its default count.
/// Returns `existing` with the created topics added.
std::map<std::string, std::int32_t> create_written_topics(const Topology& topology, const KafkaAdmin& admin,
                                                          std::map<std::string, std::int32_t> existing,
                                                          bool has_controller,
                                                          std::int32_t repartition_partitions) {
  constexpr Duration kTimeout = std::chrono::seconds{30};
  std::vector<std::pair<std::string, std::int32_t>> written;
  for (const auto& topic : topology.output_topics()) written.emplace_back(topic, -1);
  written.emplace_back(topology.config().late_topic(), -1);
  written.emplace_back(topology.config().dead_letter_topic(), -1);
  if (repartition_partitions != 0) {
    for (const auto& binding : topology.graph().repartition_sources)
      written.emplace_back(binding.topic, repartition_partitions);
  }
  std::vector<std::string> created;  // through the Admin API, partition counts not known yet
  for (const auto& [topic, partitions] : written) {
    if (existing.contains(topic)) continue;
    if (has_controller) {
      admin.create_topic(topic, partitions, -1, kTimeout);
      created.push_back(topic);
    } else {
      existing[topic] = admin.auto_create_topic(topic, kTimeout);
    }
  }
  if (!created.empty()) {  // one listing for all: a cluster's defaults decide some counts
    const auto listed = admin.topics(kTimeout);
    for (const auto& topic : created) existing[topic] = listed.at(topic);
  }
  return existing;
}

/// The scale-out topics of `topology`: partition counts of its inputs, its repartition topics
/// created with the largest input's count (Kafka Streams' rule), and the input partitions that
/// hold no record at all (left out of the watermark, as a bounded run leaves them out).
detail::ScaleOutTopics scale_out_topics(Topology& topology, const KafkaRunOptions& options) {
  constexpr Duration kTimeout = std::chrono::seconds{30};
  const auto& graph = topology.graph();
  KafkaAdmin admin(options.client);
  const bool has_controller = admin.has_controller(kTimeout);
  const auto existing = create_written_topics(topology, admin, admin.topics(kTimeout), has_controller, 0);
  detail::ScaleOutTopics topics;
  topics.stop_at_end = options.stop_at_end;
  topics.inputs = topology.source_topics();
  std::int32_t widest = 1;
  for (const auto& topic : topics.inputs) {
    const auto it = existing.find(topic);
    if (it == existing.end()) {
      throw KafkaError("input topic '" + topic + "' does not exist at '" + options.client.bootstrap_servers +
                       "': create it (with its partitions) before a scale-out run");
    }
    topics.partition_counts[topic] = it->second;
    widest = std::max(widest, it->second);
    for (std::int32_t p = 0; p < it->second; ++p) {
      const TopicPartition tp{topic, p};
      const auto offsets = admin.offsets(tp, kTimeout);
      if (offsets.high == 0) topics.empty_inputs.insert(tp);
    }
  }
  for (const auto& binding : graph.repartition_sources) {
    const auto it = existing.find(binding.topic);
    if (it != existing.end() && it->second != widest) {
      throw KafkaError("repartition topic '" + binding.topic + "' has " + std::to_string(it->second) +
                       " partitions, but a scale-out run needs " + std::to_string(widest) +
                       " (as many as its widest input topic): delete it (it holds only this application's "
                       "intermediate records) and run again");
    }
    // A cluster without a controller (the classroom broker) would create it only with its own
    // default count, which is not the one this run needs: say how to create it instead.
    if (it == existing.end() && !has_controller) {
      throw KafkaError("repartition topic '" + binding.topic + "' does not exist at '" +
                       options.client.bootstrap_servers +
                       "', a cluster that cannot create topics through the Admin API (the classroom broker): "
                       "create it with " +
                       std::to_string(widest) +
                       " partitions (as many as the widest input "
                       "topic), for example `streamlab broker --topic " +
                       binding.topic + " --partitions " + std::to_string(widest) + " ...`");
    }
    // -1: the brokers' default replication.
    if (it == existing.end()) admin.create_topic(binding.topic, widest, -1, kTimeout);
    topics.repartition.push_back(binding.topic);
    topics.partition_counts[binding.topic] = widest;
  }
  return topics;
}

/// The consumer group of a run: the option, or the application id (as Kafka Streams does).
std::string source_options_group(const KafkaRunOptions& options, const streamlab::detail::Graph& graph) {
  return options.group_id.empty() ? graph.config.application_id : options.group_id;
}

/// How long a scale-out run lets an empty input partition with unread data hold its other
/// input partitions back: exact results matter more there than latency.
constexpr Duration kScaleOutPartitionWait = std::chrono::seconds{30};

/// A scale-out run (KafkaRunOptions::scale_out): one consumer of the input and repartition
/// topics behind a ScaleOutSource, restarted from the committed offsets after a rebalance.
KafkaRunReport run_scaled_out(Topology& topology, const KafkaRunOptions& options) {
  auto& graph = topology.graph();
  const detail::ScaleOutTopics topics = scale_out_topics(topology, options);

  KafkaSourceOptions source_options;
  source_options.client = options.client;
  source_options.group_id = source_options_group(options, graph);
  source_options.topics = topics.inputs;
  source_options.topics.insert(source_options.topics.end(), topics.repartition.begin(),
                               topics.repartition.end());
  source_options.unsynchronized_topics = {topics.repartition.begin(), topics.repartition.end()};
  source_options.from_beginning_topics = source_options.unsynchronized_topics;
  // A table's topic is its changelog (as Kafka Streams uses a source table's topic): a restarted
  // instance reads it again from the start, merged by timestamp with the stream it resumes, so
  // each stream record meets the table as it was at that record's place.
  for (const auto& binding : graph.sources) {
    if (binding.table) source_options.from_beginning_topics.insert(binding.topic);
  }
  source_options.auto_offset_reset = options.auto_offset_reset;
  source_options.stop_at_end = false;  // the ScaleOutSource knows when the whole run has ended
  // The instance's own partitions (a stream and its table's changelog) must interleave as the
  // data says, or a join meets another table version than on one instance: after a rebalance a
  // partition's first fetch can take longer than the 2 s a single-instance run waits.
  source_options.max_partition_wait = kScaleOutPartitionWait;
  source_options.commit_interval = options.checkpoint_interval;
  KafkaSource source(std::move(source_options));
  KafkaSinkOptions sink_options;
  sink_options.client = options.client;
  if (options.exactly_once) {
    auto& properties = sink_options.client.properties;
    const auto given = [&](const std::string& key) {
      return std::any_of(properties.begin(), properties.end(), [&](const auto& p) { return p.first == key; });
    };
    if (!given("transactional.id")) {
      std::random_device entropy;  // a new id per process: a restarted instance is a new producer
      std::ostringstream id;
      id << source_options_group(options, graph) << '-' << std::hex << entropy() << entropy();
      properties.emplace_back("transactional.id", id.str());
    }
    if (!given("transaction.timeout.ms")) {
      properties.emplace_back("transaction.timeout.ms", "10000");
      // librdkafka refuses a message timeout beyond the transaction's.
      sink_options.delivery_timeout =
          std::min(sink_options.delivery_timeout, Duration{std::chrono::seconds{10}});
    }
  }
  KafkaSink sink(std::move(sink_options));

  std::map<std::string, nlohmann::json> initial;
  for (const auto& op : graph.operators) initial[op->name()] = op->snapshot();

  RuntimeOptions runtime_options;
  runtime_options.delivery = Delivery::AtLeastOnce;  // the transaction holds the output back
  runtime_options.checkpoint_every = 0;
  runtime_options.checkpoint_interval = options.checkpoint_interval;
  runtime_options.poll_timeout = std::chrono::milliseconds{100};
  runtime_options.scale_out = true;

  TappedSink tapped(sink, options.tap);
  KafkaRunReport report;
  for (bool first = true;; first = false) {
    if (!first) {
      for (const auto& op : graph.operators) op->restore(initial.at(op->name()));
    }
    detail::ScaleOutSource scaled(source, sink, topics, options.shutdown, options.exactly_once);
    if (!scaled.start()) {
      report.interrupted = options.shutdown != nullptr && options.shutdown->requested();
      break;
    }
    detail::DeliveryCommittingSink delivering(tapped, scaled);
    Runtime runtime(topology, scaled, delivering, runtime_options);
    try {
      runtime.run();
      add(report.accounting, runtime.accounting());
      report.released_positions += scaled.released();
      break;
    } catch (const detail::ScaleOutStop& stop) {
      add(report.accounting, runtime.accounting());
      report.released_positions += scaled.released();
      if (!stop.revoked) {
        scaled.hand_over();
        report.interrupted = true;
        break;
      }
      ++report.rebalances;  // downstream state is rebuilt from the repartition topics
    }
  }
  sink.flush();
  source.close();
  report.sink = sink.stats();
  return report;
}

}  // namespace

KafkaRunReport run_on_kafka(Topology& topology, const KafkaRunOptions& options) {
  for (const auto& [key, value] : options.client.properties) {
    if (key == "partition.assignment.strategy" && value.find("cooperative") != std::string::npos) {
      throw ConfigurationError(
          "Kafka mode rebuilds state from committed offsets at each rebalance and needs eager "
          "rebalancing: use partition.assignment.strategy=range or roundrobin");
    }
  }
  auto& graph = topology.graph();
  if (options.idleness) graph.config.watermark.idleness = options.idleness;
  if (options.exactly_once && (!options.scale_out || graph.repartition_sources.empty())) {
    throw ConfigurationError(
        "exactly-once in Kafka mode needs a scale-out run of a topology with a repartition (every lab): its "
        "state is rebuilt from the repartition topics, which the transactions cover; use --scale-out");
  }
  if (options.scale_out) {
    if (const auto* step = graph.state_before_repartition()) {
      // Refused rather than run: such a step's output would be lost or counted twice.
      std::string inputs;
      for (const auto& topic : step->topics) inputs += (inputs.empty() ? "'" : ", '") + topic + "'";
      throw ConfigurationError(
          "a scale-out run cannot hold the state of " + step->op + ", which reads input topic(s) " + inputs +
          " before any repartition topic: a scale-out run rebuilds only the state behind a repartition topic "
          "when a partition moves, and orders only the records a stage writes while it reads an input "
          "record, not those its watermark releases later; run this topology without --scale-out");
    }
    if (!graph.repartition_sources.empty()) return run_scaled_out(topology, options);
  }
  {
    constexpr Duration kTimeout = std::chrono::seconds{30};
    const KafkaAdmin admin(options.client);
    const auto existing = admin.topics(kTimeout);
    std::int32_t widest = 1;  // Kafka Streams' rule for repartition topics, as in scale-out
    for (const auto& topic : topology.source_topics()) {
      if (const auto it = existing.find(topic); it != existing.end()) widest = std::max(widest, it->second);
    }
    create_written_topics(topology, admin, existing, admin.has_controller(kTimeout), widest);
  }

  KafkaSourceOptions source_options;
  source_options.client = options.client;
  source_options.group_id = options.group_id.empty() ? graph.config.application_id : options.group_id;
  source_options.topics = topology.source_topics();
  source_options.auto_offset_reset = options.auto_offset_reset;
  source_options.stop_at_end = options.stop_at_end;
  source_options.commit_interval = options.checkpoint_interval;
  KafkaSource source(std::move(source_options));
  KafkaSinkOptions sink_options;
  sink_options.client = options.client;
  KafkaSink sink(std::move(sink_options));

  // Each Runtime after a revocation starts from the operators' initial (empty) state.
  std::map<std::string, nlohmann::json> initial;
  for (const auto& op : graph.operators) initial[op->name()] = op->snapshot();

  RuntimeOptions runtime_options;
  runtime_options.delivery = Delivery::AtLeastOnce;
  runtime_options.checkpoint_every = 0;
  runtime_options.checkpoint_interval = options.checkpoint_interval;
  runtime_options.poll_timeout = std::chrono::milliseconds{100};
  runtime_options.write_unread_repartition_topics = false;  // only a scale-out run reads them

  GatedSource gate(source, options.shutdown);
  TappedSink tapped(sink, options.tap);
  KafkaRunReport report;
  for (bool first = true;; first = false) {
    if (!first) {
      for (const auto& op : graph.operators) op->restore(initial.at(op->name()));
    }
    if (!gate.wait_for_assignment()) {
      report.interrupted = options.shutdown != nullptr && options.shutdown->requested();
      break;
    }
    if (options.stop_at_end) gate.settle_empty_partitions(std::chrono::seconds{10});
    note_shared_group(source, topology, report);
    check_truncation(source, options.auto_offset_reset == "earliest", report.truncated);
    Runtime runtime(topology, gate, tapped, runtime_options);
    gate.attach(&runtime);
    try {
      runtime.run();
      add(report.accounting, runtime.accounting());
      break;
    } catch (const Stop& stop) {
      add(report.accounting, runtime.accounting());
      gate.attach(nullptr);
      if (stop.reason == StopReason::Shutdown) {
        sink.flush();  // results so far are delivered; offsets only up to the last safe point
        report.interrupted = true;
        break;
      }
      ++report.rebalances;  // state is rebuilt from the committed offsets of the new assignment
    }
  }
  gate.attach(nullptr);
  sink.flush();
  source.close();  // commits the released offsets and leaves the group
  report.sink = sink.stats();
  return report;
}

}  // namespace streamlab::kafka
