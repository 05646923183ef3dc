/// @file
/// Writing a generator's events as JSONL and fingerprinting the bytes.
#pragma once

#include <cstdint>
#include <ostream>
#include <string_view>

#include "streamlab/generators/generator.hpp"

namespace streamlab::datasets {

/// FNV-1a, 64-bit (Fowler, Noll and Vo; offset basis 14695981039346656037, prime 1099511628211):
/// a simple, well-known hash of a byte stream that pins generated datasets in tests.
class Fnv1a64 {
 public:
  /// Feeds more bytes.
  void update(std::string_view bytes) noexcept {
    for (const char c : bytes) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 1099511628211ULL;
    }
  }
  /// The hash of every byte fed so far.
  [[nodiscard]] std::uint64_t value() const noexcept { return hash_; }

 private:
  std::uint64_t hash_{14695981039346656037ULL};
};

/// What write_events() wrote.
struct WriteSummary {
  std::uint64_t events{0};  ///< Lines written.
  std::uint64_t bytes{0};   ///< Bytes written, newlines included.
  Timestamp first{};        ///< Event time of the first line (unset when no line was written).
  Timestamp last{};         ///< Event time of the last line.
  std::uint64_t fnv1a64{Fnv1a64{}.value()};  ///< FNV-1a 64 of the bytes written.
};

/// Writes `count` events of `generator` to `out`, each followed by '\n', one at a time.
/// @throws std::runtime_error when the stream fails (a full disk, a closed pipe).
WriteSummary write_events(Generator& generator, std::uint64_t count, std::ostream& out);

}  // namespace streamlab::datasets
