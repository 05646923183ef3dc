// What the two SVG planes (windows: plane_svg.cpp, joins: join_plane_svg.cpp) share: the page
// geometry and the text of labels, so both pictures read alike side by side.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "streamlab/time.hpp"

namespace streamlab::viz::detail {

// Page geometry, in pixels: 1280 wide reads on a 16:9 projector at full screen.
constexpr double kWidth = 1280;
constexpr double kPlotLeft = 230;  // left of it: processing times, arrival numbers, dead letters
constexpr double kPlotRight = 1250;
constexpr double kArrivalLabelX = 192;  // arrival numbers end here
constexpr double kGutterX = 212;        // where dead letters (no event time) are drawn
constexpr double kTop = 112;            // below the title and the legend
constexpr double kLaneHeader = 30;
constexpr double kLaneGap = 26;
constexpr double kAxisHeight = 70;

constexpr const char* kFont = "DejaVu Sans, Arial, Helvetica, sans-serif";

// `text` for XML character data and attributes; control characters (not allowed in XML 1.0, a
// bad input line may carry them) become spaces.
std::string escape(std::string_view text);

// A coordinate with one decimal.
std::string num(double v);

// Whether `t` is a time, not one of the ends of time.
bool finite(Timestamp t);

// The time-of-day part of an ISO timestamp (`10:05:00Z`), for axis labels within one day.
std::string time_of_day(Timestamp t);

// The date part of an ISO timestamp (`2025-06-22`).
std::string date_of(Timestamp t);

// The bare text of a key given as JSON: `"u1"` -> `u1`; other JSON stays as it is.
std::string bare_key(const std::string& key_json);

// A step that lands on a round number of milliseconds, giving at most `most` ticks over `span`.
std::int64_t tick_step(std::int64_t span, std::int64_t most);

// Appends the axes under and beside the lanes: the event-time ticks (at `tick_x`, one per
// entry of `ticks`, as times of day when `one_day`) with their title, and the arrival title
// centred between `plot_top` and `lanes_bottom` (the lane top after the last lane).
void append_axes(std::string& out, const std::vector<std::int64_t>& ticks, const std::vector<double>& tick_x,
                 bool one_day, Timestamp t_min, double plot_top, double lanes_bottom);

}  // namespace streamlab::viz::detail
