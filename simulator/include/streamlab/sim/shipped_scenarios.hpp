/// @file
/// The named scenarios shipped in datasets/scenarios/, compiled into the library so that tools
/// and tests find them by name wherever they run.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "streamlab/sim/scenario.hpp"

namespace streamlab::sim {

/// One shipped scenario file.
struct ShippedScenario {
  std::string_view name;  ///< File name without `.json`, such as `late-arrivals`.
  std::string_view text;  ///< The file's JSON text.
};

/// Every shipped scenario, sorted by name.
[[nodiscard]] std::span<const ShippedScenario> shipped_scenarios();

/// The shipped scenario called `name`, parsed, or std::nullopt when there is none.
/// @throws InputError when the shipped file is malformed (a test keeps them valid).
[[nodiscard]] std::optional<Scenario> find_shipped_scenario(std::string_view name);

/// The scenario a user named on a command line: the file at `name_or_file` when there is one
/// (a path always wins, so a local file can shadow a shipped name), else the shipped scenario
/// of that name. Every tool resolves `--scenario` through this one function.
/// @throws InputError naming the text and listing the shipped names when it is neither.
[[nodiscard]] Scenario resolve_scenario(const std::string& name_or_file);

}  // namespace streamlab::sim
