/// @file
/// A scripted, bounded Source for tests: records, watermarks and processing-time steps in the
/// order a test writes them (Beam's `TestStream`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "streamlab/io/source.hpp"
#include "streamlab/record.hpp"
#include "streamlab/time.hpp"

namespace streamlab::testing {

/// A bounded Source that delivers exactly the script a test wrote, in order: each record arrives
/// at the current processing time, which only advance_processing_time() moves; each
/// advance_watermark_to() is a `{"$watermark": T}` control event. Offsets are numbered per
/// partition from 0. Nothing is random and nothing reads the machine's clock, so a test that
/// runs a topology over a TestStream gets the same output every time.
///
/// @code
/// using namespace std::chrono_literals;
/// streamlab::testing::TestStream input;
/// input.add("sales", R"({"category":"books","amount":10,"time":"2025-06-22T10:01:00Z"})",
///           streamlab::parse_timestamp("2025-06-22T10:01:00Z"))
///      .advance_processing_time(30s)
///      .advance_watermark_to(streamlab::parse_timestamp("2025-06-22T10:05:00Z"));
/// @endcode
class TestStream final : public Source {
 public:
  /// Declares that `topic` has `partitions` partitions, so the runtime keeps a watermark for
  /// each from the start (an empty partition then holds the watermark back, as it would in Kafka).
  TestStream& declare_partitions(const std::string& topic, std::int32_t partitions);

  /// A record with `value` and event time `event_time` arrives on `partition` of `topic` at the
  /// current processing time, with `headers` as a Kafka record carries them. A partition not
  /// declared yet is declared on first use.
  TestStream& add(const std::string& topic, std::string value, Timestamp event_time,
                  std::optional<std::string> key = std::nullopt, std::int32_t partition = 0,
                  std::vector<Header> headers = {});

  /// Raises the watermark to `watermark` (a `{"$watermark": T}` control event). Under the
  /// `manual` watermark strategy only these events move the watermark.
  TestStream& advance_watermark_to(Timestamp watermark);

  /// Moves processing time forward by `step` (a `{"$advance": D}` control event): timers,
  /// micro-batches, early panes and idleness see the new time even if no record follows.
  /// @throws std::invalid_argument when `step` is negative.
  TestStream& advance_processing_time(Duration step);

  /// Moves processing time to `now` like advance_processing_time().
  /// @throws std::invalid_argument when `now` is before the current processing time.
  TestStream& advance_processing_time_to(Timestamp now);

  /// The events added after this call arrive at processing time `now`; unlike
  /// advance_processing_time_to() nothing is delivered until they do (a record that arrives
  /// late in processing time, with no tick before it).
  /// @throws std::invalid_argument when `now` is before the current processing time.
  TestStream& at(Timestamp now);

  /// The current processing time of the script (starts at the epoch).
  [[nodiscard]] Timestamp processing_time() const noexcept { return clock_; }

  /// Every event of the script, in order (for tests that compute their own expectation).
  [[nodiscard]] const std::vector<SourceEvent>& events() const noexcept { return events_; }

  /// Starts delivering the script from its beginning again (a fresh consumer, as after a crash).
  void rewind() noexcept { position_ = 0; }

  /// The offsets the runtime committed, per partition (the last committed offset).
  [[nodiscard]] const std::map<TopicPartition, std::int64_t>& committed() const noexcept {
    return committed_;
  }

  /// The next scripted event; std::nullopt at the end of the script (end of a bounded input).
  std::optional<SourceEvent> next(Duration max_wait) override;
  /// The declared partitions, in declaration order.
  [[nodiscard]] std::vector<TopicPartition> partitions() const override { return declared_; }
  /// Records the committed offset.
  void commit(const TopicPartition& partition, std::int64_t offset) override;

 private:
  void declare(const TopicPartition& partition);

  std::vector<TopicPartition> declared_;
  std::vector<SourceEvent> events_;
  std::map<TopicPartition, std::int64_t> next_offset_;
  std::map<TopicPartition, std::int64_t> committed_;
  std::size_t position_{0};
  Timestamp clock_{};
};

}  // namespace streamlab::testing
