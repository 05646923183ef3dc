/// @file
/// The named scenarios shipped in datasets/scenarios/, compiled into the library so that tools
/// and tests find them by name wherever they run.
#pragma once

#include <optional>
#include <span>
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

}  // namespace streamlab::sim
