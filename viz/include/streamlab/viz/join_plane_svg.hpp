/// @file
/// Draws a JoinPlane: x = event time, y = arrival (processing time) going up, one lane per key.
/// Left records are circles, right records (table rows, versions, right-stream records) squares;
/// a buffered or held record draws a dashed line up from its arrival to the arrival after which
/// the join decided its fate; each row with both sides is a line from the left record (where it
/// was released) to the partner it was joined with; unmatched records are hollow, late ones
/// crosses; the join's watermark is a step line. The output is a pure function of the plane and
/// the options, so the same run gives the same bytes. Each mark is labelled with its arrival number
/// (and the record's label, when the recorder was given a labeller) while a lane has few records.
#pragma once

#include <optional>
#include <string>

#include "streamlab/viz/join_plane.hpp"

namespace streamlab::viz {

/// How to draw a join plane.
struct JoinPlaneOptions {
  std::string title;               ///< The heading (for example the input and the join flags).
  std::optional<std::string> key;  ///< Only this key's lane: its JSON (`"u1"`) or its bare text (`u1`).
};

/// The join plane as a standalone SVG document (UTF-8, with the XML declaration).
/// @throws std::invalid_argument when `options.key` names no key of the plane.
[[nodiscard]] std::string render_join_svg(const JoinPlane& plane, const JoinPlaneOptions& options);

/// The join plane as a self-contained HTML page: the same SVG inline, no external resources.
/// @throws std::invalid_argument when `options.key` names no key of the plane.
[[nodiscard]] std::string render_join_html(const JoinPlane& plane, const JoinPlaneOptions& options);

}  // namespace streamlab::viz
