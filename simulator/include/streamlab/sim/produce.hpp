/// @file
/// Producing a dataset into the log under a scenario: the first step of every simulated run.
#pragma once

#include <cstddef>
#include <string>

#include "streamlab/sim/arrival.hpp"
#include "streamlab/sim/log.hpp"
#include "streamlab/sim/replay_export.hpp"

namespace streamlab::sim {

/// What produce_arrivals() appended.
struct ProduceResult {
  std::size_t records{0};     ///< Records appended (arrivals, duplicates included).
  std::size_t watermarks{0};  ///< Watermark marks appended (each once, over all partitions).
};

/// Appends every arrival to its partition of `topic` at its processing time (the append time),
/// creating the topic with the sequence's partition count when it does not exist. With
/// `options.watermarks`, appends the same watermark marks write_arrivals_jsonl() writes.
/// @throws std::invalid_argument when the topic exists with another partition count.
ProduceResult produce_arrivals(Log& log, const std::string& topic, const ArrivalSequence& sequence,
                               const ExportOptions& options = {});

}  // namespace streamlab::sim
