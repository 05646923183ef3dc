/// @file
/// A stream of keyed records and its operators (Kafka Streams' KStream).
#pragma once

#include <any>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "streamlab/dsl/collector.hpp"
#include "streamlab/dsl/detail/graph.hpp"
#include "streamlab/dsl/detail/interval_join_operator.hpp"
#include "streamlab/dsl/detail/invoke.hpp"
#include "streamlab/dsl/detail/jsonl_file.hpp"
#include "streamlab/dsl/detail/process_operator.hpp"
#include "streamlab/dsl/detail/stream_info.hpp"
#include "streamlab/dsl/detail/table_store.hpp"
#include "streamlab/dsl/detail/temporal_join_operator.hpp"
#include "streamlab/dsl/fwd.hpp"
#include "streamlab/dsl/grouped.hpp"
#include "streamlab/dsl/join_windows.hpp"
#include "streamlab/dsl/key_value.hpp"
#include "streamlab/dsl/output_tag.hpp"
#include "streamlab/dsl/process_function.hpp"
#include "streamlab/dsl/window_result_json.hpp"
#include "streamlab/dsl/produced.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

namespace detail {
/// False for every type: a static_assert that fires only when its template is instantiated.
template <class>
inline constexpr bool kAlwaysFalse = false;
}  // namespace detail

/// An unbounded stream of keyed records with event times; each operator returns a new stream.
///
/// Every function argument may take `(key, value)` or just `(value)`.
/// @code
/// auto words = lines.flatMapValues([](const std::string& line) { return split_words(line); })
///                   .selectKey([](const std::string&, const std::string& w) { return w; });
/// words.groupByKey().count().toStream().to("word-counts");
/// @endcode
/// A stream whose key changed (map, selectKey, flatMap) is repartitioned through the topic
/// `<application>-<name>-repartition` before a grouping, a join or a process function, so that
/// all records of one key meet in one partition.
template <class K, class V>
class KStream {
 public:
  /// The key type.
  using key_type = K;
  /// The value type.
  using value_type = V;

  /// Keeps the records for which `pred` is true; the others count as processed.
  template <class P>
  KStream filter(P pred) const {
    auto out = std::make_shared<detail::Port<K, V>>();
    port_->connect([out, pred](const detail::Env& env, const K& k, const V& v) mutable {
      if (detail::call_kv(pred, k, v)) {
        out->push(env, k, v);
      } else {
        env.run->mark_contributed();
      }
    });
    return KStream{graph_, out, info_};
  }

  /// Keeps the records for which `pred` is false.
  template <class P>
  KStream filterNot(P pred) const {
    return filter([pred](const K& k, const V& v) mutable { return !detail::call_kv(pred, k, v); });
  }

  /// Replaces each value with `f(value)` (or `f(key, value)`); the key is unchanged.
  template <class F>
  auto mapValues(F f) const {
    using V2 = detail::call_kv_result_t<F, K, V>;
    auto out = std::make_shared<detail::Port<K, V2>>();
    port_->connect([out, f](const detail::Env& env, const K& k, const V& v) mutable {
      out->push(env, k, detail::call_kv(f, k, v));
    });
    return KStream<K, V2>{graph_, out, info_};
  }

  /// Replaces each record with `f(key, value)`, a KeyValue; the key changes (repartition ahead).
  template <class F>
  auto map(F f) const {
    using KV = detail::call_kv_result_t<F, K, V>;
    using K2 = decltype(std::declval<KV>().key);
    using V2 = decltype(std::declval<KV>().value);
    auto out = std::make_shared<detail::Port<K2, V2>>();
    port_->connect([out, f](const detail::Env& env, const K& k, const V& v) mutable {
      KV kv = detail::call_kv(f, k, v);
      out->push(env, kv.key, kv.value);
    });
    return KStream<K2, V2>{graph_, out, changed_key()};
  }

  /// Replaces each record with the KeyValues in the container `f(key, value)` returns (maybe
  /// none); the key changes. A record that yields nothing counts as processed.
  template <class F>
  auto flatMap(F f) const {
    using C = detail::call_kv_result_t<F, K, V>;
    using KV = std::decay_t<decltype(*std::begin(std::declval<C&>()))>;
    using K2 = decltype(std::declval<KV>().key);
    using V2 = decltype(std::declval<KV>().value);
    auto out = std::make_shared<detail::Port<K2, V2>>();
    port_->connect([out, f](const detail::Env& env, const K& k, const V& v) mutable {
      bool any = false;
      for (const auto& kv : detail::call_kv(f, k, v)) {
        any = true;
        out->push(env, kv.key, kv.value);
      }
      if (!any) env.run->mark_contributed();
    });
    return KStream<K2, V2>{graph_, out, changed_key()};
  }

  /// Replaces each value with the values in the container `f(value)` returns; the key is kept.
  template <class F>
  auto flatMapValues(F f) const {
    using C = detail::call_kv_result_t<F, K, V>;
    using V2 = std::decay_t<decltype(*std::begin(std::declval<C&>()))>;
    auto out = std::make_shared<detail::Port<K, V2>>();
    port_->connect([out, f](const detail::Env& env, const K& k, const V& v) mutable {
      bool any = false;
      for (const auto& v2 : detail::call_kv(f, k, v)) {
        any = true;
        out->push(env, k, v2);
      }
      if (!any) env.run->mark_contributed();
    });
    return KStream<K, V2>{graph_, out, info_};
  }

  /// Sets each record's key to `f(key, value)` (or `f(value)`); the key changes.
  template <class F>
  auto selectKey(F f) const {
    using K2 = detail::call_kv_result_t<F, K, V>;
    auto out = std::make_shared<detail::Port<K2, V>>();
    port_->connect([out, f](const detail::Env& env, const K& k, const V& v) mutable {
      out->push(env, detail::call_kv(f, k, v), v);
    });
    return KStream<K2, V>{graph_, out, changed_key()};
  }

  /// Flink's name for selectKey().
  template <class F>
  auto keyBy(F f) const {
    return selectKey(std::move(f));
  }

  /// Calls `f(key, value)` for each record (for logging) and passes it on unchanged.
  template <class F>
  KStream peek(F f) const {
    auto out = std::make_shared<detail::Port<K, V>>();
    port_->connect([out, f](const detail::Env& env, const K& k, const V& v) mutable {
      detail::call_kv(f, k, v);
      out->push(env, k, v);
    });
    return KStream{graph_, out, info_};
  }

  /// Splits the stream: a record goes to the stream of the first predicate it satisfies; a record
  /// that satisfies none counts as processed (as in Kafka Streams' branch).
  template <class... P>
  std::vector<KStream> branch(P... preds) const {
    std::vector<std::function<bool(const K&, const V&)>> tests{[preds](const K& k, const V& v) mutable {
      return static_cast<bool>(detail::call_kv(preds, k, v));
    }...};
    std::vector<std::shared_ptr<detail::Port<K, V>>> outs;
    std::vector<KStream> streams;
    for (std::size_t i = 0; i < tests.size(); ++i) {
      outs.push_back(std::make_shared<detail::Port<K, V>>());
      streams.push_back(KStream{graph_, outs.back(), info_});
    }
    port_->connect([outs, tests](const detail::Env& env, const K& k, const V& v) {
      for (std::size_t i = 0; i < tests.size(); ++i) {
        if (tests[i](k, v)) {
          outs[i]->push(env, k, v);
          return;
        }
      }
      env.run->mark_contributed();
    });
    return streams;
  }

  /// One stream holding the records of this one and of `other`, each when it arrives.
  KStream merge(const KStream& other) const {
    auto out = std::make_shared<detail::Port<K, V>>();
    auto forward = [out](const detail::Env& env, const K& k, const V& v) { out->push(env, k, v); };
    port_->connect(forward);
    other.port_->connect(forward);
    detail::StreamInfo info = info_;
    info.key_changed = info_.key_changed || other.info_.key_changed;
    info.topics.insert(info.topics.end(), other.info_.topics.begin(), other.info_.topics.end());
    return KStream{graph_, out, info};
  }

  /// Groups by the current key (repartitioning first if the key changed), ready to aggregate.
  KGroupedStream<K, V> groupByKey(Grouped<K, V> grouped = {}) const {
    return KGroupedStream<K, V>{graph_, repartitioned(grouped, "groupByKey")};
  }

  /// Groups by a new key `f(key, value)`, repartitioning through the log.
  template <class F>
  auto groupBy(F f) const {
    using K2 = detail::call_kv_result_t<F, K, V>;
    return selectKey(std::move(f)).groupByKey(Grouped<K2, V>{});
  }

  /// Groups by a new key with explicit serdes and name for the repartition topic.
  template <class F, class K2>
  KGroupedStream<K2, V> groupBy(F f, Grouped<K2, V> grouped) const {
    return selectKey(std::move(f)).groupByKey(std::move(grouped));
  }

  /// Inner stream-table join: each record is paired with the table's value for its key as of
  /// the record's arrival, `joiner(value, row)`; a record without a row is dropped and counted
  /// (Accounting::join_unmatched). A later table update never re-emits an earlier join.
  template <class VT, class J>
  auto join(const KTable<K, VT>& table, J joiner) const {
    using VR = std::decay_t<std::invoke_result_t<J&, const V&, const VT&>>;
    KStream in = repartitioned(Grouped<K, V>{}, "join");
    in.require_copartitioned(table, "join");
    auto out = std::make_shared<detail::Port<K, VR>>();
    auto store = table.store();
    in.port_->connect([out, store, joiner](const detail::Env& env, const K& k, const V& v) mutable {
      if (const VT* row = store->get(k)) {
        out->push(env, k, joiner(v, *row));
      } else {
        env.run->count_join_unmatched();
        env.run->mark_contributed();
      }
    });
    return KStream<K, VR>{graph_, out, in.info_};
  }

  /// Catches join() with something that is not a KTable of this stream's key: a stream-table
  /// join looks each record up in a table (StreamsBuilder::table(), or a KGroupedStream's
  /// aggregate), so a KStream or a table keyed differently is a compile error with a sentence.
  template <class T, class J>
  auto join(const T&, J) const {
    static_assert(detail::kAlwaysFalse<T>,
                  "join() takes a KTable<K, V> with this stream's key type K: build the table with "
                  "builder.table(topic, Consumed<K, V>...), and re-key the stream with selectKey() first "
                  "if its key differs");
    return *this;
  }

  /// Like the join() above, for leftJoin().
  template <class T, class J>
  auto leftJoin(const T&, J) const {
    static_assert(detail::kAlwaysFalse<T>,
                  "leftJoin() takes a KTable<K, V> with this stream's key type K: build the table with "
                  "builder.table(topic, Consumed<K, V>...), and re-key the stream with selectKey() first "
                  "if its key differs");
    return *this;
  }

  /// Left stream-table join: like join(), but a record without a row is emitted with
  /// `joiner(value, std::nullopt)`.
  template <class VT, class J>
  auto leftJoin(const KTable<K, VT>& table, J joiner) const {
    using VR = std::decay_t<std::invoke_result_t<J&, const V&, const std::optional<VT>&>>;
    KStream in = repartitioned(Grouped<K, V>{}, "leftJoin");
    in.require_copartitioned(table, "leftJoin");
    auto out = std::make_shared<detail::Port<K, VR>>();
    auto store = table.store();
    in.port_->connect([out, store, joiner](const detail::Env& env, const K& k, const V& v) mutable {
      const VT* row = store->get(k);
      out->push(env, k, joiner(v, row ? std::optional<VT>{*row} : std::optional<VT>{}));
    });
    return KStream<K, VR>{graph_, out, in.info_};
  }

  /// Runs a keyed process function over the stream (repartitioning first if the key changed).
  /// `fn` points to a class derived from KeyedProcessFunction<K, V, Out>; its side outputs are
  /// read with sideOutput() on the returned stream.
  template <class Fn>
  KStream<K, typename Fn::output_type> process(std::shared_ptr<Fn> fn) const {
    using Out = typename Fn::output_type;
    static_assert(std::is_base_of_v<KeyedProcessFunction<K, V, Out>, Fn>,
                  "process() takes a KeyedProcessFunction<K, V, Out> of this stream's key and value types");
    KStream in = repartitioned(Grouped<K, V>{}, "process");
    auto op = std::make_shared<detail::ProcessOperator<K, V, Out>>(
        graph_->make_name("KSTREAM-PROCESS"),
        std::shared_ptr<KeyedProcessFunction<K, V, Out>>(std::move(fn)));
    graph_->operators.push_back(op);
    graph_->note_state(op->name(), in.info_.topics);
    in.port_->connect([op](const detail::Env& env, const K& k, const V& v) { op->process(env, k, v); });
    KStream<K, Out> result{graph_, op->output(), in.info_};
    result.side_connect_ = [op](const std::string& tag,
                                std::function<void(const detail::Env&, const K&, const std::any&)> port) {
      op->connect_side(tag, std::move(port));
    };
    return result;
  }

  /// Runs a process function built in place: `process<Spike>()` for a default-constructible type.
  template <class Fn>
  KStream<K, typename Fn::output_type> process() const {
    static_assert(std::is_default_constructible_v<Fn>,
                  "process<Fn>() builds Fn with no arguments, and Fn has no default constructor: build "
                  "it yourself and pass it, process(std::make_shared<Fn>(args...))");
    if constexpr (std::is_default_constructible_v<Fn>)
      return process(std::make_shared<Fn>());
    else
      std::terminate();
  }

  /// The side output `tag` of the process function that produced this stream.
  /// @throws std::logic_error when this stream is not the output of process().
  template <class T>
  KStream<K, T> sideOutput(const OutputTag<T>& tag) const {
    if (!side_connect_) {
      throw std::logic_error("sideOutput('" + tag.name() + "') needs the stream returned by process()");
    }
    auto out = std::make_shared<detail::Port<K, T>>();
    side_connect_(tag.name(), [out](const detail::Env& env, const K& k, const std::any& v) {
      out->push(env, k, std::any_cast<const T&>(v));
    });
    return KStream<K, T>{graph_, out, info_};
  }

  /// Temporal stream-table join (Flink's `FOR SYSTEM_TIME AS OF`, Kafka Streams' versioned
  /// tables with a join grace): each record waits until the watermark passes its event time, or
  /// at most `grace` on the stream's own clock, then is paired with the table version valid at
  /// its event time, `joiner(value, version)`. A record without a version is dropped and counted
  /// (Accounting::join_unmatched); one older than the table's history retention goes to the late
  /// output (docs/semantics.md, "Joins").
  template <class VT, class J>
  auto join(const VersionedKTable<K, VT>& table, J joiner, JoinGrace grace) const {
    using VR = std::decay_t<std::invoke_result_t<J&, const V&, const VT&>>;
    return temporal_join<VR>(table, grace, JoinType::Inner, "join",
                             [joiner](const V& v, const VT* t) mutable { return joiner(v, *t); });
  }

  /// Left temporal join: like join(table, joiner, grace), but a record without a version is
  /// emitted with `joiner(value, std::nullopt)`.
  template <class VT, class J>
  auto leftJoin(const VersionedKTable<K, VT>& table, J joiner, JoinGrace grace) const {
    using VR = std::decay_t<std::invoke_result_t<J&, const V&, const std::optional<VT>&>>;
    return temporal_join<VR>(table, grace, JoinType::Left, "leftJoin",
                             [joiner](const V& v, const VT* t) mutable {
                               return joiner(v, t != nullptr ? std::optional<VT>{*t} : std::optional<VT>{});
                             });
  }

  /// Windowed stream-stream inner join (Kafka Streams' `join(KStream, ValueJoiner, JoinWindows)`,
  /// Flink's interval join): records of the two streams with the same key pair when their event
  /// times are at most `windows.time_difference()` apart, `joiner(value, other)`, at the later
  /// of the two times. A record's state is freed when the watermark closes its window; a record
  /// that never paired is counted (Accounting::join_unmatched), a late one goes to the late output.
  template <class VO, class J>
  auto join(const KStream<K, VO>& other, J joiner, JoinWindows windows) const {
    using VR = std::decay_t<std::invoke_result_t<J&, const V&, const VO&>>;
    return interval_join<VR>(other, windows, JoinType::Inner, "join",
                             [joiner](const V* v, const VO* o) mutable { return joiner(*v, *o); });
  }

  /// Windowed left join: like join(other, joiner, windows), and a record of this stream that
  /// never paired is emitted with `joiner(value, std::nullopt)` when its window closes, never
  /// before (the Kafka Streams >= 3.1 rule).
  template <class VO, class J>
  auto leftJoin(const KStream<K, VO>& other, J joiner, JoinWindows windows) const {
    using VR = std::decay_t<std::invoke_result_t<J&, const V&, const std::optional<VO>&>>;
    return interval_join<VR>(other, windows, JoinType::Left, "leftJoin",
                             [joiner](const V* v, const VO* o) mutable {
                               return joiner(*v, o != nullptr ? std::optional<VO>{*o} : std::optional<VO>{});
                             });
  }

  /// Windowed outer join: like leftJoin(other, joiner, windows), and a record of either stream
  /// that never paired is emitted alone when its window closes, `joiner(value, std::nullopt)` or
  /// `joiner(std::nullopt, other)`.
  template <class VO, class J>
  auto outerJoin(const KStream<K, VO>& other, J joiner, JoinWindows windows) const {
    using VR = std::decay_t<std::invoke_result_t<J&, const std::optional<V>&, const std::optional<VO>&>>;
    return interval_join<VR>(other, windows, JoinType::Outer, "outerJoin",
                             [joiner](const V* v, const VO* o) mutable {
                               return joiner(v != nullptr ? std::optional<V>{*v} : std::optional<V>{},
                                             o != nullptr ? std::optional<VO>{*o} : std::optional<VO>{});
                             });
  }

  /// Writes every record to `topic` through the runtime's Sink, with its event time as the
  /// record timestamp.
  void to(const std::string& topic, Produced<K, V> produced = {}) const {
    graph_->output_topics.push_back(topic);
    port_->connect([topic, produced](const detail::Env& env, const K& k, const V& v) {
      Record r{produced.key_serde.serialize(k), produced.value_serde.serialize(v), env.timestamp, {}};
      env.run->emit(topic, std::move(r), true);
      env.run->mark_contributed();
    });
  }

  /// Writes every record as one JSON line `{"key":..,"value":..,"timestamp":".."}` to `path`.
  /// The file is truncated when a fresh run starts. Key and value need `to_json`.
  void toFile(const std::string& path) const {
    auto file = std::make_shared<detail::JsonlFile>(path);
    graph_->on_start.push_back([file](bool fresh) { file->open(fresh); });
    port_->connect([file](const detail::Env& env, const K& k, const V& v) {
      nlohmann::json line{{"key", detail::to_json_value(k)},
                          {"value", detail::to_json_value(v)},
                          {"timestamp", format_timestamp(env.timestamp)}};
      env.run->defer_result([file, text = line.dump()] { file->write_line(text); });
      env.run->mark_contributed();
    });
  }

  /// Appends every record to `collector` (for tests); the collector must outlive the run.
  void collect(Collector<K, V>& collector) const {
    port_->connect([c = &collector](const detail::Env& env, const K& k, const V& v) {
      env.run->defer_result([c, k, v, t = env.timestamp] { c->add(k, v, t); });
      env.run->mark_contributed();
    });
  }

  /// Calls `f(key, value)` for every record as it is processed (not held for commit: use it
  /// for printing, not for results).
  template <class F>
  void foreach (F f) const {
    port_->connect([f](const detail::Env& env, const K& k, const V& v) mutable {
      detail::call_kv(f, k, v);
      env.run->mark_contributed();
    });
  }

 private:
  template <class K2, class V2>
  friend class KStream;
  // The builder, tables and grouped streams wire operators to a stream through this; a
  // topology never needs the wiring (Kafka Streams keeps the same in its internals).
  template <class, class>
  friend struct detail::StreamAccess;

  // A stream reading `port` in `graph` (made by StreamsBuilder and the operators).
  KStream(std::shared_ptr<detail::Graph> graph, std::shared_ptr<detail::Port<K, V>> port,
          detail::StreamInfo info)
      : graph_(std::move(graph)), port_(std::move(port)), info_(std::move(info)) {}

  // This stream, or a copy of it that went through a repartition topic when its key changed.
  // `what` names the step in the generated topic name.
  [[nodiscard]] KStream repartitioned(const Grouped<K, V>& grouped, const std::string& what) const {
    if (!info_.key_changed) return *this;
    std::string name = grouped.name.empty() ? graph_->make_name("KSTREAM-" + what) : grouped.name;
    std::string topic = graph_->config.application_id + "-" + name + "-repartition";
    graph_->internal_topics.push_back(topic);
    auto out = std::make_shared<detail::Port<K, V>>();
    port_->connect([out, topic, ks = grouped.key_serde, vs = grouped.value_serde](const detail::Env& env,
                                                                                  const K& k, const V& v) {
      // Only the path through the topic decodes what was written: a key or value whose serde
      // does not round-trip reaches the dead letters there, and reaches the next stage as it is
      // on the in-process paths (as within a Kafka Streams sub-topology, where no serde runs).
      switch (env.run->repartition_path()) {
        case detail::RepartitionPath::ThroughTopic:
          env.run->repartition(topic, Record{ks.serialize(k), vs.serialize(v), env.timestamp, {}});
          env.run->mark_contributed();  // the next stage reads it back from the topic
          return;
        case detail::RepartitionPath::WrittenAndInProcess:
          env.run->repartition(topic, Record{ks.serialize(k), vs.serialize(v), env.timestamp, {}});
          out->push(env, k, v);
          return;
        case detail::RepartitionPath::InProcess:
          env.run->count_repartitioned();
          out->push(env, k, v);
          return;
      }
    });
    // A scale-out run's next stage: the records read back from the topic, decoded.
    graph_->repartition_sources.push_back(detail::SourceBinding{
        topic, false,
        [out, topic, ks = grouped.key_serde, vs = grouped.value_serde](
            detail::RunContext& run, const ConsumedRecord& consumed) -> std::optional<Timestamp> {
          K k;
          V v;
          try {
            if (!consumed.record.key) throw std::invalid_argument("the key is null");
            k = ks.deserialize(*consumed.record.key, run.json_scratch());
            v = vs.deserialize(consumed.record.value, run.json_scratch());
          } catch (const std::exception& e) {
            run.dead_letter(std::string{"repartition topic '"} + topic + "': " + e.what());
            return std::nullopt;
          }
          out->push(detail::Env{&run, consumed.record.timestamp}, k, v);
          return consumed.record.timestamp;
        }});
    return KStream{graph_, out, detail::StreamInfo{false, {topic}}};
  }

  // The temporal join of this stream with `table`; `make(value, version or nullptr)` builds a row.
  template <class VR, class VT, class F>
  KStream<K, VR> temporal_join(const VersionedKTable<K, VT>& table, JoinGrace grace, JoinType type,
                               const std::string& what, F make) const {
    KStream in = repartitioned(Grouped<K, V>{}, what);
    for (const auto& left : in.info_.topics) {
      for (const auto& right : table.topics())
        graph_->copartition.push_back(detail::CopartitionRule{left, right, what});
    }
    auto out = std::make_shared<detail::Port<K, VR>>();
    using Op = detail::TemporalJoinOperator<K, V, VT>;
    auto op =
        std::make_shared<Op>(graph_->make_name("KSTREAM-TEMPORAL-JOIN"),
                             TemporalJoinConfig{type, grace.grace, table.history_retention()},
                             [out, make](const detail::Env& env, const typename Op::Engine::Row& r) mutable {
                               out->push(env, *r.key, make(*r.left, r.right));
                             });
    graph_->operators.push_back(op);
    graph_->note_state(op->name(), in.info_.topics);
    in.port_->connect([op](const detail::Env& env, const K& k, const V& v) { op->left(env, k, v); });
    table.updates()->connect([op](const detail::Env& env, const K& k, const VT& v) { op->right(env, k, v); });
    return KStream<K, VR>{graph_, out, in.info_};
  }

  // The windowed join of this stream with `other`; `make(value or nullptr, other or nullptr)`
  // builds a row.
  template <class VR, class VO, class F>
  KStream<K, VR> interval_join(const KStream<K, VO>& other, JoinWindows windows, JoinType type,
                               const std::string& what, F make) const {
    KStream in = repartitioned(Grouped<K, V>{}, what);
    KStream<K, VO> in_other = other.repartitioned(Grouped<K, VO>{}, what + "-other");
    for (const auto& left : in.info_.topics) {
      for (const auto& right : in_other.info_.topics)
        graph_->copartition.push_back(detail::CopartitionRule{left, right, what});
    }
    auto out = std::make_shared<detail::Port<K, VR>>();
    using Op = detail::IntervalJoinOperator<K, V, VO>;
    auto op =
        std::make_shared<Op>(graph_->make_name("KSTREAM-WINDOWED-JOIN"),
                             IntervalJoinConfig{type, windows.time_difference(), windows.grace_period()},
                             [out, make](const detail::Env& env, const typename Op::Engine::Row& r) mutable {
                               out->push(env, *r.key, make(r.left, r.right));
                             });
    graph_->operators.push_back(op);
    in.port_->connect([op](const detail::Env& env, const K& k, const V& v) { op->left(env, k, v); });
    in_other.port_->connect([op](const detail::Env& env, const K& k, const VO& v) { op->right(env, k, v); });
    detail::StreamInfo info = in.info_;
    info.topics.insert(info.topics.end(), in_other.info_.topics.begin(), in_other.info_.topics.end());
    graph_->note_state(op->name(), info.topics);
    return KStream<K, VR>{graph_, out, info};
  }

  [[nodiscard]] detail::StreamInfo changed_key() const {
    detail::StreamInfo info = info_;
    info.key_changed = true;
    return info;
  }

  template <class VT>
  void require_copartitioned(const KTable<K, VT>& table, const std::string& what) const {
    for (const auto& left : info_.topics) {
      for (const auto& right : table.topics()) {
        graph_->copartition.push_back(detail::CopartitionRule{left, right, what});
      }
    }
  }

  std::shared_ptr<detail::Graph> graph_;
  std::shared_ptr<detail::Port<K, V>> port_;
  detail::StreamInfo info_;
  std::function<void(const std::string&, std::function<void(const detail::Env&, const K&, const std::any&)>)>
      side_connect_;
};

namespace detail {

/// The DSL's own access to the wiring of a `KStream<K, V>`: StreamsBuilder, the tables and the
/// grouped and windowed streams make streams and connect operators to them through it. Not for
/// topologies.
template <class K, class V>
struct StreamAccess {
  /// A stream reading `port` in `graph`.
  static KStream<K, V> make(std::shared_ptr<Graph> graph, std::shared_ptr<Port<K, V>> port, StreamInfo info) {
    return KStream<K, V>{std::move(graph), std::move(port), std::move(info)};
  }
  /// The port a stream's records leave through.
  static const std::shared_ptr<Port<K, V>>& port(const KStream<K, V>& stream) noexcept {
    return stream.port_;
  }
  /// The facts of a stream (whether its key changed, its source topics).
  static const StreamInfo& info(const KStream<K, V>& stream) noexcept { return stream.info_; }
};

}  // namespace detail
}  // namespace streamlab

#include "streamlab/dsl/kgrouped_stream.hpp"
#include "streamlab/dsl/ktable.hpp"
#include "streamlab/dsl/versioned_ktable.hpp"
