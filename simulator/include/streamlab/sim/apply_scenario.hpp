/// @file
/// Applying a disorder scenario to a dataset: the pure function behind every replay.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "streamlab/record.hpp"
#include "streamlab/sim/arrival.hpp"
#include "streamlab/sim/scenario.hpp"

namespace streamlab::sim {

/// Turns records (event time = Record::timestamp) into the arrival sequence of `scenario`.
///
/// Processing time 0 corresponds to the earliest event time `t0`. Event `i` at time `t` on
/// partition `p` (murmur2 of its key, or round-robin over null-key events in dataset order)
/// arrives at `(t - t0) + skew(p) + d`, where `d` is its random delay, or its late delay when it
/// is late-injected; a duplicate copy arrives `duplicates.delay` after its original. Idle
/// stretches and bursts then hold arrivals back, until an arrival falls in neither. Arrivals are
/// ordered by processing time, ties by dataset index, then copy. The result is a pure function of
/// (records, scenario, seed): `seed` overrides Scenario::seed when given.
/// @throws std::invalid_argument when the scenario is inconsistent (see parse_scenario()).
[[nodiscard]] ArrivalSequence apply_scenario(std::span<const Record> records, const Scenario& scenario,
                                             std::optional<std::uint64_t> seed = std::nullopt);

}  // namespace streamlab::sim
