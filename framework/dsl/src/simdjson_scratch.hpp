/// @file
/// A simdjson parser and a padded copy of the bytes it reads, reused by the serdes' hot paths.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

#include <simdjson.h>

namespace streamlab::detail {

/// Parses `bytes` with this thread's simdjson parser; the element lives until the next call on
/// the same thread.
///
/// simdjson wants SIMDJSON_PADDING readable bytes past the end of its input, and a parser and
/// its buffers are costly to build: one of each per thread, reused for every message, keeps a
/// decode free of allocations. It is per thread because a parser is not thread-safe and
/// topologies may run on several threads.
inline simdjson::error_code parse_scratch(std::string_view bytes, simdjson::dom::element& out) {
  thread_local simdjson::dom::parser parser;
  thread_local std::string padded;
  if (padded.size() < bytes.size() + simdjson::SIMDJSON_PADDING) {
    padded.resize(bytes.size() + simdjson::SIMDJSON_PADDING);
  }
  if (!bytes.empty()) std::memcpy(padded.data(), bytes.data(), bytes.size());
  return parser.parse(padded.data(), bytes.size(), false).get(out);
}

}  // namespace streamlab::detail
