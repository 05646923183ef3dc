// Test doubles for DSL tests: the testing kit's scripted source and capturing sink.
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

#include "streamlab/io/source.hpp"
#include "streamlab/testing/capturing_sink.hpp"
#include "streamlab/testing/test_stream.hpp"

namespace streamlab::test {

/// A sale with whole-number amounts, the JSON value the windowed and checkpoint tests read.
struct Sale {
  std::string store;
  std::string category;
  std::int64_t amount{0};
  std::int64_t ts{0};
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Sale, store, category, amount, ts)

/// The testing kit's TestStream with the millisecond shorthand the DSL tests are written in.
/// Every Runtime gets a fresh copy, so a restarted run replays the script from the beginning
/// (the runtime skips what its checkpoint already covers).
class ScriptSource final : public Source {
 public:
  /// Declares `partitions` partitions of `topic` (so the runtime knows them up front).
  ScriptSource& declare(const std::string& topic, int partitions) {
    stream_.declare_partitions(topic, partitions);
    return *this;
  }
  /// Appends a record; processing time defaults to the previous event's.
  ScriptSource& record(const std::string& topic, int partition, std::optional<std::string> key,
                       std::string value, std::int64_t record_ts = 0,
                       std::optional<std::int64_t> processing_ms = std::nullopt) {
    if (processing_ms) stream_.at(from_millis(*processing_ms));
    stream_.add(topic, std::move(value), from_millis(record_ts), std::move(key), partition);
    return *this;
  }
  /// Appends a `{"$watermark": T}` control event.
  ScriptSource& watermark(std::int64_t t, std::optional<std::int64_t> processing_ms = std::nullopt) {
    if (processing_ms) stream_.at(from_millis(*processing_ms));
    stream_.advance_watermark_to(from_millis(t));
    return *this;
  }
  /// Appends a clock tick at processing time `processing_ms`.
  ScriptSource& tick(std::int64_t processing_ms) {
    stream_.advance_processing_time_to(from_millis(processing_ms));
    return *this;
  }

  std::optional<SourceEvent> next(Duration max_wait) override { return stream_.next(max_wait); }
  [[nodiscard]] std::vector<TopicPartition> partitions() const override { return stream_.partitions(); }
  void commit(const TopicPartition& tp, std::int64_t offset) override { stream_.commit(tp, offset); }

  /// The events, for tests that build their own oracle.
  [[nodiscard]] const std::vector<SourceEvent>& events() const { return stream_.events(); }
  /// Starts over (a fresh consumer without committed offsets).
  void rewind() { stream_.rewind(); }
  /// Offsets committed by the runtime.
  [[nodiscard]] const std::map<TopicPartition, std::int64_t>& committed() const {
    return stream_.committed();
  }

 private:
  testing::TestStream stream_;
};

/// The testing kit's capturing sink.
using MemorySink = testing::CapturingSink;

}  // namespace streamlab::test
