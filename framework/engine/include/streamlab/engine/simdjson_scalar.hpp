/// @file
/// simdjson's scalar types as the framework's JSON rules read them (include only where simdjson
/// is already a dependency: the engine's codec, the simulator's dataset loader).
#pragma once

#include <simdjson.h>

#include "streamlab/json_time.hpp"

namespace streamlab {

/// The JsonScalar of a simdjson element (std::monostate for null, bool, objects and arrays).
inline JsonScalar json_scalar(simdjson::dom::element value) {
  switch (value.type()) {
    case simdjson::dom::element_type::INT64: return JsonScalar{value.get_int64().value()};
    case simdjson::dom::element_type::UINT64: return JsonScalar{value.get_uint64().value()};
    case simdjson::dom::element_type::DOUBLE: return JsonScalar{value.get_double().value()};
    case simdjson::dom::element_type::STRING: return JsonScalar{value.get_string().value()};
    default: return JsonScalar{};
  }
}

}  // namespace streamlab
