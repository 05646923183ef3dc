/// @file
/// A Sink that writes each topic to a JSONL file, one record per line.
#pragma once

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "streamlab/io/sink.hpp"

namespace streamlab::connectors::file {

/// Writes every record of topic `T` as one line of `<directory>/<T>.jsonl`:
/// `{"key": .., "value": .., "timestamp": "2025-06-22T10:00:00Z"}`. A value that is a JSON
/// document is embedded as JSON, any other value as a string; a null key is written `null`.
/// Each file is truncated when its topic is first written by this sink.
class JsonlFileSink final : public Sink {
 public:
  /// A sink writing into `directory` (which must exist).
  explicit JsonlFileSink(std::string directory);

  /// Appends one line to the topic's file.
  /// @throws std::runtime_error naming the file when it cannot be opened or written.
  void write(std::string_view topic, const Record& record) override;

  /// Flushes every file.
  /// @throws std::runtime_error naming the file when a write failed.
  void flush() override;

  /// The path a topic is written to.
  [[nodiscard]] std::string path_for(std::string_view topic) const;

 private:
  std::string directory_;
  std::map<std::string, std::unique_ptr<std::ofstream>, std::less<>> files_;
};

/// The JSONL line JsonlFileSink writes for a record.
[[nodiscard]] std::string to_jsonl_line(const Record& record);

}  // namespace streamlab::connectors::file
