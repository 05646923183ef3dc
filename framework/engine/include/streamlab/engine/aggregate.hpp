/// @file
/// The aggregate function a window operator folds each window's events with.
#pragma once

#include <functional>

namespace streamlab {

/// An incremental aggregate over the values of one window (Flink's `AggregateFunction`).
/// `merge` is needed for session windows, which merge when an event bridges them.
template <class Value, class Acc>
struct Aggregate {
  std::function<Acc()> init;                    ///< The accumulator of an empty window.
  std::function<void(Acc&, const Value&)> add;  ///< Folds one value into an accumulator.
  std::function<void(Acc&, const Acc&)> merge;  ///< Folds a second accumulator into the first.
};

/// Counts events; the accumulator is the count.
template <class Value>
Aggregate<Value, long long> count_aggregate() {
  return {[] { return 0LL; }, [](long long& acc, const Value&) { ++acc; },
          [](long long& acc, const long long& other) { acc += other; }};
}

/// Sums values (any type with `+=`), starting from a value-initialised `Acc`.
template <class Value, class Acc = Value>
Aggregate<Value, Acc> sum_aggregate() {
  return {[] { return Acc{}; }, [](Acc& acc, const Value& v) { acc += v; },
          [](Acc& acc, const Acc& other) { acc += other; }};
}

}  // namespace streamlab
