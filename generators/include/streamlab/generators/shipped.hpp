/// @file
/// The datasets shipped in datasets/: which generator settings made each file, so a test and
/// `streamlab gen shipped` can make them again byte for byte.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "streamlab/generators/generator.hpp"

namespace streamlab::datasets {

/// One shipped JSONL file and the generator run that produces it.
struct ShippedDataset {
  std::string_view file;     ///< File name inside datasets/.
  std::string_view kind;     ///< Generator kind (see generator_kinds()).
  GeneratorOptions options;  ///< Seed, start, rate and keys of the run.
  std::uint64_t events{0};   ///< Number of events (lines).
  std::string_view lab;      ///< The lab that reads it.
  std::string_view command;  ///< The `streamlab gen` command that writes the same bytes.
};

/// Every shipped dataset, in lab order.
std::vector<ShippedDataset> shipped_datasets();

}  // namespace streamlab::datasets
