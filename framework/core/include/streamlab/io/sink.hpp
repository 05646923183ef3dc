/// @file
/// The interface every output of a topology implements: results, late records and dead letters.
#pragma once

#include <string_view>

#include "streamlab/record.hpp"

namespace streamlab {

/// An output of a topology: a topic in the simulator's log or in Kafka, a JSONL file, a collector.
class Sink {
 public:
  virtual ~Sink() = default;

  /// Hands one record to the output for `topic`; it may be buffered until flush().
  virtual void write(std::string_view topic, const Record& record) = 0;

  /// Returns once every record written so far is durably delivered.
  /// @throws std::runtime_error when a delivery failed; a lost result is never silent.
  virtual void flush() {}
};

}  // namespace streamlab
