/// @file
/// Writing an arrival sequence, or a topic of the log, as a replayable JSONL stream with
/// `{"$advance": DUR}` and `{"$watermark": T}` control lines (Beam's TestStream).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "streamlab/sim/arrival.hpp"
#include "streamlab/sim/log.hpp"

namespace streamlab::sim {

/// Options of an export.
struct ExportOptions {
  /// Also write `{"$watermark": T}` after each arrival that raises the bounded-out-of-orderness
  /// watermark `max event time seen - watermark_delay` (T as ISO-8601 UTC).
  bool watermarks{false};
};

/// Writes the arrivals as JSONL: each record's value line unmodified, preceded by
/// `{"$advance": "DUR"}` (streamlab::format_duration) whenever processing time moves; the
/// clock starts at 0, as in `streamlab window`.
void write_arrivals_jsonl(std::ostream& out, const ArrivalSequence& sequence,
                          const ExportOptions& options = {});

/// write_arrivals_jsonl() into a string.
[[nodiscard]] std::string arrivals_to_jsonl(const ArrivalSequence& sequence,
                                            const ExportOptions& options = {});

/// Writes every partition of `topic` in global append order as JSONL: record values,
/// `{"$advance": ...}` between append times (from 0), and each watermark mark once.
/// @throws std::out_of_range when the topic does not exist.
void write_topic_jsonl(std::ostream& out, const Log& log, std::string_view topic);

}  // namespace streamlab::sim
