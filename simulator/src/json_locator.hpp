// Internal: the line of every field of a JSON text, so that errors about a field's value (not
// only syntax errors) name the line a student has to fix.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace streamlab::sim::detail {

/// Line numbers (1-based) of the fields of a JSON text, by path (`late.fraction`, `idle[0].for`).
class JsonLineMap {
 public:
  /// Scans `text`, which must already be known to parse.
  explicit JsonLineMap(std::string_view text);
  /// The line of `path`, or of its nearest enclosing field, or 1.
  [[nodiscard]] std::int64_t line_of(std::string path) const;

 private:
  std::map<std::string, std::int64_t> lines_;
};

/// The 1-based line holding the byte just before `position` of `text`.
[[nodiscard]] std::int64_t line_at(std::string_view text, std::size_t position);

}  // namespace streamlab::sim::detail
