/// @file
/// Draws a Plane as the picture everyone draws to explain event time: x = event time, y = arrival
/// (processing time) going up, a dot per event coloured and shaped by its fate, the watermark as a
/// step line, each window as a band that ends where its last pane fired, with the panes' values
/// written at the moment they fired. One lane per key. The output is a pure function of the plane
/// and the options, so the same run gives the same bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "streamlab/viz/plane.hpp"

namespace streamlab::viz {

/// How to draw a plane.
struct PlaneOptions {
  std::string title;               ///< The heading (for example the input and the window flags).
  std::optional<std::string> key;  ///< Only this key's lane: its JSON (`"u1"`) or its bare text (`u1`).
  /// Above this many arrivals in one lane, marks are aggregated: arrivals of one fate falling in the
  /// same 6 × 6 pixel cell are drawn as one square whose `data-n` says how many it stands for.
  std::size_t dot_limit{2000};
  /// Above this many panes in one lane, pane values are written only on hover (the marks stay).
  std::size_t pane_label_limit{150};
};

/// The keys of the plane's arrivals as JSON, in the order they first arrived.
[[nodiscard]] std::vector<std::string> plane_keys(const Plane& plane);

/// The plane as a standalone SVG document (UTF-8, with the XML declaration).
/// @throws std::invalid_argument when `options.key` names no key of the plane.
[[nodiscard]] std::string render_plane_svg(const Plane& plane, const PlaneOptions& options);

/// The plane as a self-contained HTML page: the same SVG inline, the counts per fate, no
/// external resources.
/// @throws std::invalid_argument when `options.key` names no key of the plane.
[[nodiscard]] std::string render_plane_html(const Plane& plane, const PlaneOptions& options);

}  // namespace streamlab::viz
