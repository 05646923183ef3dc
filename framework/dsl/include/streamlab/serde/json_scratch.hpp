/// @file
/// The reusable parser a run reads its JSON messages with.
#pragma once

#include <memory>

namespace streamlab::serdes {

/// A simdjson parser and the padded copy of the bytes it reads, reused message after message.
///
/// Building a parser and its buffers costs more than parsing one small message, so whoever
/// decodes many messages (a Runtime, for every record it reads) owns one and hands it to
/// serdes::Json. Not thread-safe: one per thread of work, never shared.
class JsonScratch {
 public:
  /// An empty scratch; the parser grows to the largest message it is given.
  JsonScratch();
  ~JsonScratch();
  JsonScratch(const JsonScratch&) = delete;
  JsonScratch& operator=(const JsonScratch&) = delete;

  /// The simdjson side, defined where simdjson is included (the DSL's sources only).
  struct Impl;
  /// The simdjson side.
  [[nodiscard]] Impl& impl() noexcept { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamlab::serdes
