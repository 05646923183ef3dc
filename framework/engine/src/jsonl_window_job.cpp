#include "streamlab/engine/jsonl_window_job.hpp"

#include <cmath>
#include <istream>
#include <limits>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

#include <simdjson.h>
#include <nlohmann/json.hpp>

#include "number_accumulator.hpp"
#include "streamlab/error.hpp"
#include "streamlab/engine/json_key.hpp"
#include "trace_writer.hpp"

namespace streamlab {

std::string WindowJobSummary::describe() const {
  return "records read: " + std::to_string(records_read) + ", panes out: " + std::to_string(panes_out) +
         ", late accepted: " + std::to_string(late_accepted) + ", dropped late: " +
         std::to_string(dropped_late) + ", dead letters: " + std::to_string(dead_letters);
}

namespace {

using engine_detail::Number;
using engine_detail::NumberAcc;
using Operator = WindowOperator<JsonKey, Number, NumberAcc, JsonKeyHash, JsonKeyLess>;
using OrderedJson = nlohmann::ordered_json;
namespace dom = simdjson::dom;

std::string dump_key(const JsonKey& key) { return key.dump(-1, ' ', false, JsonKey::error_handler_t::replace); }

// A bad line: the reason it goes to the dead letters.
struct BadLine {
  std::string reason;
};

std::string raw_text(dom::element e) { return simdjson::minify(e); }

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

bool integral_double_to_millis(double d, std::int64_t& out) {
  if (!std::isfinite(d) || std::floor(d) != d) return false;
  if (d < -9.2e18 || d > 9.2e18) return false;
  out = static_cast<std::int64_t>(d);
  return true;
}

// A timestamp from a JSON value: integer milliseconds (an integral double too) or an ISO string.
std::optional<Timestamp> to_timestamp(dom::element e) {
  switch (e.type()) {
    case dom::element_type::INT64: return from_millis(e.get_int64().value());
    case dom::element_type::DOUBLE: {
      std::int64_t ms = 0;
      if (integral_double_to_millis(e.get_double().value(), ms)) return from_millis(ms);
      return std::nullopt;
    }
    case dom::element_type::STRING: return try_parse_timestamp(e.get_string().value());
    default: return std::nullopt;
  }
}

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

std::optional<Number> to_number(dom::element e) {
  switch (e.type()) {
    case dom::element_type::INT64: {
      const std::int64_t v = e.get_int64().value();
      return Number{static_cast<double>(v), v, true};
    }
    case dom::element_type::UINT64: {
      const std::uint64_t v = e.get_uint64().value();
      return Number{static_cast<double>(v), 0, false};
    }
    case dom::element_type::DOUBLE: {
      const double v = e.get_double().value();
      return Number{v, 0, false};
    }
    default: return std::nullopt;
  }
}

class Job {
 public:
  Job(const WindowJobOptions& options, const WindowJobOutputs& outputs)
      : options_(options),
        outputs_(outputs),
        kind_(options.aggregation.kind),
        processing_(options.config.time_domain == TimeDomain::Processing) {
    if (!processing_ && options.time_field.empty())
      throw std::invalid_argument("a time field is needed for event-time windows");
    if (kind_ != AggregationKind::Count && options.aggregation.field.empty())
      throw std::invalid_argument(options.aggregation.describe() + " needs a value field");
    if (outputs.trace) trace_ = std::make_unique<engine_detail::TraceWriter>(*outputs.trace, outputs.trace_format);
    op_ = std::make_unique<Operator>(
        options.config, engine_detail::number_aggregate(kind_),
        [this](const Operator::Result& r) { on_result(r); },
        [this](const Operator::Late& l) { on_late(l); });
    if (trace_) {
      op_->set_trace_sink([this](const RecordTrace& t) { on_trace(t); });
    }
  }

  WindowJobSummary run(std::istream& input) {
    std::string line;
    while (std::getline(input, line)) {
      ++summary_.lines;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      handle_line(line);
    }
    op_->end_of_input();
    if (trace_) trace_->end_of_input();
    note_watermark();
    const OperatorCounters& c = op_->counters();
    summary_.contributed = c.contributed;
    summary_.late_accepted = c.late_accepted;
    summary_.dropped_late = c.dropped_late;
    summary_.panes_out = c.panes_out;
    summary_.records_read = c.records_in + summary_.dead_letters;
    return summary_;
  }

 private:
  void handle_line(const std::string& line) {
    if (line.find_first_not_of(" \t") == std::string::npos) return;
    raw_ = &line;
    dom::element doc;
    if (auto error = parser_.parse(line).get(doc); error) {
      dead_letter(line, std::string("not JSON: ") + simdjson::error_message(error));
      return;
    }
    dom::object object;
    if (doc.get_object().get(object)) {
      dead_letter(line, "not JSON object: each line must be one JSON object");
      return;
    }
    dom::element mark;
    dom::element advance;
    const bool has_mark = !object.at_key("$watermark").get(mark);
    const bool has_advance = !object.at_key("$advance").get(advance);
    if (has_mark || has_advance) {
      control(line, has_mark ? &mark : nullptr, has_advance ? &advance : nullptr);
      return;
    }
    record(line, object);
  }

  void control(const std::string& line, dom::element* mark, dom::element* advance) {
    std::optional<Timestamp> mark_time;
    std::optional<Duration> step;
    if (mark) {
      mark_time = to_timestamp(*mark);
      if (!mark_time) {
        dead_letter(line, "unparseable $watermark '" + raw_text(*mark) +
                              "': expected integer milliseconds or an ISO-8601 time");
        return;
      }
    }
    if (advance) {
      step = to_duration(*advance);
      if (!step) {
        dead_letter(line, "unparseable $advance '" + raw_text(*advance) +
                              "': expected a duration such as \"30s\" or integer milliseconds");
        return;
      }
    }
    ++summary_.control_lines;
    if (mark_time) {
      if (trace_) trace_->mark(summary_.lines, *mark_time);
      op_->on_watermark(*mark_time);
      note_watermark();
    }
    if (step) {
      const Timestamp from = op_->processing_time();
      const Timestamp to = saturating_add(from, *step);
      if (trace_ && to != from) trace_->advance(from, to);
      op_->advance_processing_time(to);
      note_watermark();
    }
  }

  void record(const std::string& line, dom::object object) {
    Timestamp t{};
    if (!processing_) {
      dom::element time_value;
      if (object.at_key(options_.time_field).get(time_value)) {
        dead_letter(line, "missing time field '" + options_.time_field + "'", options_.time_field);
        return;
      }
      const auto parsed = to_timestamp(time_value);
      if (!parsed) {
        dead_letter(line, "unparseable time " + raw_text(time_value) + " in field '" +
                              options_.time_field +
                              "': expected integer milliseconds or an ISO-8601 time",
                    options_.time_field);
        return;
      }
      t = *parsed;
    }
    JsonKey key;
    if (options_.key_field) {
      dom::element key_value;
      if (object.at_key(*options_.key_field).get(key_value)) {
        dead_letter(line, "missing key field '" + *options_.key_field + "'", *options_.key_field);
        return;
      }
      key = to_json_key(key_value);
    }
    Number value;
    if (kind_ != AggregationKind::Count) {
      const std::string& field = options_.aggregation.field;
      dom::element v;
      if (object.at_key(field).get(v)) {
        dead_letter(line, "missing value field '" + field + "' for " + options_.aggregation.describe(), field);
        return;
      }
      const auto number = to_number(v);
      if (!number) {
        dead_letter(line, "non-numeric value " + raw_text(v) + " in field '" + field + "' for " +
                              options_.aggregation.describe(),
                    field);
        return;
      }
      value = *number;
    }
    current_key_ = &key;
    op_->process(key, value, t);
    current_key_ = nullptr;
    note_watermark();
  }

  void dead_letter(const std::string& line, const std::string& reason, const std::string& field = "") {
    ++summary_.dead_letters;
    if (!outputs_.dead_letters && outputs_.diagnostics) {
      *outputs_.diagnostics << InputLocation{options_.input_name, summary_.lines, field}.describe()
                            << ": " << reason << '\n';
    }
    if (trace_) trace_->dead_letter(summary_.lines, reason);
    if (outputs_.dead_letters) {
      OrderedJson j;
      j["line"] = summary_.lines;
      j["raw"] = line;
      j["reason"] = reason;
      *outputs_.dead_letters << j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace) << '\n';
    }
  }

  void on_trace(const RecordTrace& t) {
    pending_trace_ = t;
    if (t.fate != RecordFate::Dropped) {
      trace_->event(summary_.lines, t, current_key_ ? dump_key(*current_key_) : "null", "");
    } else {
      trace_deferred_ = true;  // written by on_late with the reason
    }
  }

  void on_late(const Operator::Late& late) {
    if (trace_ && trace_deferred_) {
      trace_->event(summary_.lines, pending_trace_, dump_key(late.key), late.reason);
      trace_deferred_ = false;
    }
    if (outputs_.late && raw_) {
      // simdjson accepted the line, so nlohmann reads it too; keep the raw text if it ever does not.
      OrderedJson original = OrderedJson::parse(*raw_, nullptr, false);
      if (original.is_discarded() || !original.is_object()) original = OrderedJson{{"$raw", *raw_}};
      original["$late"] = OrderedJson{{"watermark", format_timestamp(late.watermark)},
                                      {"reason", late.reason}};
      *outputs_.late << original.dump(-1, ' ', false, OrderedJson::error_handler_t::replace) << '\n';
    }
  }

  void on_result(const Operator::Result& r) {
    note_watermark();
    const std::string key = dump_key(r.key);
    const std::string value = engine_detail::render_value(kind_, r.value, r.count);
    std::string out;
    out.reserve(128);
    out += "{\"key\":";
    out += key;
    out += ",\"window_start\":\"";
    out += format_timestamp(r.window.start);
    out += "\",\"window_end\":\"";
    out += format_timestamp(r.window.end);
    out += "\",\"value\":";
    out += value;
    out += ",\"count\":";
    out += std::to_string(r.count);
    out += ",\"pane\":\"";
    out += to_string(r.pane);
    out += "\"}";
    if (outputs_.results) *outputs_.results << out << '\n';
    if (trace_) trace_->pane(out, r.pane, r.window, key, value, r.count);
  }

  // Writes a watermark line to the trace when the operator's watermark moved.
  void note_watermark() {
    if (!trace_) return;
    const Timestamp now = op_->watermark();
    if (now != reported_watermark_) {
      trace_->watermark(reported_watermark_, now);
      reported_watermark_ = now;
    }
  }

  const WindowJobOptions& options_;
  const WindowJobOutputs& outputs_;
  AggregationKind kind_;
  bool processing_;
  dom::parser parser_;
  std::unique_ptr<engine_detail::TraceWriter> trace_;
  std::unique_ptr<Operator> op_;
  WindowJobSummary summary_;
  const std::string* raw_{nullptr};
  const JsonKey* current_key_{nullptr};  // the key of the record being processed, for the trace
  RecordTrace pending_trace_;
  bool trace_deferred_{false};
  Timestamp reported_watermark_{kMinTimestamp};
};

}  // namespace

WindowJobSummary run_window_job(std::istream& input, const WindowJobOptions& options,
                                const WindowJobOutputs& outputs) {
  Job job(options, outputs);
  return job.run(input);
}

}  // namespace streamlab
