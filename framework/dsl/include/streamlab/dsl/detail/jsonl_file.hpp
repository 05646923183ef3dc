/// @file
/// One JSONL output file of a topology, opened when a run starts.
#pragma once

#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace streamlab::detail {

/// A file that receives one JSON document per line. It is truncated when a fresh run starts and
/// appended to when a run restarts from a checkpoint (released output is already in it).
class JsonlFile {
 public:
  /// A file at `path`, not yet opened.
  explicit JsonlFile(std::string path) : path_(std::move(path)) {}

  /// Opens the file: truncating when `fresh`, appending otherwise.
  /// @throws std::runtime_error naming the path when it cannot be opened.
  void open(bool fresh) {
    out_.close();
    out_.open(path_, fresh ? std::ios::trunc : std::ios::app);
    if (!out_) throw std::runtime_error("cannot open output file '" + path_ + "'");
  }

  /// Writes one line and flushes it.
  void write_line(const std::string& line) {
    out_ << line << '\n';
    out_.flush();
  }

  /// The file's path.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  std::ofstream out_;
};

}  // namespace streamlab::detail
