/// @file
/// Grouped streams cut into windows, ready to aggregate (Kafka Streams' TimeWindowedKStream and
/// SessionWindowedKStream), with the emission settings of the semantics document.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "streamlab/dsl/detail/graph.hpp"
#include "streamlab/dsl/detail/window_aggregate_operator.hpp"
#include "streamlab/dsl/fwd.hpp"
#include "streamlab/dsl/windowed_ktable.hpp"
#include "streamlab/engine/aggregate.hpp"
#include "streamlab/engine/pane.hpp"
#include "streamlab/engine/window.hpp"

namespace streamlab {

namespace detail {

/// Emission settings shared by time and session windowed streams.
struct WindowedSettings {
  WindowSpec spec;                       ///< The windows.
  Duration grace{0};                     ///< Allowed lateness.
  EmitMode emit{EmitMode::Final};        ///< Output mode.
  Trigger trigger{};                     ///< Continuous or micro-batch.
  TimeDomain domain{TimeDomain::Event};  ///< Event or processing time.
  std::optional<Duration> early;         ///< EARLY panes every this much processing time.
};

/// Builds the windowed operator, wires it after `stream` and returns its panes.
template <class K, class V, class A>
WindowedKTable<K, A> windowed_aggregate(const std::shared_ptr<Graph>& graph, const KStream<K, V>& stream,
                                        const WindowedSettings& s, Aggregate<V, A> aggregate) {
  WindowOperatorConfig config;
  config.window = s.spec;
  config.allowed_lateness = s.grace;
  config.emit = s.emit;
  config.trigger = s.trigger;
  config.time_domain = s.domain;
  config.early_every = s.early;
  auto op = std::make_shared<WindowAggregateOperator<K, V, A>>(graph->make_name("KSTREAM-WINDOWED"),
                                                               std::move(config), std::move(aggregate));
  graph->operators.push_back(op);
  graph->note_state(op->name(), StreamAccess<K, V>::info(stream).topics);
  StreamAccess<K, V>::port(stream)->connect(
      [op](const Env& env, const K& k, const V& v) { op->process(env, k, v); });
  return WindowedKTable<K, A>{graph, op->output(), StreamAccess<K, V>::info(stream).topics,
                              [op] { return op->windows_held(); }};
}

/// An engine Aggregate from the DSL's `initializer` and `adder(value, agg) -> agg`.
template <class K, class V, class A, class I, class F>
Aggregate<V, A> make_aggregate(I initializer, F adder) {
  if constexpr (std::is_invocable_r_v<A, F&, const V&, const A&>) {
    return Aggregate<V, A>{[initializer]() mutable { return A(initializer()); },
                           [adder](A& acc, const V& v) mutable { acc = adder(v, acc); },
                           {}};
  } else {
    static_assert(std::is_invocable_r_v<A, F&, const V&, const A&>,
                  "aggregate(): the adder is called as adder(value, aggregate) and must return the new "
                  "aggregate. A function that changes the aggregate in place, f(Agg&, const Value&), "
                  "goes in a lambda: [](const Value& v, Agg a) { f(a, v); return a; }");
    return {};
  }
}

/// Whether `merger(aggregate, aggregate)` returns the merged aggregate.
template <class A, class M>
inline constexpr bool kIsMerger = std::is_invocable_r_v<A, M&, const A&, const A&>;

}  // namespace detail

/// Settings every windowed stream has: emit mode, trigger, time domain, early panes.
template <class Self>
class WindowedSettingsMixin {
 public:
  /// `EmitMode::Final` (default: one ON_TIME pane per window, LATE panes for late updates),
  /// `EmitMode::Update` (an UPDATE pane per change) or `EmitMode::Complete`.
  Self emit(EmitMode mode) const {
    Self s = self();
    s.settings_.emit = mode;
    return s;
  }
  /// Spark's model: records grouped into batches of `interval` processing time; the watermark
  /// moves only at batch ends.
  Self microBatch(Duration interval) const {
    Self s = self();
    s.settings_.trigger = Trigger::micro_batch(interval);
    return s;
  }
  /// Windows on the arrivals' processing time instead of event time.
  Self onProcessingTime() const {
    Self s = self();
    s.settings_.domain = TimeDomain::Processing;
    return s;
  }
  /// Also emits EARLY panes of changed open windows every `interval` of processing time.
  Self earlyEvery(Duration interval) const {
    Self s = self();
    s.settings_.early = interval;
    return s;
  }

 private:
  const Self& self() const { return static_cast<const Self&>(*this); }
};

/// A grouped stream cut into tumbling or hopping windows.
///
/// @code
/// auto revenue = sales.groupBy([](const Sale& s) { return s.category; })
///     .windowedBy(streamlab::TimeWindows::ofSize(1min).grace(30s))
///     .aggregate([] { return 0.0; }, [](const Sale& s, double sum) { return sum + s.amount; });
/// revenue.toStream().to("revenue-per-minute");
/// @endcode
template <class K, class V>
class TimeWindowedKStream : public WindowedSettingsMixin<TimeWindowedKStream<K, V>> {
 public:
  /// Windows `stream` with `spec` and allowed lateness `grace` (built by KGroupedStream).
  TimeWindowedKStream(std::shared_ptr<detail::Graph> graph, KStream<K, V> stream, WindowSpec spec,
                      Duration grace)
      : graph_(std::move(graph)), stream_(std::move(stream)), settings_{spec, grace, {}, {}, {}, {}} {}

  /// The number of records per key and window.
  WindowedKTable<K, std::int64_t> count() const {
    return aggregate([] { return std::int64_t{0}; }, [](const V&, std::int64_t n) { return n + 1; });
  }

  /// `initializer()` per window, then `adder(value, aggregate)` per record.
  template <class I, class F>
  auto aggregate(I initializer, F adder) const {
    using A = std::decay_t<std::invoke_result_t<I&>>;
    return detail::windowed_aggregate<K, V, A>(graph_, stream_, settings_,
                                               detail::make_aggregate<K, V, A>(initializer, adder));
  }

  /// `reducer(aggregate, value)` per window, starting from the window's first value.
  template <class F>
  WindowedKTable<K, V> reduce(F reducer) const {
    // The accumulator is "the value so far, if any"; panes carry the value itself.
    using Acc = std::optional<V>;
    auto inner = detail::windowed_aggregate<K, V, Acc>(
        graph_, stream_, settings_,
        Aggregate<V, Acc>{[] { return Acc{}; },
                          [reducer](Acc& acc, const V& v) mutable { acc = acc ? reducer(*acc, v) : v; },
                          [reducer](Acc& acc, const Acc& other) mutable {
                            if (other) acc = acc ? reducer(*acc, *other) : *other;
                          }});
    auto out = std::make_shared<detail::Port<K, WindowResult<K, V>>>();
    detail::StreamAccess<K, WindowResult<K, Acc>>::port(inner.toStream())
        ->connect([out](const detail::Env& env, const K& k, const WindowResult<K, Acc>& r) {
          out->push(env, k, WindowResult<K, V>{r.key, r.window, r.value.value_or(V{}), r.pane, r.count});
        });
    return WindowedKTable<K, V>{graph_, out, detail::StreamAccess<K, V>::info(stream_).topics,
                                [inner] { return inner.windows_held(); }};
  }

 private:
  friend class WindowedSettingsMixin<TimeWindowedKStream>;

  std::shared_ptr<detail::Graph> graph_;
  KStream<K, V> stream_;
  detail::WindowedSettings settings_;
};

/// A grouped stream cut into session windows; aggregations need a merger for when an event
/// bridges two sessions.
template <class K, class V>
class SessionWindowedKStream : public WindowedSettingsMixin<SessionWindowedKStream<K, V>> {
 public:
  /// Windows `stream` in sessions (built by KGroupedStream).
  SessionWindowedKStream(std::shared_ptr<detail::Graph> graph, KStream<K, V> stream, WindowSpec spec,
                         Duration grace)
      : graph_(std::move(graph)), stream_(std::move(stream)), settings_{spec, grace, {}, {}, {}, {}} {}

  /// The number of records per key and session.
  WindowedKTable<K, std::int64_t> count() const {
    return aggregate([] { return std::int64_t{0}; }, [](const V&, std::int64_t n) { return n + 1; },
                     [](std::int64_t a, std::int64_t b) { return a + b; });
  }

  /// `initializer()` per session, `adder(value, aggregate)` per record, and
  /// `merger(aggregate1, aggregate2)` when two sessions merge into one.
  template <class I, class F, class M>
  auto aggregate(I initializer, F adder, M merger) const {
    using A = std::decay_t<std::invoke_result_t<I&>>;
    static_assert(detail::kIsMerger<A, M>,
                  "aggregate(): the merger is called as merger(aggregate, other) and must return the "
                  "merged aggregate. A function that merges in place, f(Agg& into, const Agg& other), "
                  "goes in a lambda: [](Agg a, const Agg& b) { f(a, b); return a; }");
    auto agg = detail::make_aggregate<K, V, A>(initializer, adder);
    if constexpr (detail::kIsMerger<A, M>)
      agg.merge = [merger](A& acc, const A& other) mutable { acc = merger(acc, other); };
    return detail::windowed_aggregate<K, V, A>(graph_, stream_, settings_, std::move(agg));
  }

 private:
  friend class WindowedSettingsMixin<SessionWindowedKStream>;
  std::shared_ptr<detail::Graph> graph_;
  KStream<K, V> stream_;
  detail::WindowedSettings settings_;
};

}  // namespace streamlab
