/// @file
/// Errors about input data, with the location a student needs to find the bad line.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace streamlab {

/// Where a piece of input came from: a file and line, or a topic, partition and offset.
struct InputLocation {
  std::string source;    ///< File path or topic name.
  std::int64_t line{0};  ///< 1-based line number in a file, or the offset in a topic.
  std::string field;     ///< The field that was wrong, empty when the whole line was.

  /// Renders `file:line: field 'x'` (or `file:line` without a field).
  [[nodiscard]] std::string describe() const;
};

/// A malformed input line or record, such as bad JSON, a missing field or an unparseable time.
/// Tools report it and exit non-zero; pipelines send the record to the dead letters instead.
class InputError : public std::runtime_error {
 public:
  /// Builds an error whose message starts with the location, then the reason.
  InputError(InputLocation where, const std::string& reason);

  /// Where the bad input is.
  [[nodiscard]] const InputLocation& where() const noexcept { return where_; }
  /// The reason alone, without the location.
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

 private:
  InputLocation where_;
  std::string reason_;
};

}  // namespace streamlab
