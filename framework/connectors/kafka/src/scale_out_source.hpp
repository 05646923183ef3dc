// The Source of one instance of a scale-out run: its own input partitions go straight to the
// runtime, and the repartition partitions it owns are read back and released in one global
// order that every instance computes alike.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "streamlab/io/sink.hpp"
#include "streamlab/io/source.hpp"
#include "streamlab/kafka/kafka_sink.hpp"
#include "streamlab/kafka/kafka_source.hpp"
#include "streamlab/kafka/shutdown_signal.hpp"

namespace streamlab::kafka::detail {

/// The header that marks a progress message in a repartition partition.
inline constexpr const char* kProgressHeader = "streamlab.progress";
/// The header of a delivered marker: the partition's owner has delivered the output of the
/// first N positions of the global order for the keys of this partition.
inline constexpr const char* kDeliveredHeader = "streamlab.delivered";
/// The header of an inputs-delivered marker (value: a RepartitionOrigin of index 0): every output
/// of the named input partition's records up to the offset is delivered. Written into every
/// repartition partition, as the partition's next owner may own any of them.
inline constexpr const char* kInputDeliveredHeader = "streamlab.input-delivered";
/// The header of a fence: a new owner's first write into a repartition partition. Reading up to
/// its own fence, the owner has seen every record written before it took the partition over,
/// the previous owner's last transaction included.
inline constexpr const char* kFenceHeader = "streamlab.fence";

/// Thrown out of ScaleOutSource::next() to leave the runtime: the group took partitions away
/// (`revoked`) or a shutdown was requested.
struct ScaleOutStop {
  bool revoked{false};  ///< True for a revocation, false for a shutdown request.
};

/// What a ScaleOutSource reads and writes.
struct ScaleOutTopics {
  std::vector<std::string> inputs;       ///< The topology's input topics (streams and tables).
  std::vector<std::string> repartition;  ///< Its repartition topics, created beforehand.
  std::map<std::string, std::int32_t> partition_counts;  ///< Of every topic above.
  std::set<TopicPartition> empty_inputs;                 ///< Input partitions without any record: left out.
  bool stop_at_end{false};                               ///< A bounded run: ends once every input is read.
};

/// A scale-out instance's Source (Kafka Streams' sub-topologies, with Flink's watermark
/// propagation through a shuffle), over one consumer of the input and repartition topics.
///
/// - **Upstream**, records of the input partitions this instance owns are delivered at once, in
///   the KafkaSource's synchronized order; what the runtime sends to repartition topics is only
///   written there. For each processed input record (Source::processed()) this source writes a
///   progress entry — offset, message timestamp, event time — to *every* partition of every
///   repartition topic, after the repartitioned records it caused (same producer, same
///   partition, so in order); a partition read to its end gets an end entry.
/// - **Downstream**, records of the repartition partitions this instance owns are held and
///   released in the global order: the merge of all input partitions' records by message
///   timestamp, which is the order a single instance reading every input partition would process.
///   A record's place comes from its origin header; the position of input record (p, o) is
///   released once every owned repartition partition holds p's progress up to o, so every
///   repartitioned record of it has arrived. After its records, an InputProgress carrying
///   its event time moves the watermark. Every instance thus applies every watermark step at the
///   same place, and the results do not depend on how many instances share the work.
/// - **Restarts** rebuild the downstream state by reading the owned repartition partitions again
///   from offset 0 (Kafka Streams restores from a changelog topic instead). After each flush an
///   owner writes into each of its repartition partitions a delivered marker: how many positions'
///   output it has delivered. A new owner writes a fence into each of its partitions and reads up
///   to it before releasing anything, then suppresses the output of the marked positions for that
///   partition's keys (suppress_output()), so nothing is written twice unless an instance dies
///   between delivering and marking (at-least-once). The fence, not the partition's end, tells
///   that every marker is known: a read_committed reader's end is the last stable offset, which
///   lags a transaction whose commit has returned until the broker has written its markers.
///   Copies of a repartitioned record written twice by a restarted upstream are dropped by origin.
///   Upstream, an owner marks in every repartition partition how far each input partition's
///   output is delivered; a new owner of the input partition processes those records again (for
///   their progress entries) but writes nothing of theirs (suppress_output() of the input
///   partition), and it starts only once its fences are read back, as downstream.
/// - **Transactions** (exactly-once) end only between positions: a position's output is
///   committed whole or not at all, as the delivered markers count whole positions.
class ScaleOutSource final : public Source {
 public:
  /// Reads through `source`, writes progress through `sink`; `shutdown` may be nullptr.
  ScaleOutSource(KafkaSource& source, KafkaSink& sink, ScaleOutTopics topics, const ShutdownSignal* shutdown,
                 bool exactly_once);
  /// Stops listening to the source's revocations.
  ~ScaleOutSource() override;
  ScaleOutSource(const ScaleOutSource&) = delete;
  ScaleOutSource& operator=(const ScaleOutSource&) = delete;

  /// Reads until the group assigned partitions and fences the repartition partitions it got.
  /// False on shutdown.
  bool start();

  std::optional<SourceEvent> next(Duration max_wait) override;
  /// The non-empty input partitions of the whole topology: every instance's watermark spans them.
  [[nodiscard]] std::vector<TopicPartition> partitions() const override;
  void commit(const TopicPartition& partition, std::int64_t offset) override;
  void processed(const TopicPartition& partition, std::int64_t offset,
                 std::optional<Timestamp> event_time) override;

  /// True while the runtime handles a position whose output for repartition partition `channel`
  /// the partition's previous owner delivered (its delivered marker in the partition), or an
  /// input record of partition `channel` whose output an earlier owner delivered.
  [[nodiscard]] bool suppress_output(const TopicPartition& channel) const override;
  /// The runtime wrote a record (under exactly-once it waits in the open transaction).
  void note_write() noexcept { dirty_ = true; }
  /// Under exactly-once: writes pending progress and delivered markers, then commits the sink's
  /// transaction with the consumed input offsets. Otherwise flushes and marks, as hand_over().
  void checkpoint();
  /// Flushes the sink and marks the positions whose output is delivered (flushed()), flushed too:
  /// before a revocation and on shutdown, so the next owner does not write that output again.
  void hand_over();
  /// The sink was flushed: every output of the positions released so far is delivered; writes a
  /// delivered marker into each owned repartition partition (flushed with the next flush).
  void flushed();
  /// Positions released so far in the global order.
  [[nodiscard]] std::int64_t released() const noexcept { return released_; }
  /// Repartition records without an origin (written by a run without scale-out), left out.
  [[nodiscard]] std::int64_t foreign_records() const noexcept { return foreign_records_; }

 private:
  struct Entry {
    std::int64_t offset{0};
    Timestamp timestamp{};                // the message timestamp: the merge key
    std::optional<Timestamp> event_time;  // none for a dead letter or a table record
  };
  // One owned repartition partition: what it has shown of each input partition.
  struct Channel {
    std::map<TopicPartition, std::int64_t> marked;  // last offset covered by progress (-1 none)
    std::set<TopicPartition> ended;
    std::map<TopicPartition, std::pair<std::int64_t, std::int64_t>> last_origin;  // (offset, index)
    std::map<std::pair<TopicPartition, std::int64_t>, std::vector<ConsumedRecord>> held;
    bool fenced{false};  // this owner's fence was read back: every earlier marker is known
  };
  struct Handed {  // the owned-input record the runtime is processing
    TopicPartition source;
    std::int64_t offset{0};
    Timestamp timestamp{};
  };
  struct PendingProgress {
    std::vector<Entry> entries;
    bool end{false};
  };

  void on_repartition_record(ConsumedRecord&& record);
  void fence(const std::vector<TopicPartition>& channels);
  // The runtime has taken some of the current position's events but not all: its output is
  // partly written.
  [[nodiscard]] bool mid_position() const noexcept { return !ended_ && position_ > completed_; }
  [[nodiscard]] bool fenced() const;
  void on_progress_message(Channel& channel, const ConsumedRecord& record);
  void release_ready();
  bool write_progress(bool force);  // true when something was written
  // Writes `record` into every partition of every repartition topic, owned or not: progress and
  // input-delivered markers are for whichever instance owns a partition now or later.
  void write_to_every_channel(const Record& record);
  void mark_ended_inputs();
  [[nodiscard]] bool inputs_done() const;
  [[nodiscard]] bool downstream_done() const;
  [[nodiscard]] bool is_repartition(const std::string& topic) const;

  KafkaSource& source_;
  KafkaSink& sink_;
  ScaleOutTopics topics_;
  const ShutdownSignal* shutdown_;
  std::vector<TopicPartition> inputs_;          // non-empty input partitions, in order
  std::map<TopicPartition, Channel> channels_;  // owned repartition partitions
  std::set<TopicPartition> owned_inputs_;
  std::map<TopicPartition, std::deque<Entry>> entries_;  // progress not yet released, per input
  std::map<TopicPartition, std::int64_t> entries_max_;
  std::map<TopicPartition, PendingProgress> pending_progress_;  // of owned inputs, not yet written
  std::set<TopicPartition> end_written_;
  std::optional<Handed> handed_;
  std::map<TopicPartition, std::int64_t> processed_;  // last processed offset of each owned input
  std::deque<SourceEvent> local_;
  std::deque<std::pair<std::int64_t, SourceEvent>> ready_;  // (position, event)
  std::int64_t released_{0};
  std::int64_t completed_{0};  // positions whose every event the runtime has taken
  std::int64_t position_{0};   // of the event the runtime is handling; released_ + 1 at the end
  std::map<TopicPartition, std::int64_t> delivered_;         // per owned channel: positions delivered before
  std::map<TopicPartition, std::int64_t> marked_delivered_;  // per owned channel: written since
  std::map<TopicPartition, std::int64_t> inputs_delivered_;  // per input: output delivered up to this offset
  std::map<TopicPartition, std::int64_t> inputs_marked_;     // per owned input: marked since
  std::string fence_id_;                                     // this owner's fences carry it
  std::int64_t pending_entries_{0};
  std::int64_t foreign_records_{0};  // repartition records without an origin header
  bool ended_{false};
  bool exactly_once_{false};
  bool dirty_{false};           // written since the last transaction commit (exactly-once)
  bool checkpoint_due_{false};  // a checkpoint came mid-position: taken when the position is complete
  std::chrono::steady_clock::time_point last_transaction_{std::chrono::steady_clock::now()};
  std::chrono::steady_clock::time_point last_progress_write_{std::chrono::steady_clock::now()};
};

/// Writes to `inner`; a flush is the scale-out source's checkpoint (ScaleOutSource::checkpoint():
/// a transaction commit, or a flush followed by delivered markers).
class DeliveryCommittingSink final : public Sink {
 public:
  /// Writes to `inner`, reports flushes to `source`.
  DeliveryCommittingSink(Sink& inner, ScaleOutSource& source) : inner_(inner), source_(source) {}
  void write(std::string_view topic, const Record& record) override {
    inner_.write(topic, record);
    source_.note_write();
  }
  void flush() override { source_.checkpoint(); }

 private:
  Sink& inner_;
  ScaleOutSource& source_;
};

}  // namespace streamlab::kafka::detail
