/// @file
/// Parsing a JSON document into nlohmann_json fast, as serdes::Json decodes every message.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "streamlab/serde/json_scratch.hpp"

namespace streamlab::serdes::detail {

/// The JSON document in `bytes`, parsed with simdjson and built as an nlohmann_json value: the
/// value nlohmann::json::parse(bytes) gives (non-negative integers unsigned, the last of repeated
/// keys), several times faster, because Json<T> decodes every message of a topic. `scratch`
/// holds the parser, reused from one call to the next.
/// @throws nlohmann::json::exception, the one nlohmann::json::parse throws, when the bytes are not
/// a JSON document (whatever simdjson refuses, nlohmann reads again and decides).
nlohmann::json parse_json_document(std::string_view bytes, JsonScratch& scratch);

}  // namespace streamlab::serdes::detail
