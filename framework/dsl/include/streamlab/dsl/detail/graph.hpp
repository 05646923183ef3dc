/// @file
/// The inside of a topology: typed ports wired by closures, stateful operators, source bindings.
/// Students never need this file; the DSL classes build it and the Runtime drives it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "streamlab/record.hpp"
#include "streamlab/dsl/streams_config.hpp"
#include "streamlab/engine/run_observer.hpp"
#include "streamlab/runtime/accounting.hpp"
#include "streamlab/serde/json_scratch.hpp"
#include "streamlab/time.hpp"

namespace streamlab::detail {

/// The input record that is being processed: where it came from.
struct Origin {
  TopicPartition source;   ///< Topic and partition.
  std::int64_t offset{0};  ///< Offset in the partition.
};

/// Where a record sent through a repartition step goes, which decides whether its key and value
/// serdes are exercised.
enum class RepartitionPath {
  /// Written to the topic, and the next stage reads it back from there, decoded, on whichever
  /// instance owns its partition (a scale-out run: Kafka Streams' sub-topologies).
  ThroughTopic,
  /// Written to the topic, and handed to the next stage in process as it is (the simulator, so
  /// its log shows each repartition topic as Kafka would hold it).
  WrittenAndInProcess,
  /// Only counted (Accounting::repartitioned) and handed on in process: nobody reads the topic
  /// in this run (a Kafka run without scale-out), so nothing is serialized.
  InProcess,
};

/// What operators may ask of the runtime while a topology runs.
class RunContext {
 public:
  virtual ~RunContext() = default;
  /// Writes `record` to `topic` through the runtime's Sink (held until commit under exactly-once).
  /// `is_result` counts it in Accounting::results_out (false for internal topics).
  virtual void emit(const std::string& topic, Record record, bool is_result) = 0;
  /// Runs `action` (a collector or file write) when the output is released, like emit().
  virtual void defer_result(std::function<void()> action) = 0;
  /// The current input record is processed (see Accounting::contributed).
  virtual void mark_contributed() = 0;
  /// The current input record (or a part of it) goes to the late output.
  virtual void send_late(LateOutputRecord record) = 0;
  /// `n` late events were added to kept windows.
  virtual void count_late_accepted(std::int64_t n) = 0;
  /// An inner join found no table row for an event.
  virtual void count_join_unmatched() = 0;
  /// Writes `record` to the repartition topic `topic` (counted in Accounting::repartitioned). In a
  /// scale-out run it carries the input record it came from, so the instance that reads it back
  /// can put it in the global order and drop a copy written twice after a restart.
  virtual void repartition(const std::string& topic, Record record) = 0;
  /// Where a repartitioned record goes in this run (see RepartitionPath).
  [[nodiscard]] virtual RepartitionPath repartition_path() const = 0;
  /// Counts a record handed on in process without writing it (Accounting::repartitioned).
  virtual void count_repartitioned() = 0;
  /// The repartition partition the output that follows belongs to (an operator emitting for a
  /// key from a watermark or a timer; see KeyChannels), or nullptr: the current record's.
  virtual void set_output_channel(const TopicPartition* channel) = 0;
  /// In a scale-out run, the repartition partition the record being processed was read back
  /// from (origin() then names the input record it came from); nullptr otherwise.
  [[nodiscard]] virtual const TopicPartition* input_channel() const = 0;
  /// The current input record cannot be used; it goes to the dead letters.
  virtual void dead_letter(std::string reason) = 0;
  /// Like dead_letter(reason), naming the field to blame.
  virtual void dead_letter(std::string reason, std::string field) = 0;
  /// The run's observer (tracing), or nullptr when nobody watches.
  [[nodiscard]] virtual RunObserver* observer() const = 0;
  /// The input record being processed, or the last one when a watermark or timer drives work.
  [[nodiscard]] virtual const Origin& origin() const = 0;
  /// The watermark before the current record (the one lateness is judged against).
  [[nodiscard]] virtual Timestamp watermark() const = 0;
  /// The processing time of the current arrival.
  [[nodiscard]] virtual Timestamp processing_time() const = 0;
  /// The run's JSON parser, which the sources decode every JSON value with: one per run, reused
  /// record after record, because building a parser costs more than parsing a small message.
  [[nodiscard]] virtual serdes::JsonScratch& json_scratch() = 0;
};

/// What travels with a record between operators: the runtime and the record's event time.
struct Env {
  RunContext* run{nullptr};  ///< The runtime.
  Timestamp timestamp{};     ///< Event time of this record.
};

/// An output of one operator that feeds any number of downstream operators.
template <class K, class V>
class Port {
 public:
  /// One downstream operator's entry point.
  using Downstream = std::function<void(const Env&, const K&, const V&)>;

  /// Adds a downstream operator.
  void connect(Downstream d) { downstream_.push_back(std::move(d)); }

  /// Hands a record to every downstream operator; a record nobody reads counts as processed.
  void push(const Env& env, const K& key, const V& value) const {
    if (downstream_.empty()) {
      env.run->mark_contributed();
      return;
    }
    for (const auto& d : downstream_) d(env, key, value);
  }

 private:
  std::vector<Downstream> downstream_;
};

/// A stateful operator: reacts to watermarks and the processing clock, and is checkpointed.
class Operator {
 public:
  virtual ~Operator() = default;
  /// A unique name in the topology, the key of its state in a checkpoint.
  [[nodiscard]] virtual std::string name() const = 0;
  /// The watermark rose to `watermark`: fire what it completes.
  virtual void on_watermark(RunContext& run, Timestamp watermark) {
    (void)run;
    (void)watermark;
  }
  /// The processing clock reached `now`: fire processing-time work.
  virtual void on_processing_time(RunContext& run, Timestamp now) {
    (void)run;
    (void)now;
  }
  /// The state as JSON.
  [[nodiscard]] virtual nlohmann::json snapshot() const = 0;
  /// Replaces the state with a snapshot().
  virtual void restore(const nlohmann::json& state) = 0;
  /// Windows whose state is held (0 for operators without windows).
  [[nodiscard]] virtual std::size_t windows_held() const { return 0; }
  /// Windows holding state that have not fired yet (0 for operators without windows).
  [[nodiscard]] virtual std::size_t windows_open() const { return 0; }
  /// The input ended and every window fired (after on_watermark(+infinity) reached all
  /// operators and the observer saw the end of input): report what is left to report.
  virtual void on_finished(RunContext& run) { (void)run; }
};

/// How one input topic enters the topology.
struct SourceBinding {
  std::string topic;  ///< The topic read.
  bool table{false};  ///< A changelog read into a table: it does not move the watermark.
  /// Decodes and routes one record; returns its event time, or std::nullopt after a dead letter.
  std::function<std::optional<Timestamp>(RunContext&, const ConsumedRecord&)> handle;
};

/// Two topics that must have the same number of partitions (a join's inputs).
struct CopartitionRule {
  std::string left;   ///< Stream-side topic.
  std::string right;  ///< Table-side topic.
  std::string what;   ///< The operator that needs it, for the error message.
};

/// A stateful operator and the topics its stream-side records come from.
struct StatefulStep {
  std::string op;                   ///< The operator's name, as in a checkpoint.
  std::vector<std::string> topics;  ///< Input or repartition topics feeding its stream side.
};

/// Everything a StreamsBuilder built: the graph the Runtime executes.
struct Graph {
  StreamsConfig config;                ///< Application id and watermark strategy.
  std::vector<SourceBinding> sources;  ///< One per input topic.
  /// One per repartition topic: how the next stage reads it back in a scale-out run.
  std::vector<SourceBinding> repartition_sources;
  std::vector<std::shared_ptr<Operator>> operators;       ///< Stateful operators, in creation order.
  std::vector<std::string> output_topics;                 ///< Topics the topology writes results to.
  std::vector<std::string> internal_topics;               ///< Repartition topics.
  std::vector<CopartitionRule> copartition;               ///< Partition-count requirements.
  std::vector<std::function<void(bool fresh)>> on_start;  ///< Opening of file outputs.
  /// Every operator keeping state of stream records (aggregations, windows, joins' buffers,
  /// process functions); a table's own store is not one: it is its changelog, read again.
  std::vector<StatefulStep> stateful_steps;
  int next_id{0};  ///< Counter for generated names.

  /// Records that `op` keeps state of the records of `topics` (see stateful_steps).
  void note_state(const std::string& op, const std::vector<std::string>& topics) {
    stateful_steps.push_back(StatefulStep{op, topics});
  }

  /// The first stateful step fed straight from an input topic rather than read back from a
  /// repartition topic, or nullptr. Its state lives where that input's partitions are read,
  /// which a scale-out run can neither rebuild on another instance nor place in its global order.
  [[nodiscard]] const StatefulStep* state_before_repartition() const {
    for (const auto& step : stateful_steps) {
      for (const auto& topic : step.topics) {
        if (std::find(internal_topics.begin(), internal_topics.end(), topic) == internal_topics.end())
          return &step;
      }
    }
    return nullptr;
  }

  /// A fresh operator name such as `KSTREAM-AGGREGATE-0000000004`.
  std::string make_name(const std::string& kind) {
    std::string n = std::to_string(next_id++);
    return kind + "-" + std::string(10 - std::min<std::size_t>(10, n.size()), '0') + n;
  }
};

}  // namespace streamlab::detail
