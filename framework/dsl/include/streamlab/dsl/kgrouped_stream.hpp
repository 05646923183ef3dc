/// @file
/// A stream grouped by key, ready to aggregate (Kafka Streams' KGroupedStream).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "streamlab/dsl/detail/graph.hpp"
#include "streamlab/dsl/detail/table_store.hpp"
#include "streamlab/dsl/fwd.hpp"
#include "streamlab/dsl/process_function.hpp"
#include "streamlab/dsl/windows.hpp"

namespace streamlab {

namespace detail {
/// `adder(key, value, aggregate)` when it takes three arguments, else `adder(value, aggregate)`.
template <class F, class K, class V, class A>
A call_adder(F& adder, const K& k, const V& v, const A& agg) {
  if constexpr (std::is_invocable_v<F&, const K&, const V&, const A&>) {
    return adder(k, v, agg);
  } else {
    return adder(v, agg);
  }
}
}  // namespace detail

/// The records of a stream grouped by key; every aggregation keeps one value per key.
///
/// @code
/// auto counts = words.groupByKey().count();                    // KTable<std::string, std::int64_t>
/// auto revenue = sales.groupBy([](const Sale& s) { return s.category; })
///                     .aggregate([] { return 0.0; },
///                                [](const Sale& s, double sum) { return sum + s.amount; });
/// auto per_minute = words.groupByKey().windowedBy(streamlab::TimeWindows::ofSize(1min)).count();
/// @endcode
template <class K, class V>
class KGroupedStream {
 public:
  /// Groups the records of `stream` (already repartitioned when needed).
  KGroupedStream(std::shared_ptr<detail::Graph> graph, KStream<K, V> stream)
      : graph_(std::move(graph)), stream_(std::move(stream)) {}

  /// A table of running aggregates: `initializer()` for a new key, then
  /// `adder(key, value, aggregate)` (or `adder(value, aggregate)`) per record. Each update flows
  /// on through toStream().
  template <class I, class F>
  auto aggregate(I initializer, F adder) const {
    using A = std::decay_t<std::invoke_result_t<I&>>;
    auto store = std::make_shared<detail::TableStore<K, A>>(graph_->make_name("KSTREAM-AGGREGATE"));
    graph_->operators.push_back(store);
    graph_->note_state(store->name(), detail::StreamAccess<K, V>::info(stream_).topics);
    auto changes = std::make_shared<detail::Port<K, A>>();
    detail::StreamAccess<K, V>::port(stream_)->connect(
        [store, changes, initializer, adder](const detail::Env& env, const K& k, const V& v) mutable {
          const A* old = store->get(k);
          A next = detail::call_adder(adder, k, v, old ? *old : initializer());
          store->put(k, next);
          env.run->mark_contributed();
          changes->push(env, k, next);
        });
    return KTable<K, A>{graph_, store, changes, detail::StreamAccess<K, V>::info(stream_).topics};
  }

  /// A table of the number of records per key.
  KTable<K, std::int64_t> count() const {
    return aggregate([] { return std::int64_t{0}; }, [](const V&, std::int64_t n) { return n + 1; });
  }

  /// A table of `reducer(aggregate, value)` per key, starting from the key's first value.
  template <class F>
  KTable<K, V> reduce(F reducer) const {
    auto store = std::make_shared<detail::TableStore<K, V>>(graph_->make_name("KSTREAM-REDUCE"));
    graph_->operators.push_back(store);
    graph_->note_state(store->name(), detail::StreamAccess<K, V>::info(stream_).topics);
    auto changes = std::make_shared<detail::Port<K, V>>();
    detail::StreamAccess<K, V>::port(stream_)->connect(
        [store, changes, reducer](const detail::Env& env, const K& k, const V& v) mutable {
          const V* old = store->get(k);
          V next = old ? reducer(*old, v) : v;
          store->put(k, next);
          env.run->mark_contributed();
          changes->push(env, k, next);
        });
    return KTable<K, V>{graph_, store, changes, detail::StreamAccess<K, V>::info(stream_).topics};
  }

  /// Windows the groups in tumbling or hopping event-time windows.
  TimeWindowedKStream<K, V> windowedBy(const TimeWindows& windows) const {
    return TimeWindowedKStream<K, V>{graph_, stream_, windows.spec(), windows.grace_period()};
  }

  /// Windows the groups in session windows.
  SessionWindowedKStream<K, V> windowedBy(const SessionWindows& windows) const {
    return SessionWindowedKStream<K, V>{graph_, stream_, windows.spec(), windows.grace_period()};
  }

  /// Runs a keyed process function over the groups (same as KStream::process()).
  template <class Fn>
  KStream<K, typename Fn::output_type> process(std::shared_ptr<Fn> fn) const {
    return stream_.process(std::move(fn));
  }

  /// Runs a process function built in place (same as KStream::process<Fn>()).
  template <class Fn>
  KStream<K, typename Fn::output_type> process() const {
    return stream_.template process<Fn>();
  }

 private:
  std::shared_ptr<detail::Graph> graph_;
  KStream<K, V> stream_;
};

}  // namespace streamlab

#include "streamlab/dsl/kstream.hpp"
#include "streamlab/dsl/windowed_kstream.hpp"
