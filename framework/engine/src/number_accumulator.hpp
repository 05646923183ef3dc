// The accumulator behind count, sum, avg, min and max over JSON numbers: it keeps integers exact
// while every value is an integer and falls back to doubles otherwise.
#pragma once

#include <cstdint>
#include <string>

#include "streamlab/engine/aggregate.hpp"
#include "streamlab/engine/aggregation_spec.hpp"

namespace streamlab::engine_detail {

// One numeric field value: an exact integer when the JSON number was one.
struct Number {
  double as_double{0};
  std::int64_t as_int{0};
  bool is_int{true};
};

// Partial aggregates of every supported kind, so one type serves all of them.
struct NumberAcc {
  bool any{false};
  bool all_int{true};
  bool int_overflow{false};
  std::int64_t int_sum{0};
  double double_sum{0};
  std::int64_t int_min{0};
  std::int64_t int_max{0};
  double double_min{0};
  double double_max{0};
};

// The aggregate for `kind`; count ignores values (the operator counts events itself).
Aggregate<Number, NumberAcc> number_aggregate(AggregationKind kind);

// The JSON text of a window's value for `kind`, given its accumulator and event count.
std::string render_value(AggregationKind kind, const NumberAcc& acc, std::int64_t count);

}  // namespace streamlab::engine_detail
