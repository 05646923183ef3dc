/// @file
/// The entry point of the DSL: declare sources, chain operators, build a Topology.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "streamlab/dsl/consumed.hpp"
#include "streamlab/dsl/detail/graph.hpp"
#include "streamlab/dsl/detail/table_store.hpp"
#include "streamlab/dsl/kgrouped_stream.hpp"
#include "streamlab/dsl/kstream.hpp"
#include "streamlab/dsl/join_windows.hpp"
#include "streamlab/dsl/ktable.hpp"
#include "streamlab/dsl/streams_config.hpp"
#include "streamlab/dsl/topology.hpp"
#include "streamlab/dsl/versioned_ktable.hpp"
#include "streamlab/dsl/windowed_kstream.hpp"
#include "streamlab/serde/serde.hpp"

namespace streamlab {

/// Builds a topology from sources, operators and sinks (Kafka Streams' StreamsBuilder).
///
/// @code
/// using namespace std::chrono_literals;
/// streamlab::StreamsBuilder builder{{"wordcount", streamlab::WatermarkStrategy::bounded(5s)}};
/// auto lines = builder.stream("lines", streamlab::Consumed{streamlab::serdes::String(),
///                                                          streamlab::serdes::String()});
/// lines.flatMapValues([](const std::string& line) { return split(line); })
///      .selectKey([](const std::string& word) { return word; })
///      .groupByKey()                                 // repartitions by word through the log
///      .windowedBy(streamlab::TimeWindows::ofSize(1min))
///      .count()
///      .toStream()
///      .to("word-counts-per-minute");
/// streamlab::Topology topology = builder.build();
/// streamlab::Runtime{topology, source, sink}.run();
/// @endcode
class StreamsBuilder {
 public:
  /// A builder for an application with `config` (name, watermark strategy).
  explicit StreamsBuilder(StreamsConfig config = {}) : graph_(std::make_shared<detail::Graph>()) {
    graph_->config = std::move(config);
  }

  /// A stream of the records of `topic`, decoded and timestamped as `consumed` says.
  /// @throws std::logic_error when `topic` is already read by this builder.
  template <class K, class V>
  KStream<K, V> stream(const std::string& topic, Consumed<K, V> consumed) {
    auto port = std::make_shared<detail::Port<K, V>>();
    add_source(
        topic, false,
        [port, consumed](detail::RunContext& run, const ConsumedRecord& cr) -> std::optional<Timestamp> {
          auto decoded = decode(run, cr, consumed);
          if (!decoded) return std::nullopt;
          auto& [k, v, t] = *decoded;
          port->push(detail::Env{&run, t}, k, v);
          return t;
        });
    return detail::StreamAccess<K, V>::make(graph_, port, detail::StreamInfo{false, {topic}});
  }

  /// A stream of `topic` with string keys and values and the record timestamp as event time.
  KStream<std::string, std::string> stream(const std::string& topic) {
    return stream(topic, Consumed<std::string, std::string>::with_defaults());
  }

  /// A table of the latest value per key of the changelog `topic`. An empty value is a
  /// tombstone: it deletes the key. A changelog does not move the watermark.
  /// @throws std::logic_error when `topic` is already read by this builder.
  template <class K, class V>
  KTable<K, V> table(const std::string& topic, Consumed<K, V> consumed) {
    auto store = std::make_shared<detail::TableStore<K, V>>(graph_->make_name("KTABLE-SOURCE"));
    graph_->operators.push_back(store);
    auto changes = std::make_shared<detail::Port<K, V>>();
    add_source(topic, true,
               [store, changes, consumed](detail::RunContext& run,
                                          const ConsumedRecord& cr) -> std::optional<Timestamp> {
                 if (cr.record.value.empty()) {
                   try {
                     store->erase(consumed.key_serde().deserialize(cr.record.key.value_or("")));
                   } catch (const std::exception& e) {
                     run.dead_letter(std::string{"key: "} + e.what());
                     return std::nullopt;
                   }
                   run.mark_contributed();
                   return cr.record.timestamp;
                 }
                 auto decoded = decode(run, cr, consumed);
                 if (!decoded) return std::nullopt;
                 auto& [k, v, t] = *decoded;
                 store->put(k, v);
                 run.mark_contributed();
                 changes->push(detail::Env{&run, t}, k, v);
                 return t;
               });
    return KTable<K, V>{graph_, store, changes, {topic}};
  }

  /// A versioned table of the changelog `topic`: each key's versions by event time, kept
  /// `versioned.history_retention` behind the watermark, for temporal joins
  /// (`stream.join(table, joiner, JoinGrace{d})`). Unlike a plain table its changelog moves the
  /// watermark, so a join can wait until no older version can still arrive. An empty value (a
  /// tombstone) is a dead letter: deletions are not versioned.
  /// @throws std::logic_error when `topic` is already read by this builder.
  template <class K, class V>
  VersionedKTable<K, V> table(const std::string& topic, Consumed<K, V> consumed, Versioned versioned) {
    auto updates = std::make_shared<detail::Port<K, V>>();
    add_source(
        topic, false,
        [updates, consumed](detail::RunContext& run, const ConsumedRecord& cr) -> std::optional<Timestamp> {
          if (cr.record.value.empty()) {
            run.dead_letter("a tombstone on a versioned table: deletions are not versioned");
            return std::nullopt;
          }
          auto decoded = decode(run, cr, consumed);
          if (!decoded) return std::nullopt;
          auto& [k, v, t] = *decoded;
          updates->push(detail::Env{&run, t}, k, v);
          return t;
        });
    return VersionedKTable<K, V>{graph_, updates, {topic}, versioned.history_retention};
  }

  /// The topology built so far. The builder should not be used afterwards.
  Topology build() { return Topology{graph_}; }

 private:
  template <class K, class V>
  struct Decoded {
    K key;
    V value;
    Timestamp time;
  };

  template <class K, class V>
  static std::optional<Decoded<K, V>> decode(detail::RunContext& run, const ConsumedRecord& cr,
                                             const Consumed<K, V>& consumed) {
    std::optional<Decoded<K, V>> out;
    K k;
    V v;
    try {
      k = consumed.key_serde().deserialize(cr.record.key.value_or(""), run.json_scratch());
    } catch (const std::exception& e) {
      run.dead_letter(std::string{"key: "} + e.what());
      return out;
    }
    // With a JSON value serde and an event-time field, the value's parse is the one the field
    // is read from: each record is parsed once.
    const bool keep_document = consumed.wants_value_document();
    nlohmann::json document;
    try {
      v = consumed.value_serde().deserialize(cr.record.value, run.json_scratch(),
                                             keep_document ? &document : nullptr);
    } catch (const std::exception& e) {
      // Kafka's null value (a tombstone) arrives as an empty value; say so, it is a common trap.
      run.dead_letter(std::string{"value: "} +
                      (cr.record.value.empty() ? "empty (null or tombstone): " : "") + e.what());
      return out;
    }
    Timestamp t{};
    try {
      t = consumed.timestamp(k, v, cr.record.value, cr.record.timestamp, run.json_scratch(),
                             keep_document ? &document : nullptr);
    } catch (const std::exception& e) {
      run.dead_letter(std::string{"timestamp: "} + e.what());
      return out;
    }
    out.emplace(Decoded<K, V>{std::move(k), std::move(v), t});
    return out;
  }

  void add_source(
      const std::string& topic, bool table,
      std::function<std::optional<Timestamp>(detail::RunContext&, const ConsumedRecord&)> handle) {
    for (const auto& s : graph_->sources) {
      if (s.topic == topic) throw std::logic_error("topic '" + topic + "' is already read by this topology");
    }
    graph_->sources.push_back(detail::SourceBinding{topic, table, std::move(handle)});
  }

  std::shared_ptr<detail::Graph> graph_;
};

}  // namespace streamlab
