/// @file
/// What every join shares: its type (inner, left, outer), its two sides, the row it emits, a
/// record it could not emit (unmatched or late) and the per-side accounting
/// (docs/semantics.md, "Joins").
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "streamlab/time.hpp"

namespace streamlab {

/// Which records of a join come out without a partner.
enum class JoinType {
  Inner,  ///< Only pairs; a record without a partner is counted unmatched and not emitted.
  Left,   ///< Pairs, and every left record without a partner with an empty right side.
  Outer,  ///< Pairs, and every record of either side without a partner (stream-stream only).
};

/// The type's name: `inner`, `left`, `outer`.
[[nodiscard]] inline std::string_view to_string(JoinType type) {
  switch (type) {
    case JoinType::Inner: return "inner";
    case JoinType::Left: return "left";
    case JoinType::Outer: return "outer";
  }
  return "inner";
}

/// Parses `inner`, `left` or `outer`.
/// @throws std::invalid_argument naming the accepted values.
[[nodiscard]] inline JoinType parse_join_type(std::string_view text) {
  if (text == "inner") return JoinType::Inner;
  if (text == "left") return JoinType::Left;
  if (text == "outer") return JoinType::Outer;
  throw std::invalid_argument("unknown join type '" + std::string(text) + "': expected inner, left or outer");
}

/// One side of a join. In a stream-table join the table is the right side.
enum class JoinSide {
  Left,   ///< The stream (stream-table) or the first stream (stream-stream).
  Right,  ///< The table (stream-table) or the second stream (stream-stream).
};

/// The side's name: `left` or `right`.
[[nodiscard]] inline std::string_view to_string(JoinSide side) {
  return side == JoinSide::Left ? "left" : "right";
}

/// Why a join record produced no output row.
enum class JoinFate {
  Unmatched,  ///< It found no partner (and its join type does not emit it alone).
  Late,       ///< It arrived when the state it needed was already freed.
};

/// The fate's name: `unmatched` or `late`.
[[nodiscard]] inline std::string_view to_string(JoinFate fate) {
  return fate == JoinFate::Unmatched ? "unmatched" : "late";
}

/// One output row of a join. Pointers refer to the join's state and are valid during the call
/// that reports the row only; a null side is absent (an unmatched record of a left or outer join).
template <class K, class VL, class VR>
struct JoinRow {
  const K* key{nullptr};                ///< The join key.
  Timestamp time{};                     ///< The row's event time (see each join for the rule).
  const VL* left{nullptr};              ///< The left record's value, or null.
  const VR* right{nullptr};             ///< The right record's value (table version), or null.
  std::optional<Timestamp> right_time;  ///< Event time of the right record or version used.
  std::optional<Timestamp> left_time;   ///< Event time of the left record, if any.
  std::int64_t left_seq{-1};            ///< Arrival number of the left record (-1: none).
  std::int64_t right_seq{-1};           ///< Arrival number of the right record (-1: none).
};

/// One input record that produced no output row, for the unmatched/late output. The pointers
/// are valid during the call that reports it only.
template <class K, class V>
struct JoinDrop {
  JoinSide side{JoinSide::Left};       ///< The record's side.
  JoinFate fate{JoinFate::Unmatched};  ///< Unmatched or late.
  const K* key{nullptr};               ///< Its key.
  Timestamp time{};                    ///< Its event time.
  const V* value{nullptr};             ///< Its value.
  std::int64_t seq{0};                 ///< Its arrival number.
  Timestamp watermark{kMinTimestamp};  ///< The watermark the decision was taken against.
  std::string_view reason;             ///< Why, in words, for the output and the trace.
};

/// The accounting of one side: every record read is joined, unmatched or late (the caller adds
/// the dead letters, which never reach the join).
struct JoinSideCounts {
  std::int64_t read{0};       ///< Records handed to the join.
  std::int64_t joined{0};     ///< Records that took part in at least one pair.
  std::int64_t unmatched{0};  ///< Records that ended without a partner (emitted alone or not).
  std::int64_t late{0};       ///< Records rejected as late.
  /// Records whose fate is not decided yet (buffered or kept for partners).
  [[nodiscard]] std::int64_t pending() const { return read - joined - unmatched - late; }
  /// Field-by-field equality.
  friend bool operator==(const JoinSideCounts&, const JoinSideCounts&) = default;
};

/// A join side's counts in a checkpoint: `[read, joined, unmatched, late]`.
void to_json(nlohmann::json& j, const JoinSideCounts& counts);
/// Reads the counts to_json() wrote.
/// @throws nlohmann::json::exception when `j` is not four integers.
void from_json(const nlohmann::json& j, JoinSideCounts& counts);

}  // namespace streamlab
