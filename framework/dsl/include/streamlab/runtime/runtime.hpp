/// @file
/// The executor: runs a Topology over a Source and a Sink, one event at a time, deterministically.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "streamlab/dsl/detail/graph.hpp"
#include "streamlab/dsl/topology.hpp"
#include "streamlab/engine/run_observer.hpp"
#include "streamlab/engine/watermark.hpp"
#include "streamlab/io/sink.hpp"
#include "streamlab/io/source.hpp"
#include "streamlab/runtime/accounting.hpp"
#include "streamlab/runtime/checkpoint.hpp"

namespace streamlab {

/// When results reach the sinks.
enum class Delivery {
  /// Output is held and released together with each checkpoint (a transactional commit, as
  /// Flink's two-phase-commit sinks): after a crash, the restarted run regenerates exactly the
  /// output that was not released, so every sink sees each result once.
  ExactlyOnce,
  /// Output goes to the sinks at once; offsets are committed at each checkpoint, after the sink
  /// is flushed. After a crash, results since the last checkpoint may be written twice.
  AtLeastOnce,
};

/// How a Runtime runs.
struct RuntimeOptions {
  Delivery delivery{Delivery::ExactlyOnce};  ///< When results reach the sinks.
  /// Take a checkpoint (and commit) every this many input records; 0 only at the end and on demand.
  std::int64_t checkpoint_every{1000};
  /// Also take one when this much processing time passed since the last (a live source's
  /// results are then not held longer than this); std::nullopt never.
  std::optional<Duration> checkpoint_interval{std::chrono::seconds{1}};
  /// Where checkpoints are kept; when it holds one, the Runtime restores it at construction.
  CheckpointStore* checkpoints{nullptr};
  /// How long Source::next() may wait for a live source.
  Duration poll_timeout{std::chrono::milliseconds{100}};
  /// Receives the run's trace (records, watermark moves, panes, dead letters); nullptr for none.
  RunObserver* observer{nullptr};
  /// The processing time the run starts at (a replayed file or the simulator start at the epoch);
  /// std::nullopt starts at the first event's processing time.
  std::optional<Timestamp> start{};
  /// Keep every dead letter and late record in Accounting's logs; a long run over a file turns
  /// this off so memory stays flat (the records still reach the Sink).
  bool log_records{true};
  /// Scale-out (Kafka Streams' sub-topologies): a record sent to a repartition topic is only
  /// written there, and the next stage reads it back from the topic (the instance that owns the
  /// repartition partition, maybe another); the watermark moves only with InputProgress
  /// events, never with the records this instance reads itself, and the Source is told of each
  /// processed input record (Source::processed) so it can tell the other instances.
  bool scale_out{false};
  /// Write repartitioned records to their topic in a run that does not read them back (not
  /// scale_out). A Kafka run turns it off: nobody reads those topics there, and producing every
  /// record once more per repartition step took half of lab 02's CPU. The simulator keeps it,
  /// so its log shows each repartition topic as Kafka would hold it.
  bool write_unread_repartition_topics{true};
};

/// Runs a Topology: pulls Source events in order, routes records through the operators, keeps
/// one watermark per input partition, fires timers and windows, writes results, late records
/// (`<application>-late`) and dead letters (`<application>-dead-letters`) to the Sink.
///
/// Repartitioned records are handed to the next stage in the same step, as they are, and written
/// to their internal topic through the Sink unless nobody reads it (detail::RepartitionPath);
/// only a scale-out run's next stage decodes them from the topic. The topology's watermark (minimum
/// over its stream partitions) reaches every operator, so a windowed result behind a repartition
/// equals the single-stage result (Flink forwards watermarks through shuffles the same way).
/// Partitions newly assigned by an AssignmentChange join the watermark minimum; revoked ones
/// stay in it until the idleness timeout leaves them out (set one when partitions move).
///
/// @code
/// streamlab::InMemoryCheckpointStore store;
/// streamlab::Runtime runtime{topology, source, sink, {.checkpoints = &store}};
/// runtime.run();
/// EXPECT_TRUE(runtime.accounting().invariant_holds());
/// @endcode
class Runtime final : private detail::RunContext {
 public:
  /// A runtime for `topology` reading `source` and writing `sink`; restores the latest checkpoint
  /// of `options.checkpoints` if there is one.
  /// @throws TopologyError when joined topics are not co-partitioned.
  Runtime(Topology& topology, Source& source, Sink& sink, RuntimeOptions options = {});
  ~Runtime() override;
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  /// Runs until the source is exhausted: the watermark then becomes +infinity, every window
  /// fires, and a last checkpoint releases all output and commits all offsets.
  void run();

  /// Processes at most `records` more input records (dead letters included). Returns true when
  /// the source ended (and the run was finished as by run()). Stopping early and destroying the
  /// Runtime is how tests simulate a crash: unreleased output and state are lost.
  bool process(std::int64_t records);

  /// Handles at most `events` more source events (records, marks, ticks), for a caller that
  /// feeds the source in-process and knows how many it queued. Returns true when the source
  /// ended (and the run was finished as by run()).
  bool process_events(std::int64_t events);

  /// Takes a checkpoint now: snapshots state and offsets, saves them, releases held output,
  /// flushes the sink and commits offsets to the source.
  void checkpoint();

  /// The counts so far.
  [[nodiscard]] const Accounting& accounting() const noexcept { return accounting_; }
  /// The topology's current watermark.
  [[nodiscard]] Timestamp watermark() const override { return watermark_; }
  /// The current processing time.
  [[nodiscard]] Timestamp processing_time() const override { return clock_; }
  /// The number of (key, window) aggregates all windowed operators hold.
  [[nodiscard]] std::size_t windows_held() const;
  /// The number of (key, window) aggregates that have not fired yet.
  [[nodiscard]] std::size_t windows_open() const;
  /// Whether the source ended and the run finished.
  [[nodiscard]] bool finished() const noexcept { return finished_; }
  /// How many checkpoints this Runtime took.
  [[nodiscard]] std::int64_t checkpoints_taken() const noexcept { return checkpoints_taken_; }
  /// Replaces the run's observer (nullptr: none) from the next record on, so a caller attaches
  /// tracing only while someone watches (the replay's web view); tracing costs when attached.
  void set_observer(RunObserver* observer) noexcept { options_.observer = observer; }

 private:
  struct Fate {
    bool active{false};
    bool contributed{false};
    bool late{false};
    bool dead{false};
    std::string reason;
    std::string field;
  };

  // RunContext
  void emit(const std::string& topic, Record record, bool is_result) override;
  void defer_result(std::function<void()> action) override;
  void mark_contributed() override;
  void send_late(LateOutputRecord record) override;
  void count_late_accepted(std::int64_t n) override;
  void count_join_unmatched() override;
  void repartition(const std::string& topic, Record record) override;
  [[nodiscard]] detail::RepartitionPath repartition_path() const override;
  void count_repartitioned() override;
  void set_output_channel(const TopicPartition* channel) override { output_channel_ = channel; }
  [[nodiscard]] const TopicPartition* input_channel() const override { return reading_back_; }
  void dead_letter(std::string reason) override;
  void dead_letter(std::string reason, std::string field) override;
  [[nodiscard]] RunObserver* observer() const override { return options_.observer; }
  [[nodiscard]] const detail::Origin& origin() const override { return origin_; }
  [[nodiscard]] serdes::JsonScratch& json_scratch() override { return json_scratch_; }

  // What is known of the partition the last record came from, so consecutive records of one
  // partition skip the map lookups.
  struct PartitionCache {
    TopicPartition source;
    const detail::SourceBinding* binding{nullptr};  // nullptr: a topic the topology ignores
    std::int64_t* next_offset{nullptr};
    std::optional<PartitionId> id;
  };
  PartitionCache& cache_for(const TopicPartition& source);

  void check_copartitioning() const;
  void restore(const Checkpoint& checkpoint);
  bool step();
  void on_event(const SourceEvent& event);
  // `malformed`: the source already knows the record is a dead letter, and why.
  void on_record(const ConsumedRecord& record, const std::string* malformed = nullptr);
  void on_progress(const InputProgress& progress);
  void advance_clock(Timestamp now);
  void advance_watermark(Timestamp w);
  // Tells the observer of each partition whose watermark or idleness changed (several only).
  void report_partitions();
  void finish();
  PartitionId partition_id(const TopicPartition& tp);
  void release(std::function<void()> action);

  detail::Graph& graph_;
  Source& source_;
  Sink& sink_;
  RuntimeOptions options_;
  std::map<std::string, const detail::SourceBinding*> bindings_;
  std::set<std::string> repartition_topics_;  // read back in a scale-out run
  std::int64_t repartition_index_{0};         // records the current input record sent to repartition topics
  serdes::JsonScratch json_scratch_;          // see RunContext::json_scratch
  const TopicPartition* output_channel_{nullptr};  // see RunContext::set_output_channel
  const TopicPartition* reading_back_{nullptr};    // the repartition partition of the current record
  const TopicPartition* reading_input_{nullptr};   // scale-out: the input partition of the current record
  std::map<TopicPartition, PartitionId> partition_ids_;
  std::unique_ptr<WatermarkTracker> tracker_;
  std::vector<std::pair<Timestamp, bool>> reported_partitions_;  // watermark and idleness told
  std::map<TopicPartition, std::int64_t> next_offsets_;
  std::vector<std::function<void()>> pending_;
  Accounting accounting_;
  Fate fate_;
  std::deque<PartitionCache> caches_;  // one a partition read; a deque keeps references stable
  SourceEvent event_;                  // the event being handled; the source may reuse its buffers next time
  detail::Origin origin_;
  const ConsumedRecord* current_{nullptr};  // the input record being handled, while fate_ is active
  Timestamp watermark_{kMinTimestamp};
  Timestamp clock_{kMinTimestamp};
  Timestamp last_checkpoint_clock_{kMinTimestamp};
  std::int64_t records_since_checkpoint_{0};
  std::int64_t checkpoint_id_{0};
  std::int64_t checkpoints_taken_{0};
  bool finished_{false};
};

}  // namespace streamlab
