#include "streamlab/sim/dataset.hpp"

#include <fstream>
#include <istream>
#include <limits>

#include <nlohmann/json.hpp>

namespace streamlab::sim {
namespace {

using nlohmann::json;

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

Timestamp event_time(const json& object, const InputLocation& where) {
  const auto it = object.find(where.field);
  if (it == object.end()) throw InputError(where, "missing; every event needs an event time");
  if (it->is_number_integer()) return from_millis(it->get<std::int64_t>());
  if (it->is_string()) {
    if (auto t = try_parse_timestamp(it->get_ref<const std::string&>())) return *t;
  }
  throw InputError(where, "expected integer milliseconds or an ISO-8601 time such as "
                          "2025-06-22T10:00:00Z, got " + it->dump());
}

std::optional<std::string> event_key(const json& object, const InputLocation& where) {
  const auto it = object.find(where.field);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number() || it->is_boolean()) return it->dump();
  throw InputError(where, "a key must be a string, a number or a boolean, got " + it->dump());
}

Record parse_line(const std::string& line, const std::string& source, std::int64_t line_number,
                  const DatasetOptions& options) {
  json object;
  try {
    object = json::parse(line);
  } catch (const json::parse_error& e) {
    throw InputError(InputLocation{source, line_number, ""},
                     "not valid JSON (column " + std::to_string(e.byte) + ")");
  }
  if (!object.is_object())
    throw InputError(InputLocation{source, line_number, ""},
                     "expected one JSON object per line, got a " + std::string(object.type_name()));
  Record record;
  record.timestamp = event_time(object, InputLocation{source, line_number, options.time_field});
  if (options.key_field)
    record.key = event_key(object, InputLocation{source, line_number, *options.key_field});
  record.value = line;
  return record;
}

}  // namespace

Dataset read_dataset(std::istream& in, const std::string& source_name,
                     const DatasetOptions& options) {
  Dataset dataset;
  dataset.source = source_name;
  std::string line;
  std::int64_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (is_blank(line)) continue;
    ++dataset.lines_read;
    try {
      dataset.records.push_back(parse_line(line, source_name, line_number, options));
      dataset.line_numbers.push_back(line_number);
    } catch (const InputError& e) {
      if (options.on_malformed == OnMalformed::kThrow) throw;
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
