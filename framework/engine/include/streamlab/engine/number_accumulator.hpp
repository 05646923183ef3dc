/// @file
/// The accumulator behind count, sum, avg, min and max over JSON numbers: it keeps integers exact
/// while every value is an integer and falls back to doubles otherwise.
#pragma once

#include <cstdint>
#include <string>

#include "streamlab/engine/aggregate.hpp"
#include "streamlab/engine/aggregation_spec.hpp"

namespace streamlab {

/// One numeric field value read from JSON: an exact integer when the JSON number was one.
struct JsonNumber {
  double as_double{0};     ///< The value as a double (always set).
  std::int64_t as_int{0};  ///< The exact value when is_int.
  bool is_int{true};       ///< Whether the JSON number was an integer that fits int64.
};

/// Partial aggregates of every supported kind, so one accumulator type serves all of them.
struct NumberAcc {
  bool any{false};           ///< Whether any value was added.
  bool all_int{true};        ///< Whether every value added was an integer.
  bool int_overflow{false};  ///< Whether the integer sum overflowed (the double sum is used then).
  std::int64_t int_sum{0};   ///< Exact sum while all_int and no overflow.
  double double_sum{0};      ///< Sum as doubles.
  std::int64_t int_min{0};   ///< Smallest integer value.
  std::int64_t int_max{0};   ///< Largest integer value.
  double double_min{0};      ///< Smallest value as a double.
  double double_max{0};      ///< Largest value as a double.
};

/// The aggregate for `kind`; count ignores values (the window operator counts events itself).
Aggregate<JsonNumber, NumberAcc> number_aggregate(AggregationKind kind);

/// The JSON text of a window's value for `kind`, given its accumulator and event count. A double
/// beyond the finite range (an overflowing sum) is written `"+inf"` or `"-inf"`, never `null`.
std::string render_number_value(AggregationKind kind, const NumberAcc& acc, std::int64_t count);

}  // namespace streamlab
