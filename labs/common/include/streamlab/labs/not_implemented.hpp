/// @file
/// The exception a lab skeleton throws from every function the student has yet to write.
#pragma once

#include <stdexcept>
#include <string>

namespace streamlab::labs {

/// Thrown by a lab skeleton's unwritten function. The graded tests report its message, which
/// names the file and the function to write, instead of crashing.
class NotImplemented : public std::logic_error {
 public:
  /// `where` is `file: function`, for example `labs/01-word-count/word_count.cpp: tokenize`.
  explicit NotImplemented(const std::string& where)
      : std::logic_error("not implemented yet: write " + where) {}
};

}  // namespace streamlab::labs
