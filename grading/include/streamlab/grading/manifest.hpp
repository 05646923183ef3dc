/// @file
/// The points manifest: which lab each graded test belongs to and what it is worth.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace streamlab::grading {

/// One manifest entry: which lab a graded test belongs to and what it is worth.
struct ManifestEntry {
  std::string lab;     ///< Two digits, `01` .. `05`.
  int points{0};       ///< What passing the test is worth.
  std::string rule;    ///< What the test checks, for the report.
  bool hidden{false};  ///< From a hidden-tests manifest (`hidden-*.json`): not in the student's repository.
};

/// Graded tests by name (`Suite.Test`, as ctest lists them).
using Manifest = std::map<std::string, ManifestEntry>;

/// Normalises `1`, `01`, `lab01` to `01`; empty stays empty (all labs).
/// @returns std::nullopt when the text is not a lab number.
std::optional<std::string> normalise_lab(std::string text);

/// Reads and merges the manifests `files` (`{"tests": {"Suite.Test": {"lab", "points", "rule"}}}`);
/// the tests of a file whose name starts with `hidden` are marked hidden.
/// @throws std::runtime_error naming the file and the test when one is unreadable or malformed.
Manifest load_manifests(const std::vector<std::filesystem::path>& files);

/// The manifests a build directory holds: every `<build_dir>/grading/*.json`, sorted.
std::vector<std::filesystem::path> default_manifests(const std::filesystem::path& build_dir);

}  // namespace streamlab::grading
