#include "streamlab/engine/json_record_codec.hpp"

#include <cmath>
#include <cstdint>
#include <utility>

#include <simdjson.h>

#include "streamlab/control_line.hpp"
#include "streamlab/engine/simdjson_scalar.hpp"

namespace streamlab {

namespace {

namespace dom = simdjson::dom;

static_assert(JsonRecordCodec::kPadding >= simdjson::SIMDJSON_PADDING);

std::string raw_text(dom::element e) { return simdjson::minify(e); }

JsonKey to_json_key(dom::element e);

// Sets `key` to the JSON value `e`; a string key reuses the string `key` already holds, so
// decoding one line after another allocates nothing for it.
void set_json_key(JsonKey& key, dom::element e) {
  if (e.type() == dom::element_type::STRING && key.is_string()) {
    key.get_ref<std::string&>().assign(e.get_string().value());
    return;
  }
  key = to_json_key(e);
}

JsonKey to_json_key(dom::element e) {
  switch (e.type()) {
    case dom::element_type::STRING: return JsonKey(std::string(e.get_string().value()));
    case dom::element_type::INT64: return JsonKey(e.get_int64().value());
    case dom::element_type::UINT64: return JsonKey(e.get_uint64().value());
    case dom::element_type::DOUBLE: {
      // An integral double is the integer key it equals (compare_json_keys()); written as one,
      // a pane's key reads the same whichever form arrived first.
      const double d = e.get_double().value();
      if (std::trunc(d) == d && d >= -9223372036854775808.0 && d < 9223372036854775808.0)
        return JsonKey(static_cast<std::int64_t>(d));
      return JsonKey(d);
    }
    case dom::element_type::BOOL: return JsonKey(e.get_bool().value());
    case dom::element_type::NULL_VALUE: return JsonKey(nullptr);
    default: return JsonKey::parse(raw_text(e));
  }
}

// A timestamp from a JSON value, by the framework's one rule (read_event_time()).
TimeParse to_timestamp(dom::element e) { return read_event_time(json_scalar(e)); }

std::optional<Duration> to_duration(dom::element e) {
  switch (e.type()) {
    case dom::element_type::INT64: {
      const std::int64_t ms = e.get_int64().value();
      if (ms < 0) return std::nullopt;
      return Duration{ms};
    }
    case dom::element_type::STRING: return try_parse_duration(e.get_string().value());
    default: return std::nullopt;
  }
}

std::optional<JsonNumber> to_number(dom::element e) {
  switch (e.type()) {
    case dom::element_type::INT64: {
      const std::int64_t v = e.get_int64().value();
      return JsonNumber{static_cast<double>(v), v, true};
    }
    case dom::element_type::UINT64: return JsonNumber{static_cast<double>(e.get_uint64().value()), 0, false};
    case dom::element_type::DOUBLE: return JsonNumber{e.get_double().value(), 0, false};
    default: return std::nullopt;
  }
}

void bad(JsonLine& out, std::string reason, std::string field = {}) {
  out.kind = JsonLine::Kind::Bad;
  out.reason = std::move(reason);
  out.field = std::move(field);
}

void control(JsonLine& out, dom::element* mark, dom::element* advance) {
  out.watermark.reset();
  out.advance.reset();
  if (mark) {
    const TimeParse parsed = to_timestamp(*mark);
    out.watermark = parsed.time;
    if (!out.watermark) {
      bad(out,
          parsed.error == TimeError::OutOfRange
              ? event_time_error(parsed.error, raw_text(*mark), kWatermarkKey)
              : "unparseable $watermark '" + raw_text(*mark) +
                    "': expected integer milliseconds or an ISO-8601 time",
          std::string(kWatermarkKey));
      return;
    }
  }
  if (advance) {
    out.advance = to_duration(*advance);
    if (!out.advance) {
      bad(out,
          "unparseable $advance '" + raw_text(*advance) +
              "': expected a duration such as \"30s\" or integer milliseconds (at most " +
              format_duration(Duration::max()) + ")",
          std::string(kAdvanceKey));
      return;
    }
  }
  out.kind = JsonLine::Kind::Control;
}

}  // namespace

struct JsonRecordCodec::Parser {
  dom::parser parser;
};

JsonRecordCodec::JsonRecordCodec(JsonRecordSchema schema, std::optional<JsonPartitionField> partition)
    : schema_(std::move(schema)), partition_(std::move(partition)), parser_(std::make_unique<Parser>()) {}

JsonRecordCodec::~JsonRecordCodec() = default;

void JsonRecordCodec::decode(const std::string& line, JsonLine& out) {
  dom::element doc;
  if (auto error = parser_->parser.parse(line).get(doc); error) {
    bad(out, std::string("not JSON: ") + simdjson::error_message(error));
    return;
  }
  dom::object object;
  if (doc.get_object().get(object)) {
    bad(out, "not JSON object: each line must be one JSON object");
    return;
  }
  // One pass over the fields finds the ones the schema reads, counting repeats: a field given
  // twice is a dead letter, since readers disagree on which copy counts (simdjson the first,
  // nlohmann the last).
  const std::string_view time_field = schema_.time_field;
  const std::string_view key_field =
      schema_.key_field ? std::string_view(*schema_.key_field) : std::string_view();
  const std::string_view value_field = schema_.aggregation.kind != AggregationKind::Count
                                           ? std::string_view(schema_.aggregation.field)
                                           : std::string_view();
  const std::string_view partition_field =
      partition_ ? std::string_view(partition_->name) : std::string_view();
  const bool control_possible = may_be_control_line(line);
  std::size_t fields = 0;
  std::size_t marks = 0;
  std::size_t advances = 0;
  std::size_t times = 0;
  std::size_t keys = 0;
  std::size_t values = 0;
  std::size_t partitions = 0;
  dom::element mark;
  dom::element partition_value;
  dom::element advance;
  dom::element time_value;
  dom::element key_value;
  dom::element number_value;
  for (const dom::key_value_pair field : object) {
    ++fields;
    const std::string_view name = field.key;
    if (control_possible) {
      if (name == kWatermarkKey) {
        if (marks++ == 0) mark = field.value;
      } else if (name == kAdvanceKey) {
        if (advances++ == 0) advance = field.value;
      }
    }
    if (!time_field.empty() && name == time_field && times++ == 0) time_value = field.value;
    if (schema_.key_field && name == key_field && keys++ == 0) key_value = field.value;
    if (!value_field.empty() && name == value_field && values++ == 0) number_value = field.value;
    if (!partition_field.empty() && name == partition_field && partitions++ == 0)
      partition_value = field.value;
  }
  switch (control_line_kind(fields, marks, advances)) {
    case ControlLineKind::Record: break;
    case ControlLineKind::Watermark: control(out, &mark, nullptr); return;
    case ControlLineKind::Advance: control(out, nullptr, &advance); return;
    case ControlLineKind::Ambiguous: bad(out, std::string(kAmbiguousControlLine)); return;
  }
  for (const auto& [count, name] : {std::pair{times, time_field}, std::pair{keys, key_field},
                                    std::pair{values, value_field}, std::pair{partitions, partition_field}}) {
    if (count > 1) {
      bad(out, "duplicate field '" + std::string(name) + "': a field may appear only once",
          std::string(name));
      return;
    }
  }
  out.time = Timestamp{};
  if (!schema_.time_field.empty()) {
    if (times == 0) {
      bad(out, "missing time field '" + schema_.time_field + "'", schema_.time_field);
      return;
    }
    const TimeParse parsed = to_timestamp(time_value);
    if (!parsed.time) {
      bad(out, event_time_error(parsed.error, raw_text(time_value), schema_.time_field), schema_.time_field);
      return;
    }
    out.time = *parsed.time;
  }
  if (schema_.key_field) {
    if (keys == 0) {
      bad(out, "missing key field '" + *schema_.key_field + "'", *schema_.key_field);
      return;
    }
    set_json_key(out.key, key_value);
  } else {
    out.key = nullptr;
  }
  out.value = JsonNumber{};
  if (schema_.aggregation.kind != AggregationKind::Count) {
    const std::string& field = schema_.aggregation.field;
    if (values == 0) {
      bad(out, "missing value field '" + field + "' for " + schema_.aggregation.describe(), field);
      return;
    }
    const auto number = to_number(number_value);
    if (!number) {
      bad(out,
          "non-numeric value " + raw_text(number_value) + " in field '" + field + "' for " +
              schema_.aggregation.describe(),
          field);
      return;
    }
    out.value = *number;
  }
  out.partition = 0;
  if (partition_) {
    const std::string& field = partition_->name;
    if (partitions == 0) {
      bad(out, "missing partition field '" + field + "'", field);
      return;
    }
    const auto number = to_number(partition_value);
    if (!number || !number->is_int || number->as_int < 0 || number->as_int >= partition_->partitions) {
      bad(out,
          "partition " + raw_text(partition_value) + " in field '" + field +
              "' is not an integer from 0 to " + std::to_string(partition_->partitions - 1) +
              " (the input has " + std::to_string(partition_->partitions) + " partitions)",
          field);
      return;
    }
    out.partition = static_cast<std::int32_t>(number->as_int);
  }
  out.kind = JsonLine::Kind::Record;
}

}  // namespace streamlab
