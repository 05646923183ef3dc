#include "streamlab/engine/number_accumulator.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

namespace streamlab {
namespace {

void add_number(NumberAcc& acc, const JsonNumber& v) {
  if (v.is_int) {
    if (!acc.int_overflow && __builtin_add_overflow(acc.int_sum, v.as_int, &acc.int_sum))
      acc.int_overflow = true;
    acc.int_min = acc.any ? std::min(acc.int_min, v.as_int) : v.as_int;
    acc.int_max = acc.any ? std::max(acc.int_max, v.as_int) : v.as_int;
  } else {
    acc.all_int = false;
  }
  acc.double_sum += v.as_double;
  acc.double_min = acc.any ? std::min(acc.double_min, v.as_double) : v.as_double;
  acc.double_max = acc.any ? std::max(acc.double_max, v.as_double) : v.as_double;
  acc.any = true;
}

void merge_numbers(NumberAcc& acc, const NumberAcc& other) {
  if (!other.any) return;
  if (!acc.any) {
    acc = other;
    return;
  }
  acc.all_int = acc.all_int && other.all_int;
  acc.int_overflow = acc.int_overflow || other.int_overflow;
  if (!acc.int_overflow && __builtin_add_overflow(acc.int_sum, other.int_sum, &acc.int_sum))
    acc.int_overflow = true;
  acc.double_sum += other.double_sum;
  // Integer extremes are only read while every value is an integer; min over all ints is exact.
  acc.int_min = std::min(acc.int_min, other.int_min);
  acc.int_max = std::max(acc.int_max, other.int_max);
  acc.double_min = std::min(acc.double_min, other.double_min);
  acc.double_max = std::max(acc.double_max, other.double_max);
}

// JSON has no infinities: a value beyond the doubles (a sum of two 1.7e308) is written as the
// strings "+inf" and "-inf" (and "NaN" for +inf plus -inf), the way times write their
// infinities, rather than nlohmann's null, which reads as "no value".
std::string json_double(double d) {
  if (std::isnan(d)) return "\"NaN\"";
  if (std::isinf(d)) return d > 0 ? "\"+inf\"" : "\"-inf\"";
  return nlohmann::json(d).dump();
}

}  // namespace

Aggregate<JsonNumber, NumberAcc> number_aggregate(AggregationKind kind) {
  if (kind == AggregationKind::Count) {
    return {[] { return NumberAcc{}; }, [](NumberAcc&, const JsonNumber&) {},
            [](NumberAcc&, const NumberAcc&) {}};
  }
  return {[] { return NumberAcc{}; }, add_number, merge_numbers};
}

std::string render_number_value(AggregationKind kind, const NumberAcc& acc, std::int64_t count) {
  const bool exact = acc.all_int && !acc.int_overflow;
  switch (kind) {
    case AggregationKind::Count: return std::to_string(count);
    case AggregationKind::Sum: return exact ? std::to_string(acc.int_sum) : json_double(acc.double_sum);
    case AggregationKind::Avg:
      if (count == 0) return "null";
      return json_double(exact ? static_cast<double>(acc.int_sum) / static_cast<double>(count)
                               : acc.double_sum / static_cast<double>(count));
    case AggregationKind::Min: return acc.all_int ? std::to_string(acc.int_min) : json_double(acc.double_min);
    case AggregationKind::Max: return acc.all_int ? std::to_string(acc.int_max) : json_double(acc.double_max);
  }
  return "null";
}

}  // namespace streamlab
