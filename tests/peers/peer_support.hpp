// Shared by every peer engine's conformance test (label `peers`): the case matrix, the inputs,
// the manifest a runner reads (peers/README.md), running a runner and `streamlab window`, reading
// panes, and comparing them. An engine's test file (kafka_streams_conformance_test.cpp,
// flink_conformance_test.cpp, spark_..., bytewax_...) only says what it expects of each case.
//
// How the label runs (tests/peers/CMakeLists.txt): the fixture test `peers.install` builds the
// runners (peers/peers.sh install), `peers.inputs` writes every case's input (`streamlab scenario
// apply` on a truncated dataset), and one `peers.ENGINE.run` per engine runs that engine's runner
// once over all cases (one JVM). The comparison tests then run `streamlab window` live on each
// case and compare with the files the runner wrote. Nothing StreamLab outputs is recorded in the
// repository.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace streamlab::peers {

/// One conformance case: an input in arrival order and `streamlab window`'s flags for it.
struct PeerCase {
  /// Unique id, also the stem of its output files: `dataset.scenario.window.emit[.lateness]`.
  std::string id;
  /// The dataset's name (`sales`), or `hand` for a hand-worked case.
  std::string dataset;
  /// The scenario's name (`late-arrivals`), or the hand-worked case's name.
  std::string scenario;
  /// The input JSONL (arrival order).
  std::filesystem::path input;
  /// `streamlab window`'s flags with `-` written `_` (peers/README.md), e.g. `{"window": "tumbling:1m"}`.
  nlohmann::json flags;
};

/// One pane of `streamlab window`'s output format.
struct Pane {
  /// The key's JSON value.
  nlohmann::json key;
  /// Window start and end, ISO-8601 as written.
  std::string window_start, window_end;
  /// The aggregate's value (an integer or a double JSON number).
  nlohmann::json value;
  /// Events in the window.
  std::int64_t count{0};
  /// `ON_TIME`, `LATE`, `UPDATE`, `EARLY` or `COMPLETE`.
  std::string pane;
};

/// One case's line of a runner's summary.
struct CaseStatus {
  /// `ok`, `unsupported` or `error`.
  std::string status;
  /// Why unsupported or failed.
  std::string reason;
};

/// What one engine (or `streamlab window`) produced for a case.
struct CaseOutput {
  /// The panes in emission order.
  std::vector<Pane> panes;
  /// The late records, each the original object without its `$late` member.
  std::vector<nlohmann::json> late;
};

/// The repository's root (where peers/ and datasets/ are).
std::filesystem::path source_dir();

/// The `streamlab` executable the tests run.
std::filesystem::path cli_binary();

/// The build tree's folder for the peer tests' files: `<build>/peers-work`.
std::filesystem::path work_dir();

/// The cases every engine runs: every shipped dataset (truncated) × every shipped scenario ×
/// tumbling, hopping (`2m,30s` and `1m,7s`) and session windows × `final` and `update`, plus allowed lateness
/// for the scenarios with late events, `complete` and processing time (`final`, `update`) for tumbling
/// windows, and the hand-worked cases of hand_cases(). Deterministic order.
std::vector<PeerCase> conformance_cases();

/// The small hand-worked cases (dataset `hand`); their inputs are written by prepare_inputs().
std::vector<PeerCase> hand_cases();

/// Writes every case's input under work_dir()/inputs (truncated datasets through `streamlab
/// scenario apply`, and the hand-worked inputs). Returns false and prints why on failure.
bool prepare_inputs();

/// Where an engine's output for a case goes: work_dir()/ENGINE/ID.panes.jsonl and .late.jsonl.
std::filesystem::path panes_path(const std::string& engine, const std::string& id);
/// See panes_path().
std::filesystem::path late_path(const std::string& engine, const std::string& id);

/// Writes the manifest of `cases` for `engine` (peers/README.md) and returns its path.
std::filesystem::path write_manifest(const std::string& engine, const std::vector<PeerCase>& cases);

/// Runs `peers/peers.sh run ENGINE` over every conformance case and the engine's own cases (one
/// process); returns its exit status.
int run_peer(const std::string& engine, const std::vector<PeerCase>& own_cases = {});

/// Runs the engine's runner again on the cases of one dataset (among the matrix and `own_cases`),
/// into work_dir()/ENGINE.rerun.DATASET, and compares every output file byte for byte with
/// run_peer()'s; nullopt when all are identical.
std::optional<std::string> rerun_differs(const std::string& engine, const std::string& dataset,
                                         const std::vector<PeerCase>& own_cases = {});

/// The summary the last run_peer(engine) wrote, by case id (empty when it never ran).
std::map<std::string, CaseStatus> read_summary(const std::string& engine);

/// An engine's output for a case, as its runner wrote it.
CaseOutput read_peer_output(const std::string& engine, const std::string& id);

/// Runs `streamlab window` on a case now (a live run, nothing recorded) and reads its output.
CaseOutput run_streamlab(const PeerCase& c);

/// Reads a pane JSONL file.
std::vector<Pane> read_panes(const std::filesystem::path& file);

/// Reads a late-records JSONL file, dropping each record's `$late` member.
std::vector<nlohmann::json> read_late(const std::filesystem::path& file);

/// Compares two pane lists window by window: for each (key, window) the sequence of panes must be
/// identical (value with its integer or double type, count, pane); the order between windows is
/// not compared (engines order the panes of one watermark advance differently). Returns nullopt
/// when identical, else a message naming the first differing window and pane, in ISO times, with
/// the differing field names.
std::optional<std::string> diff_panes(const std::vector<Pane>& expected, const std::vector<Pane>& actual,
                                      const std::string& expected_name, const std::string& actual_name);

/// Compares two late-record lists (same records, same order); nullopt when identical.
std::optional<std::string> diff_late(const std::vector<nlohmann::json>& expected,
                                     const std::vector<nlohmann::json>& actual);

/// Keeps only the last pane of each (key, window), relabelled `pane` (e.g. what an engine that
/// emits one final result per window should equal), in the order of those last panes.
std::vector<Pane> last_pane_per_window(const std::vector<Pane>& panes, const std::string& pane);

/// Drops every pane whose window a *later* pane of the same key strictly contains: the sessions
/// that a late event merged into a bigger one after they were emitted (StreamLab does not retract
/// them; an engine that emits only final sessions never shows them).
std::vector<Pane> drop_merged_sessions(const std::vector<Pane>& panes);

/// Milliseconds since the epoch of an ISO-8601 UTC time as panes and the inputs write it
/// (`...T10:00:05Z`, `...T10:00:05.250Z`, `...T10:00:09.5Z`).
std::int64_t iso_millis(const std::string& iso);

/// A pane of a hand-worked case, whose times are seconds of 2025-06-22T10:00 (`"05"`, `"09.500"`).
Pane hand_pane(const char* key, const char* start, const char* end, nlohmann::json value, std::int64_t count,
               const char* pane);

/// A record of the hand-worked inputs: `{"k": key, "v": v, "t": "2025-06-22T10:00:<t>Z"}`.
nlohmann::json hand_record(const char* key, int v, const char* t);

/// A pane's one-line description for messages.
std::string describe(const Pane& p);

/// What an engine's test expects of each matrix case.
struct EngineRules {
  /// Empty when the engine must run the case; else a word the `unsupported` reason must contain.
  std::function<std::string(const PeerCase&)> unsupported;
  /// StreamLab's panes turned into what the engine must emit, under the documented differences
  /// (the identity when there are none).
  std::function<std::vector<Pane>(const PeerCase&, const CaseOutput& streamlab)> expected_panes;
};

/// The datasets of the matrix (not `hand`), for parameterised tests.
std::vector<std::string> matrix_datasets();

/// A test parameter's name for a dataset (`alice-lines` -> `alice_lines`).
std::string dataset_test_name(const std::string& dataset);

/// Checks every matrix case of `dataset` for `engine`: the summary line, then (for cases it ran)
/// its panes against rules.expected_panes of a live `streamlab window` run and its late records
/// against StreamLab's, reporting each difference as a GoogleTest failure naming the case.
void check_dataset(const std::string& engine, const std::string& dataset, const EngineRules& rules);

/// The hand-worked case with this id (see hand_cases()).
const PeerCase& hand_case_by_id(const std::string& id);

/// An engine's own cases beside the matrix (hand-worked, or its own flags on the matrix's
/// inputs): writes their inputs when they are not there yet, and returns them.
using OwnCases = std::function<std::vector<PeerCase>()>;

/// The entry point of the peer test binaries: `--prepare-inputs` runs prepare_inputs(),
/// `--run-peer ENGINE` runs run_peer() with `own_cases()` (when given); anything else runs the
/// GoogleTest tests.
int peer_test_main(int argc, char** argv, const OwnCases& own_cases = {});

}  // namespace streamlab::peers
