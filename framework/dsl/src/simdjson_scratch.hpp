/// @file
/// The simdjson side of serdes::JsonScratch, shared by the serdes' hot paths.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "streamlab/serde/json_scratch.hpp"

namespace streamlab::serdes {

/// A simdjson parser and a padded copy of the bytes it reads.
struct JsonScratch::Impl {
  simdjson::dom::parser parser;  ///< Keeps its buffers from one message to the next.
  std::string padded;            ///< The bytes, followed by SIMDJSON_PADDING readable bytes.

  /// Parses `bytes`; the element lives until the next call. simdjson wants SIMDJSON_PADDING
  /// readable bytes past the end of its input, hence the copy into a buffer that only grows.
  simdjson::error_code parse(std::string_view bytes, simdjson::dom::element& out) {
    if (padded.size() < bytes.size() + simdjson::SIMDJSON_PADDING) {
      padded.resize(bytes.size() + simdjson::SIMDJSON_PADDING);
    }
    if (!bytes.empty()) std::memcpy(padded.data(), bytes.data(), bytes.size());
    return parser.parse(padded.data(), bytes.size(), false).get(out);
  }
};

}  // namespace streamlab::serdes
