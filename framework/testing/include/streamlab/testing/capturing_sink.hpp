/// @file
/// A Sink that keeps every record a topology wrote, per topic, for assertions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "streamlab/io/sink.hpp"
#include "streamlab/record.hpp"

namespace streamlab::testing {

/// Keeps every record written to it, per topic and in write order: results, the late output
/// (`<application>-late`), the dead letters (`<application>-dead-letters`) and repartition topics.
class CapturingSink final : public Sink {
 public:
  /// Keeps `record` under `topic`.
  void write(std::string_view topic, const Record& record) override;
  /// Counts the flush (the runtime flushes at every checkpoint).
  void flush() override { ++flushes_; }

  /// The records written to `topic`, in order (empty when there were none).
  [[nodiscard]] const std::vector<Record>& records(std::string_view topic) const;
  /// The values written to `topic`, in order.
  [[nodiscard]] std::vector<std::string> values(std::string_view topic) const;
  /// Every topic written to, with its records.
  [[nodiscard]] const std::map<std::string, std::vector<Record>, std::less<>>& topics() const noexcept {
    return topics_;
  }
  /// How many times the sink was flushed.
  [[nodiscard]] int flushes() const noexcept { return flushes_; }

 private:
  std::map<std::string, std::vector<Record>, std::less<>> topics_;
  int flushes_{0};
};

}  // namespace streamlab::testing
