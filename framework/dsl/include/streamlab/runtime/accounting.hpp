/// @file
/// Where every input record went: the counts and logs every test can read after a run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "streamlab/record.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// An input record that could not be used: undecodable, or without a usable event time.
struct DeadLetter {
  TopicPartition source;           ///< Topic and partition it was read from.
  std::int64_t offset{0};          ///< Its offset in that partition.
  std::string reason;              ///< Why it was rejected, naming the field.
  std::optional<std::string> key;  ///< The key bytes as read.
  std::string value;               ///< The value bytes as read.
  std::string field;               ///< The field to blame, empty when the whole record is.
  /// Field-by-field equality.
  friend bool operator==(const DeadLetter&, const DeadLetter&) = default;
};

/// A record dropped from every window it belonged to, as written to the late output.
struct LateOutputRecord {
  TopicPartition source;   ///< Topic and partition of the input record it came from.
  std::int64_t offset{0};  ///< Offset of that input record.
  Timestamp timestamp{};   ///< The record's event time.
  Timestamp watermark{};   ///< The operator's watermark when the record arrived.
  std::string reason;      ///< Why it was dropped.
  std::string op;          ///< The operator that dropped it.
  nlohmann::json key;      ///< The record's key, as JSON.
  nlohmann::json value;    ///< The record's value, as JSON.
};

/// Counts kept by the runtime over one run (and carried across a checkpoint and restart).
///
/// The invariant `records_in == contributed + late_output + dead_letters` holds after every run:
/// each input record is counted exactly once, by its fate.
/// - **contributed**: the record was processed: it reached a result, a table, a process
///   function, a sink, or was deliberately discarded by the topology (a filter that said no, a
///   flatMap that returned nothing, an inner join without a match). Filtering is processing.
/// - **late_output**: every record derived from it was dropped by a window operator and sent to
///   the late output (when a flatMap splits a record and only some parts are late, it counts
///   as contributed, and `dropped_late` counts each late part).
/// - **dead_letters**: it could not be decoded or had no usable event time.
///
/// In a scale-out run a record sent to a repartition topic is handed on: its instance counts it
/// as contributed, and the instance that reads it back counts it in `repartition_in` and gives it
/// a fate of its own, so the invariant becomes `records_in + repartition_in == contributed +
/// late_output + dead_letters`, per instance and summed over instances.
struct Accounting {
  std::int64_t records_in{0};      ///< Input records consumed (repartition topics not included).
  std::int64_t contributed{0};     ///< Input records whose fate was "processed" (see above).
  std::int64_t late_output{0};     ///< Input records whose fate was the late output.
  std::int64_t dead_letters{0};    ///< Input records whose fate was the dead letters.
  std::int64_t results_out{0};     ///< Records handed to user outputs (topics, files, collectors).
  std::int64_t late_accepted{0};   ///< Late events added to a kept window (LATE panes follow).
  std::int64_t dropped_late{0};    ///< Records written to the late output (parts included).
  std::int64_t join_unmatched{0};  ///< Stream events an inner join dropped for want of a match.
  /// Records sent through a repartition step: written to its internal topic, or (a Kafka run
  /// without scale-out, RuntimeOptions::write_unread_repartition_topics) handed on unwritten.
  std::int64_t repartitioned{0};
  std::int64_t repartition_in{0};  ///< Records read back from repartition topics (scale-out runs).
  /// Outputs a restarted scale-out instance did not write again: the previous owner of their
  /// repartition partition had delivered them (not in results_out).
  std::int64_t suppressed{0};
  std::int64_t records_ignored{0};  ///< Records of topics the topology does not read (not in records_in).
  std::int64_t unaccounted{0};      ///< Input records that reached no fate: always 0 unless a bug.
  /// Records whose event time was behind the topology's watermark on arrival (late or not).
  std::int64_t behind_watermark{0};
  /// Control events the source delivered: watermark marks (`{"$watermark": T}`) and processing
  /// time ticks (`{"$advance": DUR}` lines of a replayed input; a live source's idle ticks too).
  std::int64_t control_events{0};
  std::vector<DeadLetter> dead_letter_log;  ///< Every dead letter, in arrival order.
  std::vector<LateOutputRecord> late_log;   ///< Every record sent to the late output.

  /// Whether every input record has exactly one fate.
  [[nodiscard]] bool invariant_holds() const noexcept {
    return records_in + repartition_in == contributed + late_output + dead_letters;
  }
};

/// The most bytes of a key or value a dead-letter envelope carries; a longer one is cut here and
/// its full size given, so a dead letter never outgrows the broker's message size limit.
inline constexpr std::size_t kDeadLetterMaxBytes = 64 * 1024;

/// The JSON form of a dead letter, as the dead-letter topic carries it: `key` and `value` as
/// strings when they are UTF-8 text, otherwise `key_base64` / `value_base64` with the exact bytes;
/// `value_size` (or `key_size`) with the full length when it was cut at kDeadLetterMaxBytes.
void to_json(nlohmann::json& j, const DeadLetter& d);
/// Reads the JSON form of a dead letter.
void from_json(const nlohmann::json& j, DeadLetter& d);
/// The JSON form of a late record, as the late topic carries it.
void to_json(nlohmann::json& j, const LateOutputRecord& r);
/// Reads the JSON form of a late record.
void from_json(const nlohmann::json& j, LateOutputRecord& r);
/// The JSON form of the counts and logs, for a checkpoint or a report.
void to_json(nlohmann::json& j, const Accounting& a);
/// Reads the JSON form of the counts and logs.
void from_json(const nlohmann::json& j, Accounting& a);

}  // namespace streamlab
