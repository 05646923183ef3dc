// Small helpers that write the parts of a JSONL event; private to the generators.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "streamlab/time.hpp"

namespace streamlab::datasets::detail {

/// Appends `text` as a JSON string literal: quotes, backslashes and control characters escaped,
/// UTF-8 passed through unchanged.
void append_json_string(std::string& out, std::string_view text);

/// Appends an integer count of hundredths as a JSON number with exactly two decimals (`23.50`).
void append_hundredths(std::string& out, std::int64_t hundredths);

/// Appends an integer count of tenths as a JSON number with exactly one decimal (`43.2`).
void append_tenths(std::string& out, std::int64_t tenths);

/// Appends `"time":"<ISO-8601>"` for `t`, the event-time field every dataset ends with.
void append_time_field(std::string& out, Timestamp t);

}  // namespace streamlab::datasets::detail
