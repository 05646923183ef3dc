// The documented differences between StreamLab and the peer engines (docs/peers.md), as rules
// `streamlab compare` names when an engine's panes or late records differ from StreamLab's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace streamlab::cli {

/// What the rules need to know of a comparison run.
struct DifferenceContext {
  std::string window_kind;              ///< `tumbling`, `hopping` or `session`.
  std::string emit;                     ///< `final`, `update` or `complete`.
  std::int64_t allowed_lateness_ms{0};  ///< `--allowed-lateness`.
  bool has_watermark_lines{false};      ///< The input holds `{"$watermark": T}` lines.
};

/// A documented difference: a stable id, the sentence a class reads, where it is written down.
struct DifferenceRule {
  std::string id;    ///< e.g. `kafka-streams-final-one-result`.
  std::string text;  ///< What the engine does and why the output differs.
  std::string see;   ///< The document and section (and test) that state and prove it.
};

/// One pane reduced to what rules compare.
struct PaneFacts {
  std::string pane;      ///< Pane kind.
  nlohmann::json value;  ///< The aggregate.
  std::int64_t count;    ///< Events.
};

/// One (key, window) as the rules see it.
struct WindowFacts {
  std::int64_t start_ms{0};  ///< Window start.
  std::int64_t end_ms{0};    ///< Window end.
  /// True when StreamLab later emitted, for the same key, a window strictly containing this one
  /// (a session that a late event merged into a bigger one).
  bool merged_later{false};
  /// True when StreamLab or the engine compared emitted, for the same key, a window overlapping
  /// this one with other bounds (the two cut the key's events into different sessions).
  bool bounds_differ{false};
};

/// True when two pane sequences are the same (kind, value and count, in order).
[[nodiscard]] bool same_panes(const std::vector<PaneFacts>& a, const std::vector<PaneFacts>& b);

/// The rule that explains why `engine` emitted `theirs` where StreamLab emitted `streamlab` for
/// one window; an `undocumented` rule when none does.
[[nodiscard]] DifferenceRule explain_window(const std::string& engine, const DifferenceContext& context,
                                            const WindowFacts& window,
                                            const std::vector<PaneFacts>& streamlab,
                                            const std::vector<PaneFacts>& theirs);

/// What is known of when `engine` emits a pane (its runner does not say which arrival fired it).
[[nodiscard]] std::string firing_rule(const std::string& engine, const DifferenceContext& context);

/// The rule that explains why `engine`'s late records differ from StreamLab's; how many each
/// dropped tells which of two opposite causes it is (Bytewax drops more behind its per-key
/// watermark, fewer where another key held StreamLab's watermark up).
[[nodiscard]] DifferenceRule explain_late(const std::string& engine, const DifferenceContext& context,
                                          std::size_t streamlab_late, std::size_t their_late);

}  // namespace streamlab::cli
