/// @file
/// Reading a dataset: JSONL events, one JSON object per line, into records with event times.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "streamlab/error.hpp"
#include "streamlab/record.hpp"

namespace streamlab::sim {

/// What the reader does with a malformed line.
enum class OnMalformed {
  Throw,       ///< Throw the InputError of the first malformed line.
  DeadLetter,  ///< Keep going; the line goes to Dataset::dead_letters and is counted.
};

/// How to read a dataset.
struct DatasetOptions {
  /// The field holding the event time: integer milliseconds or an ISO-8601 string.
  std::string time_field{"time"};
  /// The field holding the key, if records are keyed. A string is the key's bytes; a number or
  /// boolean its JSON text; a missing or null field is a null key.
  std::optional<std::string> key_field;
  /// Throw on the first malformed line, or collect malformed lines as dead letters.
  OnMalformed on_malformed{OnMalformed::Throw};
};

/// A line that could not be read, kept with the reason so it is never silently dropped.
struct DeadLetter {
  InputError error;  ///< File, line and field, and the reason.
  std::string line;  ///< The line as it was read.
};

/// A dataset in file order.
///
/// Each record's value is the line exactly as read (without the line break), so an export
/// writes the original JSON object unmodified; its timestamp is the event time.
struct Dataset {
  std::string source;                      ///< File name, for messages.
  std::vector<Record> records;             ///< The well-formed events, in file order.
  std::vector<std::int64_t> line_numbers;  ///< 1-based line of each record, parallel to records.
  std::vector<DeadLetter> dead_letters;    ///< Malformed lines (OnMalformed::DeadLetter only).
  std::int64_t lines_read{0};              ///< Non-blank lines read: records plus dead letters.
};

/// Reads JSONL from `in`; `source_name` names it in errors. Blank lines are skipped.
/// A line that is not a JSON object, lacks the time field, or has a time that is neither
/// integer milliseconds nor ISO-8601 is malformed: an InputError naming source, line and field.
/// @throws InputError for the first malformed line under OnMalformed::Throw.
[[nodiscard]] Dataset read_dataset(std::istream& in, const std::string& source_name,
                                   const DatasetOptions& options = {});

/// Reads a JSONL file like read_dataset().
/// @throws InputError (line 0) when the file cannot be opened, and as read_dataset().
[[nodiscard]] Dataset load_dataset(const std::filesystem::path& file, const DatasetOptions& options = {});

}  // namespace streamlab::sim
