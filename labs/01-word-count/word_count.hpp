/// @file
/// Lab 01, part 2: the word-count topology (a running count per word, and counts per minute).
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "streamlab/labs/json_time.hpp"
#include "streamlab/labs/print.hpp"
#include "streamlab/dsl/fwd.hpp"
#include "streamlab/dsl/streams_config.hpp"

namespace lab01 {

/// One line of the text dataset: `{"line":"Alice was beginning...","time":"2025-06-22T09:00:07Z"}`.
struct Line {
  std::string line;           ///< The text.
  streamlab::Timestamp time;  ///< Event time of the line.
};

/// The topics and parameters of the word-count topology.
struct WordCountConfig {
  std::string lines{"lines"};                               ///< Input: Line values, any key.
  std::string running_counts{"word-counts"};                ///< Output: word -> running count (int64 text).
  std::string counts_per_minute{"word-counts-per-minute"};  ///< Output: window results (JSON).
  streamlab::Duration window{std::chrono::minutes{1}};      ///< Tumbling window size.
  streamlab::Duration watermark_delay{std::chrono::seconds{10}};  ///< Bounded out-of-orderness.
};

/// The application settings for a builder of this lab: its name and watermark strategy.
inline streamlab::StreamsConfig streams_config(const WordCountConfig& config) {
  return streamlab::StreamsConfig{"lab01-word-count",
                                  streamlab::WatermarkStrategy::bounded(config.watermark_delay)};
}

/// Builds the word count into `builder`:
/// 1. read `config.lines` (string keys, Line values as JSON, event time from the `time` field);
/// 2. split each line into words with tokenize() and key each word by itself (a new key:
///    the DSL repartitions by word before grouping);
/// 3. `running_counts`: the count per word as a table, every update written to the topic
///    (update mode: one record per occurrence, carrying the new count);
/// 4. `counts_per_minute`: the count per word in tumbling event-time windows of
///    `config.window`, one final result per window (serde: serdes::WindowResultJson).
void build_word_count(streamlab::StreamsBuilder& builder, const WordCountConfig& config);

/// Reads a line from JSON.
inline void from_json(const nlohmann::json& j, Line& l) {
  j.at("line").get_to(l.line);
  l.time = streamlab::labs::time_from_json(j.at("time"));
}
/// Writes a line as JSON.
inline void to_json(nlohmann::json& j, const Line& l) {
  j = {{"line", l.line}, {"time", streamlab::labs::time_to_json(l.time)}};
}
/// Prints a line as its JSON (field names, ISO times), in test failures and logs.
inline std::ostream& operator<<(std::ostream& os, const Line& value) {
  return streamlab::labs::print_as_json(os, value);
}

}  // namespace lab01
