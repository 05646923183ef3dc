#include <filesystem>

#include "streamlab/error.hpp"
#include "streamlab/sim/shipped_scenarios.hpp"

namespace streamlab::sim {

Scenario resolve_scenario(const std::string& name_or_file) {
  if (std::filesystem::is_regular_file(name_or_file)) return load_scenario(name_or_file);
  if (auto shipped = find_shipped_scenario(name_or_file)) return *shipped;
  std::string names;
  for (const auto& s : shipped_scenarios()) names += (names.empty() ? "" : ", ") + std::string(s.name);
  throw InputError(InputLocation{name_or_file, 0, ""},
                   "no such scenario file, and no shipped scenario of that name (shipped: " + names +
                       "; see `streamlab scenario list`)");
}

}  // namespace streamlab::sim
