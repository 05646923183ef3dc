/// @file
/// The one rule for telling a control line (`{"$watermark": T}`, `{"$advance": DUR}`) from a
/// record (docs/semantics.md, "Time"): every JSONL reader asks control_line_kind(), whichever
/// JSON parser it uses.
#pragma once

#include <cstddef>
#include <string_view>

namespace streamlab {

/// The key of a watermark control line.
inline constexpr std::string_view kWatermarkKey = "$watermark";

/// The key of a processing-time control line.
inline constexpr std::string_view kAdvanceKey = "$advance";

/// The dead-letter reason of an object that mixes a control key with other fields.
inline constexpr std::string_view kAmbiguousControlLine =
    "ambiguous control line: an object with $watermark or $advance must have no other field";

/// What a JSON object is, judged by its keys alone.
enum class ControlLineKind {
  Record,     ///< No control key: a record.
  Watermark,  ///< Exactly one field, `$watermark`.
  Advance,    ///< Exactly one field, `$advance`.
  Ambiguous,  ///< A control key together with any other field (a dead letter, never a record).
};

/// Classifies an object with `fields` fields (counting repeated names), of which
/// `watermark_keys` are named `$watermark` and `advance_keys` `$advance`: a control line only
/// when its only field is one control key, so that a record can never vanish as a control line.
[[nodiscard]] constexpr ControlLineKind control_line_kind(std::size_t fields, std::size_t watermark_keys,
                                                          std::size_t advance_keys) {
  if (watermark_keys == 0 && advance_keys == 0) return ControlLineKind::Record;
  if (fields != 1) return ControlLineKind::Ambiguous;
  return watermark_keys == 1 ? ControlLineKind::Watermark : ControlLineKind::Advance;
}

/// Whether a line of JSON text might hold a control key: a cheap test (no parse) that is never
/// false for one, so readers look at the keys of only the few lines holding a `$` or an escape
/// (`"\u0024watermark"` is `$watermark` too).
[[nodiscard]] constexpr bool may_be_control_line(std::string_view line) noexcept {
  return line.find('$') != std::string_view::npos || line.find("\\u") != std::string_view::npos;
}

}  // namespace streamlab
