/// @file
/// Kafka mode: run a Topology against a Kafka cluster, with the same runtime as the simulator.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "streamlab/dsl/topology.hpp"
#include "streamlab/io/sink.hpp"
#include "streamlab/kafka/client_config.hpp"
#include "streamlab/kafka/kafka_sink.hpp"
#include "streamlab/kafka/kafka_source.hpp"
#include "streamlab/kafka/shutdown_signal.hpp"
#include "streamlab/runtime/accounting.hpp"

namespace streamlab::kafka {

/// Settings of a Kafka-mode run.
struct KafkaRunOptions {
  /// Bootstrap servers and librdkafka properties, shared by the consumer and the producer.
  ClientConfig client;
  /// Consumer group; empty means the topology's application id (as Kafka Streams does).
  std::string group_id;
  /// Stop once every assigned input partition has been read to its end (a replayed dataset);
  /// the watermark then jumps to +infinity and every open window fires, as at the end of a
  /// simulator run. When false the run lasts until `shutdown` is requested. A bounded run leaves
  /// an assigned partition with nothing to read out of the watermark (as if the topic did not
  /// have it), so a topic with more partitions than the data fills gives the simulator's results.
  bool stop_at_end{false};
  /// Flink's `withIdleness`: a partition silent this long (wall clock) stops holding the
  /// watermark back. std::nullopt keeps the topology's own setting.
  std::optional<Duration> idleness;
  /// How often results are flushed and offsets committed (wall-clock processing time).
  Duration checkpoint_interval{std::chrono::seconds{1}};
  /// Where partitions without a committed offset start: `earliest` or `latest`.
  std::string auto_offset_reset{"earliest"};
  /// When given, a requested shutdown stops the run gracefully: results are flushed, delivered
  /// offsets committed and the group left; open windows are not fired (they are re-read next time).
  const ShutdownSignal* shutdown{nullptr};
  /// Scale-out (Kafka Streams' sub-topologies): instances started with the same group share the
  /// work and together give the results one instance would. Each stage behind a repartition
  /// reads its records back from the repartition topic (created up front with as many
  /// partitions as the largest input topic), on the instance that owns the partition; progress
  /// entries written to every repartition partition carry each input record's event time, so
  /// every instance moves its watermark at the same place of one global order. See
  /// docs/kafka.md, "Scale-out". A topology without a repartition runs as without it.
  bool scale_out{false};
  /// Exactly-once (needs `scale_out`): every checkpoint is one Kafka transaction holding the
  /// results, late records, dead letters, repartitioned records, progress entries, delivered
  /// markers and the consumed input offsets, so a `read_committed` reader (librdkafka's and
  /// Kafka's default) sees each result once, whatever instance is killed when. The producer's
  /// `transactional.id` is `<group>-<random>` unless `-X transactional.id=...` gives one, and
  /// `transaction.timeout.ms` is 10 s (Kafka Streams' value under exactly-once): a killed
  /// instance's open transaction holds readers back at most that long.
  bool exactly_once{false};
  /// When given, every record the run writes to Kafka (results, late output, dead letters,
  /// repartition records) is also handed to this sink, right after the Kafka producer took it:
  /// for printing results as they are produced (`streamlab run --kafka`) or for tests. After a
  /// rebalance it sees the repeated panes the topics get.
  Sink* tap{nullptr};
};

/// An input partition whose oldest records the broker has deleted before the run could read
/// them (time or size retention, the classroom broker's per-partition cap).
struct TruncatedInput {
  TopicPartition partition;    ///< The input partition.
  std::int64_t wanted{0};      ///< The offset the run had to start from (committed, or 0).
  std::int64_t first_held{0};  ///< The first offset the broker still holds.
  /// Field-by-field equality.
  friend bool operator==(const TruncatedInput&, const TruncatedInput&) = default;
};

/// What a Kafka-mode run did.
struct KafkaRunReport {
  Accounting accounting;       ///< Input and output counts, summed over restarts after rebalances.
  std::int64_t rebalances{0};  ///< Revocations that restarted the runtime from committed offsets.
  bool interrupted{false};     ///< True when the run stopped on a shutdown request.
  KafkaSinkStats sink;         ///< Producer counters.
  /// Input partitions that had lost records before the run read them: the results miss
  /// `first_held - wanted` records of each, which no accounting can see. Empty when none.
  std::vector<TruncatedInput> truncated;
  /// Without scale-out: the largest share of the input partitions another member of the group
  /// held while this instance ran, as "assigned of total" (for example 2 of 4), or empty when
  /// this instance always had every input partition. A topology with a repartition then gives
  /// partial results on each instance: run every instance with KafkaRunOptions::scale_out.
  std::string shared_group;
  /// Scale-out: positions of the global order this instance released downstream (summed over
  /// restarts, which release them again to rebuild the state).
  std::int64_t released_positions{0};
};

/// Runs `topology` against the cluster: reads its source topics as consumer group
/// `options.group_id`, writes its outputs, late records and dead letters to their topics.
///
/// Guarantee: at-least-once. Results are flushed (every delivery acknowledged) before offsets are
/// committed, and offsets are committed only at points where no window holds state, so a
/// restarted or re-balanced instance that re-reads from the committed offsets rebuilds every open
/// window completely; a repeated result is an identical pane. When partitions are revoked the
/// runtime's in-memory state is dropped and rebuilt from the committed offsets, which the new
/// assignment resumes from (eager rebalancing; `cooperative-sticky` is refused).
/// @throws BrokersUnreachable naming the bootstrap servers when the cluster cannot be reached
///         within ClientConfig::connect_timeout; KafkaError, DeliveryFailed on other failures.
KafkaRunReport run_on_kafka(Topology& topology, const KafkaRunOptions& options);

}  // namespace streamlab::kafka
