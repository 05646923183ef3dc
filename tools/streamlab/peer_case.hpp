// One `streamlab window` run as a peer runner's case (peers/README.md): the manifest's flags from
// the window flags, the one-case manifest, and the input a peer needs when its engine has no
// equivalent of StreamLab's continuous trigger (Spark: one micro-batch per arrival).
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "window_flags.hpp"

namespace streamlab::cli {

/// The manifest's `flags` object for `flags` (peers/README.md: the window flags with `-` written
/// `_`, the same values; an absent key field is left out).
[[nodiscard]] nlohmann::json peer_case_flags(const WindowFlags& flags);

/// One case for a peer runner: its input, flags and where the runner writes.
struct PeerCaseFiles {
  std::string id{"compare"};    ///< The case id in the manifest and summary.
  std::filesystem::path input;  ///< The JSONL input in arrival order.
  nlohmann::json flags;         ///< The manifest's flags (peer_case_flags()).
  std::filesystem::path panes;  ///< Where the runner writes its panes.
  std::filesystem::path late;   ///< Where the runner writes its late records.
};

/// Writes the one-case manifest of `c` to `file`.
/// @throws std::runtime_error when the file cannot be written.
void write_peer_manifest(const std::filesystem::path& file, const PeerCaseFiles& c);

/// The micro-batch period that puts every arrival in a batch of its own.
inline constexpr const char* kPerArrivalBatch = "1ms";

/// Copies the JSONL `input` to `output` with `{"$advance": "1ms"}` after every record line but the
/// last, so that under `--trigger micro-batch:1ms` each record is a batch of its own. With one
/// record a batch the micro-batch rules (lateness judged at the batch start, the watermark advanced
/// at its end) decide every case as the continuous trigger does (docs/semantics.md).
/// @throws std::runtime_error when a file cannot be read or written.
void write_per_arrival_batches(const std::filesystem::path& input, const std::filesystem::path& output);

}  // namespace streamlab::cli
