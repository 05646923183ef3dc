/// @file
/// How a topic is read: its serdes and where each record's event time comes from.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "streamlab/serde/serde.hpp"
#include "streamlab/serde/serdes.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

namespace detail {
/// Reads the event time from field `field` of a JSON document: integer milliseconds or ISO-8601.
/// @throws std::runtime_error naming the field when it is missing or unparseable.
Timestamp timestamp_from_json_field(std::string_view json_text, const std::string& field);

/// timestamp_from_json_field() with the parser in `scratch`, reused from one record to the next,
/// because a source reads the field of every record.
Timestamp timestamp_from_json_field(std::string_view json_text, const std::string& field,
                                    serdes::JsonScratch& scratch);

/// The event time in field `field` of an already parsed document, with the verdicts and messages
/// of timestamp_from_json_field(): a source whose value serde parsed the document reads the
/// field there instead of parsing the bytes again.
/// @throws std::runtime_error naming the field when it is missing or unparseable.
Timestamp timestamp_from_json_document(const nlohmann::json& doc, const std::string& field);
}  // namespace detail

/// The serdes and the timestamp extractor of a source topic (Kafka Streams' Consumed).
///
/// @code
/// auto sales = builder.stream("sales",
///     streamlab::Consumed{streamlab::serdes::String(), streamlab::serdes::Json<Sale>()}
///         .withTimestampField("ts"));
/// @endcode
/// Without an extractor the event time is the log's record timestamp. A record whose extractor
/// fails (missing field, unparseable text, or an exception from a user extractor) goes to the
/// dead letters with the reason.
template <class K, class V>
class Consumed {
 public:
  /// Extracts the event time of a decoded record: from the key and value, the raw value bytes
  /// (read with the run's parser `scratch`), the value's parse when the source kept it
  /// (`value_document`, else nullptr), or the log's record timestamp.
  using Extractor =
      std::function<Timestamp(const K&, const V&, std::string_view raw_value, Timestamp record_timestamp,
                              serdes::JsonScratch& scratch, const nlohmann::json* value_document)>;

  /// Reads keys with `key_serde` and values with `value_serde`.
  Consumed(Serde<K> key_serde, Serde<V> value_serde)
      : key_serde_(std::move(key_serde)), value_serde_(std::move(value_serde)) {}

  /// The serdes a type gets by default (serdes::Default()).
  static Consumed with_defaults() { return Consumed{serdes::Default<K>(), serdes::Default<V>()}; }

  /// Event time from a field of the JSON value: integer milliseconds or an ISO-8601 string.
  Consumed withTimestampField(std::string field) const {
    Consumed c = *this;
    c.reads_value_document_ = true;
    c.extractor_ = [field = std::move(field)](const K&, const V&, std::string_view raw, Timestamp,
                                              serdes::JsonScratch& scratch, const nlohmann::json* document) {
      return document != nullptr ? detail::timestamp_from_json_document(*document, field)
                                 : detail::timestamp_from_json_field(raw, field, scratch);
    };
    return c;
  }

  /// Event time computed from the decoded record, e.g. `[](auto&, const Sale& s) { return
  /// streamlab::from_millis(s.ts); }`. An exception it throws sends the record to the dead letters.
  template <class F>
  Consumed withTimestamp(F f) const {
    Consumed c = *this;
    c.reads_value_document_ = false;
    c.extractor_ = [f = std::move(f)](const K& k, const V& v, std::string_view, Timestamp,
                                      serdes::JsonScratch&, const nlohmann::json*) { return f(k, v); };
    return c;
  }

  /// Event time = the log's record timestamp (Kafka's message timestamp). The default.
  Consumed withRecordTimestamp() const {
    Consumed c = *this;
    c.reads_value_document_ = false;
    c.extractor_ = nullptr;
    return c;
  }

  /// The key serde.
  [[nodiscard]] const Serde<K>& key_serde() const { return key_serde_; }
  /// The value serde.
  [[nodiscard]] const Serde<V>& value_serde() const { return value_serde_; }

  /// The event time of a decoded record; `value_document` is the value's parse when the source
  /// kept it (see wants_value_document()), else nullptr.
  [[nodiscard]] Timestamp timestamp(const K& k, const V& v, std::string_view raw, Timestamp record_ts,
                                    serdes::JsonScratch& scratch,
                                    const nlohmann::json* value_document) const {
    return extractor_ ? extractor_(k, v, raw, record_ts, scratch, value_document) : record_ts;
  }

  /// Whether a source should keep the value serde's parse for timestamp(): the event time is a
  /// field of the JSON value (withTimestampField) and the value serde parses JSON documents, so
  /// each record is parsed once.
  [[nodiscard]] bool wants_value_document() const {
    return reads_value_document_ && value_serde_.reads_json_documents();
  }

 private:
  Serde<K> key_serde_;
  Serde<V> value_serde_;
  Extractor extractor_;
  bool reads_value_document_{false};  // the extractor reads a field of the JSON value
};

}  // namespace streamlab
