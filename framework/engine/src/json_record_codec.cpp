#include "streamlab/engine/json_record_codec.hpp"

#include <cmath>
#include <cstdint>

#include <simdjson.h>

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
    case dom::element_type::DOUBLE: return JsonKey(e.get_double().value());
    case dom::element_type::BOOL: return JsonKey(e.get_bool().value());
    case dom::element_type::NULL_VALUE: return JsonKey(nullptr);
    default: return JsonKey::parse(raw_text(e));
  }
}

// A timestamp from a JSON value, by the framework's one rule (event_time_from_json()).
std::optional<Timestamp> to_timestamp(dom::element e) { return event_time_from_json(json_scalar(e)); }

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
    out.watermark = to_timestamp(*mark);
    if (!out.watermark) {
      bad(out, "unparseable $watermark '" + raw_text(*mark) +
                   "': expected integer milliseconds or an ISO-8601 time");
      return;
    }
  }
  if (advance) {
    out.advance = to_duration(*advance);
    if (!out.advance) {
      bad(out, "unparseable $advance '" + raw_text(*advance) +
                   "': expected a duration such as \"30s\" or integer milliseconds");
      return;
    }
  }
  out.kind = JsonLine::Kind::Control;
}

}  // namespace

struct JsonRecordCodec::Parser {
  dom::parser parser;
};

JsonRecordCodec::JsonRecordCodec(JsonRecordSchema schema)
    : schema_(std::move(schema)), parser_(std::make_unique<Parser>()) {}

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
  if (may_be_control(line)) {
    dom::element mark;
    dom::element advance;
    const bool has_mark = !object.at_key("$watermark").get(mark);
    const bool has_advance = !object.at_key("$advance").get(advance);
    if (has_mark || has_advance) {
      control(out, has_mark ? &mark : nullptr, has_advance ? &advance : nullptr);
      return;
    }
  }
  out.time = Timestamp{};
  if (!schema_.time_field.empty()) {
    dom::element time_value;
    if (object.at_key(schema_.time_field).get(time_value)) {
      bad(out, "missing time field '" + schema_.time_field + "'", schema_.time_field);
      return;
    }
    const auto parsed = to_timestamp(time_value);
    if (!parsed) {
      bad(out,
          "unparseable time " + raw_text(time_value) + " in field '" + schema_.time_field +
              "': expected integer milliseconds or an ISO-8601 time",
          schema_.time_field);
      return;
    }
    out.time = *parsed;
  }
  if (schema_.key_field) {
    dom::element key_value;
    if (object.at_key(*schema_.key_field).get(key_value)) {
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
    dom::element v;
    if (object.at_key(field).get(v)) {
      bad(out, "missing value field '" + field + "' for " + schema_.aggregation.describe(), field);
      return;
    }
    const auto number = to_number(v);
    if (!number) {
      bad(out,
          "non-numeric value " + raw_text(v) + " in field '" + field + "' for " +
              schema_.aggregation.describe(),
          field);
      return;
    }
    out.value = *number;
  }
  out.kind = JsonLine::Kind::Record;
}

}  // namespace streamlab
