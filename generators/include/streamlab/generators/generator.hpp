/// @file
/// A dataset generator: a deterministic, endless stream of JSONL events produced one at a time,
/// so that a generator can write millions of events without holding them in memory.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamlab/time.hpp"

namespace streamlab::datasets {

/// The settings every generator reads; a field a generator does not use is ignored.
struct GeneratorOptions {
  /// Seed of the SplitMix64 stream: the same seed and options give the same bytes.
  std::uint64_t seed{1};
  /// Event time of the start of the stream (the first event comes at or after it).
  Timestamp start{from_millis(1750550400000)};  // 2025-06-22T00:00:00Z
  /// Mean events per second over a whole day; the daily cycle and bursts move the rate around it.
  /// std::nullopt picks the generator's default (see default_rate()).
  std::optional<double> rate;
  /// Number of distinct keys: stores (sales), users (clicks, profiles, orders), hosts (metrics).
  /// std::nullopt picks the generator's default, which for clicks and metrics grows with the rate.
  std::optional<std::size_t> keys;
  /// Orders only: the rate of the profile changelog the orders refer to, so that `gen orders`
  /// matches a `gen profiles` run with the same seed, keys and this rate. std::nullopt is the
  /// profiles default.
  std::optional<double> profile_rate;
  /// Fraction of readings labelled as injected anomalies (metrics only), in [0, 0.5].
  double anomaly_rate{0.02};
};

/// An endless stream of events of one kind, in event-time order, each a single JSON object.
class Generator {
 public:
  virtual ~Generator() = default;

  /// The next event as one line of JSON, without the trailing newline.
  virtual std::string next() = 0;

  /// Event time of the event that next() returned last (the stream's current position).
  [[nodiscard]] virtual Timestamp last_time() const = 0;
};

/// The kinds `streamlab gen` knows, in the order its help lists them.
std::vector<std::string_view> generator_kinds();

/// The mean rate (events per second) a kind uses when GeneratorOptions::rate is not set.
/// @throws std::invalid_argument for an unknown kind.
double default_rate(std::string_view kind);

/// A generator of `kind` (one of generator_kinds()).
/// @throws std::invalid_argument for an unknown kind or options out of range, naming the option.
std::unique_ptr<Generator> make_generator(std::string_view kind, const GeneratorOptions& options);

}  // namespace streamlab::datasets
