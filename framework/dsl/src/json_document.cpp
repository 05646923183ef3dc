#include "streamlab/serde/json_document.hpp"

#include <cmath>
#include <cstdint>
#include <string>

#include "simdjson_scratch.hpp"

namespace streamlab::serdes::detail {
namespace {

namespace dom = simdjson::dom;

// Thrown where simdjson's reading may differ from nlohmann's: nlohmann reads the text again.
struct AskNlohmann {};

// nlohmann's parser stores a non-negative integer as unsigned and a negative one as signed;
// a repeated key keeps its last value (operator[] overwrites, as nlohmann's DOM parser does).
nlohmann::json to_nlohmann(dom::element e) {
  switch (e.type()) {
    case dom::element_type::OBJECT: {
      nlohmann::json obj = nlohmann::json::object();
      for (auto field : dom::object(e)) obj[std::string{field.key}] = to_nlohmann(field.value);
      return obj;
    }
    case dom::element_type::ARRAY: {
      nlohmann::json arr = nlohmann::json::array();
      for (dom::element item : dom::array(e)) arr.push_back(to_nlohmann(item));
      return arr;
    }
    case dom::element_type::INT64: {
      const std::int64_t v = e.get_int64().value();
      if (v >= 0) return nlohmann::json(static_cast<std::uint64_t>(v));
      return nlohmann::json(v);
    }
    case dom::element_type::UINT64: return nlohmann::json(e.get_uint64().value());
    case dom::element_type::DOUBLE: {
      // simdjson reads `-0` as the double -0.0 where nlohmann reads the integer 0.
      const double v = e.get_double().value();
      if (v == 0 && std::signbit(v)) throw AskNlohmann{};
      return nlohmann::json(v);
    }
    case dom::element_type::STRING: return nlohmann::json(std::string{e.get_string().value()});
    case dom::element_type::BOOL: return nlohmann::json(e.get_bool().value());
    case dom::element_type::NULL_VALUE: return nlohmann::json(nullptr);
  }
  return nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json parse_json_document(std::string_view bytes, JsonScratch& scratch) {
  dom::element doc;
  if (scratch.impl().parse(bytes, doc) != simdjson::SUCCESS) {
    // Whatever simdjson refuses (bad JSON, a number beyond 64 bits, deep nesting), nlohmann
    // decides, so the verdict and the error message are nlohmann's.
    return nlohmann::json::parse(bytes);
  }
  try {
    return to_nlohmann(doc);
  } catch (const AskNlohmann&) {
    return nlohmann::json::parse(bytes);
  }
}

}  // namespace streamlab::serdes::detail
