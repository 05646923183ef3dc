#include "streamlab/sim/dataset.hpp"

#include <fstream>
#include <istream>

#include <simdjson.h>

#include "streamlab/checked_time.hpp"
#include "streamlab/control_line.hpp"
#include "streamlab/engine/simdjson_scalar.hpp"
#include "streamlab/text_input.hpp"

namespace streamlab::sim {
namespace {

namespace dom = simdjson::dom;

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// The JSON text of a value, for messages and for non-string keys.
std::string json_text(dom::element value) { return simdjson::minify(value); }

Timestamp event_time(dom::object object, const InputLocation& where) {
  dom::element value;
  if (object.at_key(where.field).get(value) != simdjson::SUCCESS)
    throw InputError(where, "missing; every event needs an event time");
  const TimeParse parsed = read_event_time(json_scalar(value));
  if (parsed.time) return *parsed.time;
  if (parsed.error == TimeError::OutOfRange)
    throw InputError(where, std::string(kTimeOutOfRange) + ": " + json_text(value) +
                                " (valid times are 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z)");
  throw InputError(where,
                   "expected integer milliseconds or an ISO-8601 time such as "
                   "2025-06-22T10:00:00Z, got " +
                       json_text(value));
}

std::optional<std::string> event_key(dom::object object, const InputLocation& where) {
  dom::element value;
  if (object.at_key(where.field).get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) return std::string(text);
  if (value.is_number() || value.is_bool()) return json_text(value);
  throw InputError(where, "a key must be a string, a number or a boolean, got " + json_text(value));
}

Record parse_line(dom::parser& parser, const std::string& line, const std::string& source,
                  std::int64_t line_number, const DatasetOptions& options) {
  dom::element doc;
  if (auto error = parser.parse(line).get(doc); error != simdjson::SUCCESS)
    throw InputError(InputLocation{source, line_number, ""},
                     std::string("not valid JSON: ") + simdjson::error_message(error));
  dom::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS)
    throw InputError(InputLocation{source, line_number, ""},
                     "expected one JSON object per line, got " + json_text(doc));
  if (may_be_control_line(line)) {
    std::size_t fields = 0;
    std::size_t marks = 0;
    std::size_t advances = 0;
    for (const dom::key_value_pair field : object) {
      ++fields;
      marks += field.key == kWatermarkKey ? 1 : 0;
      advances += field.key == kAdvanceKey ? 1 : 0;
    }
    switch (control_line_kind(fields, marks, advances)) {
      case ControlLineKind::Record: break;
      case ControlLineKind::Ambiguous:
        throw InputError(InputLocation{source, line_number, ""}, std::string(kAmbiguousControlLine));
      case ControlLineKind::Watermark:
      case ControlLineKind::Advance:
        throw InputError(InputLocation{source, line_number, ""},
                         "a control line in a dataset: a dataset holds events only (scenarios "
                         "add the processing time)");
    }
  }
  Record record;
  record.timestamp = event_time(object, InputLocation{source, line_number, options.time_field});
  if (options.key_field)
    record.key = event_key(object, InputLocation{source, line_number, *options.key_field});
  record.value = line;
  return record;
}

}  // namespace

Dataset read_dataset(std::istream& in, const std::string& source_name, const DatasetOptions& options) {
  Dataset dataset;
  dataset.source = source_name;
  dom::parser parser;
  std::string line;
  std::int64_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_number == 1) skip_byte_order_mark(line);
    if (is_blank(line)) continue;
    ++dataset.lines_read;
    try {
      dataset.records.push_back(parse_line(parser, line, source_name, line_number, options));
      dataset.line_numbers.push_back(line_number);
    } catch (const InputError& e) {
      if (options.on_malformed == OnMalformed::Throw) throw;
      dataset.dead_letters.push_back(DeadLetter{e, line});
    }
  }
  return dataset;
}

Dataset load_dataset(const std::filesystem::path& file, const DatasetOptions& options) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(InputLocation{file.string(), 0, ""}, "cannot open the dataset file");
  return read_dataset(in, file.string(), options);
}

}  // namespace streamlab::sim
