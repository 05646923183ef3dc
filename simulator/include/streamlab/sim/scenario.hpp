/// @file
/// Disorder scenarios: how a dataset's events are delayed, held back, duplicated and spread over
/// partitions on their way into the log. Described in JSON files (datasets/scenarios/*.json).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamlab/time.hpp"

namespace streamlab::sim {

/// The shape of the random arrival delay.
enum class DelayDistribution {
  Uniform,      ///< Uniform integer milliseconds in [min, max].
  Exponential,  ///< min + exponential with the given mean, capped at max: mostly small, a tail.
};

/// Bounded random delay of every event: out-of-order arrival within a bound.
struct DelaySpec {
  DelayDistribution distribution{DelayDistribution::Uniform};  ///< Shape of the delay.
  Duration min{0};                                             ///< Smallest delay.
  Duration max{0};                                             ///< The bound: no drawn delay exceeds it.
  Duration mean{0};  ///< Mean of the exponential part (Exponential only).
};

/// Events held back beyond the watermark.
///
/// A late-injected event's delay replaces its random delay and is drawn uniformly in
/// (watermark_delay + extra, watermark_delay + extra + spread], strictly more than the
/// watermark delay plus the extra. It is behind a `max - watermark_delay` watermark on arrival
/// when an on-time event later than it by more than the watermark delay arrived first: choose
/// `extra >= delay.max` plus the usual gap between events.
struct LateSpec {
  double fraction{0.0};  ///< Probability that an event is held back, in [0, 1].
  Duration extra{0};     ///< Hold-back beyond the watermark delay.
  Duration spread{0};    ///< Width of the late delay's range (0 = always extra + 1ms).
};

/// Duplicated deliveries (a producer retry): a copy of the event arrives again later.
struct DuplicateSpec {
  double fraction{0.0};  ///< Probability that an event is delivered twice, in [0, 1].
  Duration delay{0};     ///< How long after the original the copy arrives.
};

/// A partition that goes idle: arrivals due on it during [from, from + length) of processing
/// time are held back and all arrive at from + length, when it comes back.
struct IdleSpec {
  std::int32_t partition{0};  ///< The idle partition.
  Duration from{0};           ///< Processing time at which it goes idle.
  Duration length{0};         ///< How long it stays idle.
};

/// Clock skew of one partition: every arrival on it is `lag` later, which holds the watermark
/// (the minimum over partitions) back by that much.
struct SkewSpec {
  std::int32_t partition{0};  ///< The skewed partition.
  Duration lag{0};            ///< Constant extra arrival delay.
};

/// The longest duration any scenario field may hold: 100 years (36525d). A scenario describes
/// disorder, not epochs, and with this bound no sum of a scenario's durations and a dataset's
/// event times can overflow.
inline constexpr Duration kMaxScenarioDuration = std::chrono::days{36525};

/// Periodic bursts: arrivals due in [k*every + offset, k*every + offset + length) are held and
/// delivered together at the end of that stretch.
struct BurstSpec {
  Duration every{0};   ///< Period of the bursts (positive).
  Duration length{0};  ///< Length of each stretch (positive, below `every`, so arrivals move on).
  Duration offset{0};  ///< Start of the first stretch within the period.
};

/// A disorder scenario: a pure description; apply_scenario() turns it into arrivals.
struct Scenario {
  std::string name;            ///< Short name, such as `late-arrivals`.
  std::string description;     ///< One line for `streamlab scenario list`.
  std::uint64_t seed{0};       ///< Seed of every random choice (a --seed flag overrides it).
  std::int32_t partitions{1};  ///< Partitions of the topic the dataset is produced into.
  DelaySpec delay;             ///< Random delay of every event.
  /// The bounded out-of-orderness the scenario is written against; late events exceed it, and
  /// exported `$watermark` lines use it.
  Duration watermark_delay{0};
  LateSpec late;                    ///< Events held back beyond the watermark.
  DuplicateSpec duplicates;         ///< Duplicated deliveries.
  std::vector<IdleSpec> idle;       ///< Idle stretches of partitions.
  std::vector<SkewSpec> skew;       ///< Per-partition arrival lags.
  std::optional<BurstSpec> bursts;  ///< Periodic bursts, if any.
};

/// Parses a scenario from JSON text; `source_name` names the file in errors. Unknown fields are
/// errors (they are usually typos); omitted fields take the defaults above.
/// @throws InputError naming the file, the line (the JSON parse position or the line of the
/// field) and the field, such as `late.fraction` with "must be in [0,1]".
[[nodiscard]] Scenario parse_scenario(std::string_view json_text, const std::string& source_name);

/// Reads and parses a scenario file.
/// @throws InputError (line 0) when the file cannot be opened, and as parse_scenario().
[[nodiscard]] Scenario load_scenario(const std::filesystem::path& file);

}  // namespace streamlab::sim
