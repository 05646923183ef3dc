// Join cases of the conformance suite (label `peers`): `streamlab join` run live on a case and an
// engine's join runner (peers/README.md, "Join cases") compared row by row. A join case is a
// PeerCase whose flags are `streamlab join`'s (`mode`, `type`, `grace`, `watermark`, `key_field`,
// `time_field`); the runner writes rows to panes_path() and the left records that produced no row
// to late_path().
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "peer_support.hpp"

namespace streamlab::peers {

/// What `streamlab join` (or an engine's join runner) produced for a case.
struct JoinOutput {
  /// The rows in emission order: `{"key", "time", "left", "right", "right_time"}`.
  std::vector<nlohmann::json> rows;
  /// The left records that produced no row, without `$source` and `$unmatched`, in arrival order
  /// (StreamLab also reports unused table rows: they are left out, no engine reports them).
  std::vector<nlohmann::json> unmatched_left;
};

/// Writes a join input: each record gets `"$source": "left"` or `"right"`, in the given order.
void write_join_input(const std::filesystem::path& file,
                      const std::vector<std::pair<bool, nlohmann::json>>& left_and_records);

/// Runs `streamlab join` on a case now (a live run, nothing recorded) and reads its output.
JoinOutput run_streamlab_join(const PeerCase& c);

/// An engine's output for a join case, as its runner wrote it.
JoinOutput read_peer_join(const std::string& engine, const std::string& id);

/// Compares two row lists in order; nullopt when identical, else a message naming the first
/// differing row (its key, time and the fields that differ).
std::optional<std::string> diff_rows(const std::vector<nlohmann::json>& expected,
                                     const std::vector<nlohmann::json>& actual,
                                     const std::string& expected_name, const std::string& actual_name);

/// Expects `actual` to hold `expected`'s rows in the same order and the same left records without
/// a row, in any order; a failure names the case `id` and both sides.
void expect_same_join(const JoinOutput& expected, const JoinOutput& actual, const std::string& expected_name,
                      const std::string& actual_name, const std::string& id);

/// expect_same_join() against a hand-worked case: `who` (StreamLab live, or an engine's file)
/// must give `rows` and leave `unmatched` (left records) without a row.
void expect_rows(const std::string& who, const JoinOutput& got, const std::vector<nlohmann::json>& rows,
                 const std::vector<nlohmann::json>& unmatched, const std::string& id);

/// A row's one-line description for messages: `key "u1" at ISO: left {...} + right {...}`.
std::string describe_row(const nlohmann::json& row);

}  // namespace streamlab::peers
