#include "streamlab/engine/aggregation_spec.hpp"

#include <array>
#include <stdexcept>
#include <utility>

namespace streamlab {
namespace {

constexpr std::array<std::pair<std::string_view, AggregationKind>, 4> kFieldAggregations{{
    {"sum", AggregationKind::Sum},
    {"avg", AggregationKind::Avg},
    {"min", AggregationKind::Min},
    {"max", AggregationKind::Max},
}};

}  // namespace

std::string AggregationSpec::describe() const {
  for (const auto& [name, k] : kFieldAggregations) {
    if (k == kind) return std::string(name) + ":" + field;
  }
  return "count";
}

AggregationSpec parse_aggregation(std::string_view text) {
  if (text == "count") return AggregationSpec{AggregationKind::Count, ""};
  const auto colon = text.find(':');
  const std::string_view name = text.substr(0, colon);
  for (const auto& [n, kind] : kFieldAggregations) {
    if (n != name) continue;
    if (colon == std::string_view::npos || colon + 1 == text.size()) {
      throw std::invalid_argument(std::string(name) + " needs a field: write " + std::string(name) +
                                  ":FIELD (for example " + std::string(name) + ":amount)");
    }
    return AggregationSpec{kind, std::string(text.substr(colon + 1))};
  }
  throw std::invalid_argument("unknown aggregation '" + std::string(text) +
                              "': expected count, sum:FIELD, avg:FIELD, min:FIELD or max:FIELD");
}

}  // namespace streamlab
