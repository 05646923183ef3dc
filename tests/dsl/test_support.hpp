// Test doubles for DSL tests: a scripted Source and a Sink that keeps what it was given.
#pragma once

// g++ 12 reports a false -Wmaybe-uninitialized when copying a SourceEvent whose variant holds
// a vector (AssignmentChange) inside std::vector growth; the tests that include this file are
// otherwise warning-clean.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "streamlab/io/sink.hpp"
#include "streamlab/io/source.hpp"

namespace streamlab::test {

/// A sale with whole-number amounts, the JSON value the windowed and checkpoint tests read.
struct Sale {
  std::string store;
  std::string category;
  std::int64_t amount{0};
  std::int64_t ts{0};
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Sale, store, category, amount, ts)

/// A bounded source that delivers a fixed script of events; offsets are assigned per partition.
/// Every Runtime gets a fresh copy, so a restarted run replays the script from the beginning
/// (the runtime skips what its checkpoint already covers).
class ScriptSource final : public Source {
 public:
  /// Declares `partitions` partitions of `topic` (so the runtime knows them up front).
  ScriptSource& declare(const std::string& topic, int partitions) {
    for (int p = 0; p < partitions; ++p) declared_.push_back(TopicPartition{topic, p});
    return *this;
  }
  /// Appends a record; processing time defaults to the previous event's.
  ScriptSource& record(const std::string& topic, int partition, std::optional<std::string> key, std::string value,
                       std::int64_t record_ts = 0, std::optional<std::int64_t> processing_ms = std::nullopt) {
    TopicPartition tp{topic, partition};
    std::int64_t offset = next_offset_[tp]++;
    SourceEvent e;
    e.processing_time = clock(processing_ms);
    e.payload.emplace<ConsumedRecord>(ConsumedRecord{tp, offset, Record{std::move(key), std::move(value),
                                                                        from_millis(record_ts), {}}});
    events_.push_back(std::move(e));
    return *this;
  }
  /// Appends a `{"$watermark": T}` control event.
  ScriptSource& watermark(std::int64_t t, std::optional<std::int64_t> processing_ms = std::nullopt) {
    SourceEvent e;
    e.processing_time = clock(processing_ms);
    e.payload.emplace<WatermarkMark>(WatermarkMark{from_millis(t), 0});
    events_.push_back(std::move(e));
    return *this;
  }
  /// Appends a clock tick at processing time `processing_ms`.
  ScriptSource& tick(std::int64_t processing_ms) {
    SourceEvent e;
    e.processing_time = clock(processing_ms);
    e.payload.emplace<ClockTick>();
    events_.push_back(std::move(e));
    return *this;
  }

  std::optional<SourceEvent> next(Duration) override {
    if (pos_ >= events_.size()) return std::nullopt;
    return events_[pos_++];
  }
  [[nodiscard]] std::vector<TopicPartition> partitions() const override { return declared_; }
  void commit(const TopicPartition& tp, std::int64_t offset) override { committed[tp] = offset; }

  /// The events, for tests that build their own oracle.
  [[nodiscard]] const std::vector<SourceEvent>& events() const { return events_; }
  /// Starts over (a fresh consumer without committed offsets).
  void rewind() { pos_ = 0; }

  std::map<TopicPartition, std::int64_t> committed;  ///< Offsets committed by the runtime.

 private:
  Timestamp clock(std::optional<std::int64_t> processing_ms) {
    if (processing_ms) last_ = from_millis(*processing_ms);
    return last_;
  }
  std::vector<TopicPartition> declared_;
  std::vector<SourceEvent> events_;
  std::map<TopicPartition, std::int64_t> next_offset_;
  std::size_t pos_{0};
  Timestamp last_{from_millis(0)};
};

/// A sink that keeps every record per topic, and counts flushes.
class MemorySink final : public Sink {
 public:
  void write(std::string_view topic, const Record& record) override {
    topics[std::string{topic}].push_back(record);
  }
  void flush() override { ++flushes; }
  /// The values written to `topic`, in order.
  [[nodiscard]] std::vector<std::string> values(const std::string& topic) const {
    std::vector<std::string> out;
    auto it = topics.find(topic);
    if (it != topics.end()) {
      for (const auto& r : it->second) out.push_back(r.value);
    }
    return out;
  }
  std::map<std::string, std::vector<Record>> topics;  ///< Records per topic.
  int flushes{0};                                     ///< flush() calls.
};

}  // namespace streamlab::test
