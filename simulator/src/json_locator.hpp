// Internal: the line of a field of a JSON text, so that errors about a field's value (not only
// syntax errors) name the line a student has to fix. Looked up only when an error is reported,
// by one walk linear in the text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace streamlab::sim::detail {

/// Line numbers (1-based) of the fields of a JSON text, by path (`late.fraction`, `idle[0].for`).
class JsonLineMap {
 public:
  /// Keeps `text` (which must outlive the map and already be known to parse); nothing is
  /// scanned until line_of() is asked.
  explicit JsonLineMap(std::string_view text);
  /// The line where `path` first appears, or its nearest enclosing field, or 1: one walk over
  /// the text, linear in its size whatever its nesting.
  [[nodiscard]] std::int64_t line_of(const std::string& path) const;

 private:
  std::string_view text_;
};

/// The 1-based line holding the byte just before `position` of `text`.
[[nodiscard]] std::int64_t line_at(std::string_view text, std::size_t position);

}  // namespace streamlab::sim::detail
