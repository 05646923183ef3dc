/// @file
/// The one place that reads a JSON line as a windowing record: its event time (integer
/// milliseconds, an integral double, or an ISO-8601 string), its key and its numeric value, or
/// a control line (`{"$watermark": T}`, `{"$advance": DUR}`), or why the line is unusable.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "streamlab/control_line.hpp"
#include "streamlab/engine/aggregation_spec.hpp"
#include "streamlab/engine/json_key.hpp"
#include "streamlab/engine/number_accumulator.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// Which fields of a JSON object a windowing record is made of.
struct JsonRecordSchema {
  /// Field with the event time; empty when no event time is read (processing-time windows).
  std::string time_field;
  /// Field with the key; without it every record has the null key.
  std::optional<std::string> key_field;
  /// The aggregation: its field is the numeric value read (none for count); it also names the
  /// aggregation in messages.
  AggregationSpec aggregation{};
};

/// A field naming the input partition each record was produced to: an integer in
/// [0, partitions), or the line is bad.
struct JsonPartitionField {
  std::string name;            ///< The field.
  std::int32_t partitions{1};  ///< The input's partition count.
};

/// One decoded line. Fields not of its kind keep stale values (the object is reused per line).
struct JsonLine {
  /// What the line is.
  enum class Kind {
    Record,   ///< A record: time, key and value are set.
    Control,  ///< A control line: watermark and/or advance are set.
    Bad,      ///< Unusable: reason (and field, when one field is to blame) are set.
  };
  Kind kind{Kind::Bad};                ///< What the line is.
  Timestamp time{};                    ///< Event time of a record (epoch when not read).
  JsonKey key;                         ///< Key of a record (null without a key field).
  JsonNumber value;                    ///< Numeric value of a record (zero for count).
  std::int32_t partition{0};           ///< Input partition of a record (0 without a partition field).
  std::optional<Timestamp> watermark;  ///< `$watermark` of a control line.
  std::optional<Duration> advance;     ///< `$advance` of a control line.
  std::string reason;                  ///< Why a bad line is bad, for its dead letter.
  std::string field;                   ///< The field to blame, empty when the whole line is.
};

/// Decodes JSON lines with simdjson. One codec keeps one parser: not thread-safe, cheap to reuse.
class JsonRecordCodec {
 public:
  /// A codec for records made of `schema`'s fields, and of `partition` when given.
  explicit JsonRecordCodec(JsonRecordSchema schema,
                           std::optional<JsonPartitionField> partition = std::nullopt);
  ~JsonRecordCodec();
  JsonRecordCodec(const JsonRecordCodec&) = delete;
  JsonRecordCodec& operator=(const JsonRecordCodec&) = delete;

  /// Spare capacity after a line's last byte that lets decode() parse the line in place rather
  /// than copy it into a padded buffer first (a reader that reuses its line buffer keeps it).
  static constexpr std::size_t kPadding = 64;

  /// Decodes `line` (one JSON object, no newline) into `out`. An object whose only field is
  /// `$watermark` or `$advance` is a control line (Bad when its value does not parse); an object
  /// mixing a control key with other fields is Bad (kAmbiguousControlLine, the rule of
  /// control_line_kind()); any other object is a record (Bad when its time, key or value is
  /// missing, given twice, unparseable, or a time out of range).
  void decode(const std::string& line, JsonLine& out);

  /// Whether `line` might be a control line: a cheap test (no parse) that is never false for one
  /// (may_be_control_line()).
  [[nodiscard]] static bool may_be_control(std::string_view line) noexcept {
    return may_be_control_line(line);
  }

  /// The schema.
  [[nodiscard]] const JsonRecordSchema& schema() const noexcept { return schema_; }

 private:
  struct Parser;
  JsonRecordSchema schema_;
  std::optional<JsonPartitionField> partition_;
  std::unique_ptr<Parser> parser_;
};

}  // namespace streamlab
