/// @file
/// The aggregations `streamlab window` offers over a JSON field: count, sum, avg, min, max.
#pragma once

#include <string>
#include <string_view>

namespace streamlab {

/// Which aggregate a JSON windowing job computes.
enum class AggregationKind {
  Count,  ///< Number of events (an integer).
  Sum,    ///< Sum of a numeric field: an integer when every value is an integer, else a double.
  Avg,    ///< Mean of a numeric field, always a double.
  Min,    ///< Smallest value of a numeric field (integer when every value is an integer).
  Max,    ///< Largest value of a numeric field (integer when every value is an integer).
};

/// An aggregation and the numeric field it reads (empty for count).
struct AggregationSpec {
  AggregationKind kind{AggregationKind::Count};  ///< The aggregate.
  std::string field;                             ///< The value field; empty for count.
  /// Writes the spec as parse_aggregation() reads it (`count`, `sum:amount`).
  [[nodiscard]] std::string describe() const;
  /// Field-by-field equality.
  friend bool operator==(const AggregationSpec&, const AggregationSpec&) = default;
};

/// Parses `count`, `sum:FIELD`, `avg:FIELD`, `min:FIELD` or `max:FIELD`.
/// @throws std::invalid_argument when the name is unknown or a field is missing.
[[nodiscard]] AggregationSpec parse_aggregation(std::string_view text);

}  // namespace streamlab
