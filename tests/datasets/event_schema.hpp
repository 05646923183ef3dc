// The JSONL schema of each dataset kind, written out from datasets/README.md independently of the
// generators, and a checker that reports every line that breaks it (a dead letter) with its line
// number and field.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamlab/time.hpp"

namespace streamlab::datasets::testing {

enum class FieldType { kString, kNumber, kBool, kTime };

struct Field {
  std::string name;
  FieldType type;
};

/// Fields every event of `kind` has, in the order the README lists them (and the files write them).
inline std::vector<Field> schema_of(std::string_view kind) {
  using enum FieldType;
  static const std::map<std::string, std::vector<Field>, std::less<>> schemas{
      {"text", {{"line", kString}, {"time", kTime}}},
      {"sales",
       {{"order_id", kString},
        {"store", kString},
        {"category", kString},
        {"amount", kNumber},
        {"time", kTime}}},
      {"clicks", {{"user", kString}, {"page", kString}, {"time", kTime}}},
      {"profiles",
       {{"user", kString}, {"name", kString}, {"region", kString}, {"tier", kString}, {"time", kTime}}},
      {"orders", {{"order_id", kString}, {"user", kString}, {"amount", kNumber}, {"time", kTime}}},
      {"metrics",
       {{"host", kString}, {"cpu", kNumber}, {"memory", kNumber}, {"anomaly", kBool}, {"time", kTime}}},
  };
  return schemas.find(kind)->second;
}

/// One line that broke the schema.
struct DeadLetter {
  std::size_t line;
  std::string field;
  std::string reason;
};

/// Checks one line against the schema; returns the parsed object, or std::nullopt after adding
/// a dead letter. Also requires exactly the schema's fields, in order, and no others.
inline std::optional<nlohmann::json> check_line(std::string_view kind, std::string_view text,
                                                std::size_t line_no, std::vector<DeadLetter>& dead) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    dead.push_back({line_no, "", "not a JSON object"});
    return std::nullopt;
  }
  const auto fields = schema_of(kind);
  if (j.size() != fields.size()) {
    dead.push_back({line_no, "", "has " + std::to_string(j.size()) + " fields"});
    return std::nullopt;
  }
  std::size_t previous = 0;
  for (const Field& f : fields) {
    const std::size_t at = text.find("\"" + f.name + "\":");
    if (at == std::string_view::npos || at < previous) {
      dead.push_back({line_no, f.name, "missing or out of the README's order"});
      return std::nullopt;
    }
    previous = at;
    if (!j.contains(f.name)) {
      dead.push_back({line_no, f.name, "missing"});
      return std::nullopt;
    }
    const auto& v = j[f.name];
    bool ok = false;
    switch (f.type) {
      case FieldType::kString: ok = v.is_string() && !v.get<std::string>().empty(); break;
      case FieldType::kNumber: ok = v.is_number(); break;
      case FieldType::kBool: ok = v.is_boolean(); break;
      case FieldType::kTime:
        ok = v.is_string() && v.get<std::string>().back() == 'Z' &&
             try_parse_timestamp(v.get<std::string>()).has_value();
        break;
    }
    if (!ok) {
      dead.push_back({line_no, f.name, "wrong type or unparseable: " + v.dump()});
      return std::nullopt;
    }
  }
  return j;
}

/// Event time of a checked line.
inline Timestamp time_of(const nlohmann::json& j) { return parse_timestamp(j["time"].get<std::string>()); }

}  // namespace streamlab::datasets::testing
