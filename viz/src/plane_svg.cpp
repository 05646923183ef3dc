#include "streamlab/viz/plane_svg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string_view>
#include <tuple>

#include <fmt/format.h>

#include "svg_common.hpp"

namespace streamlab::viz {
namespace {

using namespace detail;  // the page geometry and label text both planes share

// The window plane's own geometry, in pixels (the rest is svg_common.hpp's).
constexpr double kClockLabelX = 150;  // processing-time labels end here
constexpr double kBinSize = 6;

// Maps event time to x and arrival rows to y (rows go up, as processing time does).
struct Scale {
  std::int64_t t_min{0};
  std::int64_t t_max{1};
  double row_top{1};  // the row at the top of a lane

  [[nodiscard]] double x(Timestamp t) const {
    if (t == kMinTimestamp) return kPlotLeft;
    if (t == kMaxTimestamp) return kPlotRight;
    const double f = (static_cast<double>(to_millis(t) - t_min)) / static_cast<double>(t_max - t_min);
    return std::clamp(kPlotLeft + f * (kPlotRight - kPlotLeft), kPlotLeft, kPlotRight);
  }
  [[nodiscard]] double y(double row, double lane_top, double lane_height) const {
    return lane_top + lane_height - (row / row_top) * lane_height;
  }
};

// A window as it is drawn in one lane: from the arrival that opened it to the last pane it
// fired, or to the arrival whose merged session replaced it.
struct Segment {
  Window window;
  std::int64_t open_row{0};
  std::int64_t close_row{0};
  std::int64_t last_event_row{0};
  bool replaced{false};
  std::vector<const PlanePane*> panes;
};

std::vector<Segment> segments_of(const std::vector<const PlaneEvent*>& events,
                                 const std::vector<const PlanePane*>& panes, std::int64_t end_row) {
  std::vector<Segment> segments;
  std::vector<std::size_t> live;
  for (const PlaneEvent* e : events) {
    for (const Window& w : e->windows) {
      const auto same =
          std::find_if(live.begin(), live.end(), [&](std::size_t i) { return segments[i].window == w; });
      if (same != live.end()) {
        segments[*same].last_event_row = e->row;
        continue;
      }
      // A window the engine reports in place of smaller ones (a merged session) replaces them.
      for (auto it = live.begin(); it != live.end();) {
        Segment& s = segments[*it];
        if (w.start <= s.window.start && s.window.end <= w.end) {
          s.replaced = true;
          s.close_row = e->row;
          it = live.erase(it);
        } else {
          ++it;
        }
      }
      live.push_back(segments.size());
      segments.push_back(Segment{w, e->row, 0, e->row, false, {}});
    }
  }
  for (const PlanePane* p : panes) {
    // The latest segment of the pane's window.
    for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
      if (it->window == p->window && !it->replaced) {
        it->panes.push_back(p);
        break;
      }
    }
  }
  for (Segment& s : segments) {
    if (s.replaced) continue;
    s.close_row = s.panes.empty() ? end_row : std::max(s.panes.back()->row, s.last_event_row);
  }
  return segments;
}

std::string pane_colour(Pane pane) {
  switch (pane) {
    case Pane::OnTime: return "#1f4e79";
    case Pane::Late: return "#a65e00";
    case Pane::Early: return "#555555";
    case Pane::Update: return "#22665a";
    case Pane::Complete: return "#22665a";
  }
  return "#000000";
}

// `partitioned`: the run had several input partitions, so the title names the event's.
std::string event_title(const PlaneEvent& e, bool partitioned) {
  std::string t = fmt::format("#{} (line {})", e.row, e.line);
  if (e.fate == PlaneFate::DeadLetter) return t + " dead letter: " + e.reason;
  if (partitioned) t += fmt::format(" partition {}", e.partition);
  t += fmt::format(" key {}, event time {}, watermark before {}: {}", e.key_json,
                   format_timestamp(e.event_time), format_timestamp(e.watermark_before), legend_text(e.fate));
  if (!e.reason.empty()) t += " (" + e.reason + ")";
  if (const std::string fates = window_fates_text(e); !fates.empty()) t += "; " + fates;
  return t;
}

// The colours of the input partitions' own watermark lines (Okabe-Ito, after the fates' ones).
constexpr std::array<const char*, 4> kPartitionColours{"#009e73", "#cc79a7", "#56b4e9", "#8c6d1f"};

const char* partition_colour(std::size_t partition) {
  return kPartitionColours[partition % kPartitionColours.size()];
}

// The ring around an event dropped from some of its windows but counted in others.
void ring(std::string& out, double x, double y, double r, const std::string& title) {
  out += fmt::format(
      "<circle class=\"partly-dropped\" cx=\"{}\" cy=\"{}\" r=\"{}\"><title>{}</title></circle>\n", num(x),
      num(y), num(r), escape(title));
}

// One mark: a circle on time, a diamond accepted late, a cross dropped, a hollow square a dead
// letter, so the fates differ in shape as well as colour.
// `n` > 0 is the number of arrivals the mark stands for; the legend's samples (n == 0) are no
// arrivals and carry neither the `ev` class nor a count.
void mark(std::string& out, PlaneFate fate, double x, double y, double r, std::int64_t n,
          const std::string& title) {
  const char* cls = css_class(fate);
  const std::string head =
      n > 0 ? fmt::format("class=\"ev {}\" data-n=\"{}\"", cls, n) : fmt::format("class=\"sample {}\"", cls);
  switch (fate) {
    case PlaneFate::OnTime:
      out += fmt::format("<circle {} cx=\"{}\" cy=\"{}\" r=\"{}\">", head, num(x), num(y), num(r));
      out += "<title>" + escape(title) + "</title></circle>\n";
      return;
    case PlaneFate::AcceptedLate: {
      const double d = r * 1.35;
      out += fmt::format("<path {} d=\"M{} {}L{} {}L{} {}L{} {}Z\">", head, num(x), num(y - d), num(x + d),
                         num(y), num(x), num(y + d), num(x - d), num(y));
      break;
    }
    case PlaneFate::Dropped: {
      const double d = r;
      out += fmt::format("<path {} d=\"M{} {}L{} {}M{} {}L{} {}\">", head, num(x - d), num(y - d), num(x + d),
                         num(y + d), num(x - d), num(y + d), num(x + d), num(y - d));
      break;
    }
    case PlaneFate::DeadLetter:
      out += fmt::format("<rect {} x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\">", head, num(x - r),
                         num(y - r), num(2 * r), num(2 * r));
      out += "<title>" + escape(title) + "</title></rect>\n";
      return;
  }
  out += "<title>" + escape(title) + "</title></path>\n";
}

struct Layout {
  Scale scale;
  double lane_height{0};
  double row_px{0};
  double dot_r{0};
  std::vector<std::string> keys;  // the lanes, in order
  std::int64_t end_row{0};        // the row of what fires at the end of input
  double height{0};
  double top{kTop};  // below the title and the legend (one more row for rings or partitions)
  bool partitioned{false};
  std::int64_t partly{0};  // events dropped from some of their windows
};

Layout layout_of(const Plane& plane, const PlaneOptions& options) {
  Layout l;
  const std::vector<std::string> all = plane_keys(plane);
  if (options.key) {
    const std::string& want = *options.key;
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&](const std::string& k) { return k == want || bare_key(k) == want; });
    if (it == all.end()) {
      std::string known;
      for (const auto& k : all) known += (known.empty() ? "" : ", ") + k;
      throw std::invalid_argument(
          "--key '" + want + "' is not a key of this input (keys: " + (known.empty() ? "none" : known) + ")");
    }
    l.keys = {*it};
  } else {
    l.keys = all;
  }
  if (l.keys.empty()) l.keys.emplace_back("");  // dead letters only: one lane for them

  bool any = false;
  std::int64_t lo = 0;
  std::int64_t hi = 0;
  const auto widen = [&](Timestamp t) {
    if (!finite(t)) return;
    const std::int64_t v = to_millis(t);
    if (!any) {
      lo = hi = v;
      any = true;
    }
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  };
  for (const PlaneEvent& e : plane.events) {
    if (e.fate == PlaneFate::DeadLetter) continue;
    if (std::find(l.keys.begin(), l.keys.end(), e.key_json) == l.keys.end()) continue;
    widen(e.event_time);
    for (const Window& w : e.windows) {
      widen(w.start);
      widen(w.end);
    }
  }
  if (!any) lo = 0, hi = 1000;
  const std::int64_t span = std::max<std::int64_t>(hi - lo, 1000);
  const std::int64_t pad = span / 25 + 1;
  l.scale.t_min = lo - pad;
  l.scale.t_max = hi + pad;

  l.end_row = plane.rows + 1;
  l.scale.row_top = static_cast<double>(plane.rows) + (plane.ended ? 2.0 : 1.0);
  const double rows = l.scale.row_top;
  const double max_lane = l.keys.size() <= 2 ? 560.0 : 320.0;
  l.lane_height = std::clamp(rows * 28.0, 150.0, max_lane);
  l.row_px = l.lane_height / rows;
  l.dot_r = std::clamp(l.row_px * 0.3, 2.0, 8.0);
  l.partitioned = plane.partitions > 1;
  for (const PlaneEvent& e : plane.events) {
    if (partly_dropped(e) && std::find(l.keys.begin(), l.keys.end(), e.key_json) != l.keys.end()) ++l.partly;
  }
  if (l.partitioned || l.partly > 0) l.top = kTop + 26;
  l.height =
      l.top + static_cast<double>(l.keys.size()) * (kLaneHeader + l.lane_height + kLaneGap) + kAxisHeight;
  return l;
}

// `partly`: events dropped from some of their windows (a ring, in the legend only when there
// are any); `partitioned`: the run had several input partitions (their watermarks are drawn).
void draw_legend(std::string& out, const std::array<std::int64_t, 4>& counts, std::int64_t partly,
                 bool partitioned) {
  double x = 24;
  const double y = 78;
  for (const PlaneFate f : kPlaneFates) {
    const auto i = static_cast<std::size_t>(f);
    mark(out, f, x + 8, y - 6, 7, 0, legend_text(f));
    const std::string text = fmt::format("{} ({})", legend_text(f), counts[i]);
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>\n", num(x + 22), num(y),
                       escape(text));
    x += 44 + static_cast<double>(text.size()) * 8.6;
  }
  out += fmt::format(
      "<path class=\"wm\" d=\"M{} {}H{}\"/><text x=\"{}\" y=\"{}\" class=\"legend\">watermark</text>\n",
      num(x), num(y - 6), num(x + 30), num(x + 38), num(y));
  x += 140;
  out += fmt::format(
      "<rect class=\"band\" x=\"{}\" y=\"{}\" width=\"28\" height=\"18\"/>"
      "<text x=\"{}\" y=\"{}\" class=\"legend\">window</text>\n",
      num(x), num(y - 15), num(x + 36), num(y));
  // A second legend row for what only some pictures have.
  double x2 = 24;
  const double y2 = 100;
  if (partly > 0) {
    out += fmt::format("<circle class=\"sample on-time\" cx=\"{}\" cy=\"{}\" r=\"5\"/>", num(x2 + 8),
                       num(y2 - 6));
    out += fmt::format("<circle class=\"sample partly-dropped\" cx=\"{}\" cy=\"{}\" r=\"9\"/>", num(x2 + 8),
                       num(y2 - 6));
    const std::string text =
        fmt::format("ring: dropped from some of its windows, counted in the others ({})", partly);
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>\n", num(x2 + 22), num(y2),
                       escape(text));
    x2 += 44 + static_cast<double>(text.size()) * 8.6;
  }
  if (partitioned) {
    out += fmt::format(
        "<path class=\"pwm\" stroke=\"{}\" d=\"M{} {}H{}\"/><text x=\"{}\" y=\"{}\" class=\"legend\">one "
        "partition's watermark</text>\n",
        partition_colour(0), num(x2), num(y2 - 6), num(x2 + 30), num(x2 + 38), num(y2));
    x2 += 300;
    out += fmt::format(
        "<rect class=\"idle\" x=\"{}\" y=\"{}\" width=\"28\" height=\"18\"/>"
        "<text x=\"{}\" y=\"{}\" class=\"legend\">a partition idle: left out of the minimum</text>\n",
        num(x2), num(y2 - 15), num(x2 + 36), num(y2));
  }
}

}  // namespace

std::vector<std::string> plane_keys(const Plane& plane) {
  std::vector<std::string> keys;
  for (const PlaneEvent& e : plane.events) {
    if (e.fate == PlaneFate::DeadLetter) continue;
    if (std::find(keys.begin(), keys.end(), e.key_json) == keys.end()) keys.push_back(e.key_json);
  }
  return keys;
}

std::string render_plane_svg(const Plane& plane, const PlaneOptions& options) {
  const Layout l = layout_of(plane, options);
  const Scale& s = l.scale;
  std::string out;
  out.reserve(4096 + plane.events.size() * 200);
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"{2}\" role=\"img\">\n",
      num(kWidth), num(l.height), kFont);
  out += "<title>" + escape(options.title.empty() ? "event time and processing time" : options.title) +
         "</title>\n";
  out +=
      "<style>"
      ".on-time{fill:#0072b2}"
      ".accepted-late{fill:#e69f00;stroke:#7a4f00;stroke-width:1}"
      ".dropped{fill:none;stroke:#d55e00;stroke-width:3;stroke-linecap:round}"
      ".dead-letter{fill:#ffffff;stroke:#444444;stroke-width:2}"
      "rect.ev-bin.dropped{fill:#d55e00;stroke:none}"
      "rect.ev-bin.dead-letter{fill:#444444;stroke:none}"
      ".wm{fill:none;stroke:#222222;stroke-width:3}"
      ".band{fill:#5b8fc9;fill-opacity:0.13;stroke:#5b8fc9;stroke-opacity:0.7;stroke-width:1.5}"
      ".band.replaced{stroke-dasharray:6 4}"
      ".grid{stroke:#dddddd;stroke-width:1}"
      ".clock{stroke:#999999;stroke-width:1;stroke-dasharray:3 4}"
      ".frame{fill:none;stroke:#888888;stroke-width:1}"
      ".legend{font-size:17px;fill:#222222}"
      ".tick{font-size:15px;fill:#333333}"
      ".small{font-size:13px;fill:#666666}"
      ".lane-title{font-size:19px;font-weight:bold;fill:#222222}"
      ".pane{font-size:15px;font-weight:bold}"
      ".pane-bg{fill:#ffffff;fill-opacity:0.85}";
  // Only pictures that draw them carry the styles of rings and partitions.
  if (l.partly > 0) out += ".partly-dropped{fill:none;stroke:#d55e00;stroke-width:2.5;stroke-dasharray:3 2}";
  if (l.partitioned) {
    out +=
        ".pwm{fill:none;stroke-width:2.5;stroke-dasharray:8 4}"
        ".idle{fill:#888888;fill-opacity:0.12;stroke:none}"
        ".idle-label{font-size:14px;fill:#555555;font-style:italic}";
  }
  out += "</style>\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  out += fmt::format("<text x=\"24\" y=\"38\" style=\"font-size:24px;font-weight:bold\">{}</text>\n",
                     escape(options.title.empty() ? "streamlab trace" : options.title));

  // Counts per fate over what is drawn (the chosen lanes and the dead letters).
  std::array<std::int64_t, 4> counts{};
  for (const PlaneEvent& e : plane.events) {
    if (e.fate == PlaneFate::DeadLetter ||
        std::find(l.keys.begin(), l.keys.end(), e.key_json) != l.keys.end())
      ++counts[static_cast<std::size_t>(e.fate)];
  }
  draw_legend(out, counts, l.partly, l.partitioned);

  // Event-time ticks, shared by every lane.
  // Within one day the ticks name the time of day (the date is in the axis title); across days
  // they are whole ISO timestamps, fewer of them so that they do not overlap.
  const bool one_day = date_of(from_millis(s.t_min)) == date_of(from_millis(s.t_max));
  const std::int64_t step = tick_step(s.t_max - s.t_min, one_day ? 8 : 4);
  std::vector<std::int64_t> ticks;
  const std::int64_t first_tick = s.t_min / step * step;
  for (std::int64_t t = first_tick < s.t_min ? first_tick + step : first_tick; t <= s.t_max; t += step)
    ticks.push_back(t);

  // Processing-time advances, labelled where they happened (thinned to one per 18 px).
  double lane_top = l.top;
  for (std::size_t lane = 0; lane < l.keys.size(); ++lane) {
    const std::string& key = l.keys[lane];
    const double top = lane_top + kLaneHeader;
    const double h = l.lane_height;
    const auto y = [&](double row) { return s.y(row, top, h); };
    out += fmt::format("<g class=\"lane\" data-key=\"{}\">\n", escape(key));
    std::string lane_title = key.empty() ? "dead letters" : "key " + key;
    if (l.partitioned && !key.empty()) {
      std::vector<std::size_t> parts;
      for (const PlaneEvent& e : plane.events) {
        if (e.fate != PlaneFate::DeadLetter && e.key_json == key &&
            std::find(parts.begin(), parts.end(), e.partition) == parts.end())
          parts.push_back(e.partition);
      }
      std::sort(parts.begin(), parts.end());
      lane_title += parts.size() == 1 ? " \u00b7 partition " : " \u00b7 partitions ";
      for (std::size_t i = 0; i < parts.size(); ++i)
        lane_title += (i > 0 ? ", " : "") + std::to_string(parts[i]);
    }
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"lane-title\">{}</text>\n", num(kPlotLeft),
                       num(lane_top + 21), escape(lane_title));
    for (const std::int64_t t : ticks) {
      const double x = s.x(from_millis(t));
      out += fmt::format("<path class=\"grid\" d=\"M{} {}V{}\"/>\n", num(x), num(top), num(top + h));
    }
    // Processing time: a dotted line where the clock advanced, with the new time; the clock of the
    // first arrival at the bottom.
    double last_label = 1e9;
    if (!plane.clocks.empty() && !plane.events.empty()) {
      last_label = y(0.5);
      out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"small\">{}</text>\n",
                         num(kClockLabelX), num(last_label + 4),
                         escape(time_of_day(plane.events.front().processing_time)));
    }
    for (const PlaneClock& c : plane.clocks) {
      const double cy = y(static_cast<double>(c.row) + 0.5);
      out += fmt::format("<path class=\"clock\" d=\"M{} {}H{}\"/>\n", num(kClockLabelX + 4), num(cy),
                         num(kPlotRight));
      if (last_label - cy >= 18) {
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"small\">{}</text>\n",
                           num(kClockLabelX), num(cy + 4), escape(time_of_day(c.processing_time)));
        last_label = cy;
      }
    }
    // Arrival numbers on the left, one per 20 px at most.
    const auto every = static_cast<std::int64_t>(std::ceil(20.0 / l.row_px));
    const std::int64_t label_step = every <= 1 ? 1 : (every <= 5 ? 5 : ((every + 9) / 10) * 10);
    for (std::int64_t r = label_step; r <= plane.rows; r += label_step) {
      out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"small\">#{}</text>\n",
                         num(kArrivalLabelX), num(y(static_cast<double>(r)) + 4), r);
    }
    if (plane.ended) {
      out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"small\">end</text>\n",
                         num(kArrivalLabelX), num(y(static_cast<double>(l.end_row)) + 4));
    }

    // This lane's arrivals and panes.
    std::vector<const PlaneEvent*> events;
    for (const PlaneEvent& e : plane.events) {
      if (e.fate != PlaneFate::DeadLetter && e.key_json == key) events.push_back(&e);
    }
    std::vector<const PlanePane*> panes;
    for (const PlanePane& p : plane.panes) {
      if (p.key_json == key) panes.push_back(&p);
    }

    // Windows: bands from the arrival that opened them to their last pane.
    const std::vector<Segment> segments = segments_of(events, panes, l.end_row);
    for (const Segment& seg : segments) {
      const double x0 = s.x(seg.window.start);
      const double x1 = s.x(seg.window.end);
      const double y_top = y(static_cast<double>(seg.close_row) + (seg.replaced ? -0.5 : 0.5));
      const double y_bottom = y(static_cast<double>(seg.open_row) - 0.5);
      out += fmt::format(
          "<rect class=\"band{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>window [{}, "
          "{}){}</title></rect>\n",
          seg.replaced ? " replaced" : "", num(x0), num(y_top), num(x1 - x0), num(y_bottom - y_top),
          format_timestamp(seg.window.start), format_timestamp(seg.window.end),
          seg.replaced ? ", merged into a larger session" : "");
    }
    const bool pane_text = panes.size() <= options.pane_label_limit;
    for (const Segment& seg : segments) {
      const double x0 = s.x(seg.window.start);
      const double x1 = s.x(seg.window.end);
      for (std::size_t i = 0; i < seg.panes.size(); ++i) {
        const PlanePane& p = *seg.panes[i];
        const double py = y(static_cast<double>(p.row) + 0.5);
        const std::string label = fmt::format("{} {}", to_string(p.pane), p.value_json);
        const std::string title = fmt::format("pane {} key {} window [{}, {}) value {} count {}",
                                              to_string(p.pane), p.key_json, format_timestamp(p.window.start),
                                              format_timestamp(p.window.end), p.value_json, p.count);
        const std::string colour = pane_colour(p.pane);
        out += fmt::format(
            "<path class=\"pane-mark\" d=\"M{} {}l-9 -6v12z\" fill=\"{}\"><title>{}</title></path>\n",
            num(x1), num(py), colour, escape(title));
        // Many panes of one window (update, complete): only the first and the last are written.
        const bool shown = pane_text && (seg.panes.size() <= 3 || i == 0 || i + 1 == seg.panes.size());
        const double text_w = static_cast<double>(label.size()) * 9.2;
        if (!shown || text_w + 14 > x1 - x0) continue;
        // Just above the watermark step that fired it, so the line stays visible.
        out += fmt::format("<rect class=\"pane-bg\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" rx=\"3\"/>",
                           num(x1 - 12 - text_w), num(py - 21), num(text_w + 2));
        out +=
            fmt::format("<text class=\"pane\" x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{}\">{}</text>\n",
                        num(x1 - 11), num(py - 7), colour, escape(label));
      }
    }

    // Several input partitions: each one's own watermark as a thin dashed step line, and the
    // stretches in which one was idle (left out of the minimum) shaded across the lane.
    std::string partition_lines;  // drawn over the watermark, whose value they make
    if (l.partitioned) {
      for (std::size_t part = 0; part < plane.partitions; ++part) {
        std::vector<const PlanePartitionWatermark*> moves;
        for (const PlanePartitionWatermark& m : plane.partition_watermarks) {
          if (m.partition == part) moves.push_back(&m);
        }
        std::int64_t idle_from = -1;  // the row it became idle after, while it is
        const auto shade = [&](std::int64_t from, std::int64_t to) {
          const double y0 = y(static_cast<double>(to) + 0.5);
          const double y1 = y(static_cast<double>(from) + 0.5);
          out += fmt::format(
              "<rect class=\"idle\" data-partition=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\">"
              "<title>partition {} idle: left out of the watermark's minimum</title></rect>\n",
              part, num(kPlotLeft), num(y0), num(kPlotRight - kPlotLeft), num(y1 - y0), part);
          out += fmt::format("<text class=\"idle-label\" x=\"{}\" y=\"{}\">partition {} idle</text>\n",
                             num(kPlotLeft + 6), num(y1 - 5), part);
        };
        std::string path;
        Timestamp last_value = kMinTimestamp;
        for (std::size_t i = 0; i < moves.size(); ++i) {
          const PlanePartitionWatermark& m = *moves[i];
          if (m.idle && idle_from < 0) idle_from = m.row;
          if (!m.idle && idle_from >= 0) {
            shade(idle_from, m.row);
            idle_from = -1;
          }
          if (i + 1 < moves.size() && moves[i + 1]->row == m.row) continue;
          if (m.value == kMinTimestamp) continue;
          last_value = m.value;
          const double my = y(static_cast<double>(m.row) + 0.5);
          path += path.empty() ? fmt::format("M{} {}", num(s.x(m.value)), num(my))
                               : fmt::format("V{}H{}", num(my), num(s.x(m.value)));
        }
        if (idle_from >= 0) shade(idle_from, l.end_row);
        if (path.empty()) continue;
        path += fmt::format("V{}", num(top));
        const double last_x = s.x(last_value);
        partition_lines += fmt::format(
            "<path class=\"pwm\" data-partition=\"{}\" stroke=\"{}\" d=\"{}\"><title>partition {} "
            "watermark</title></path>\n",
            part, partition_colour(part), path, part);
        partition_lines +=
            fmt::format("<text class=\"small\" x=\"{}\" y=\"{}\" fill=\"{}\">p{}</text>\n", num(last_x + 4),
                        num(top + 14 + 14 * static_cast<double>(part)), partition_colour(part), part);
      }
    }

    // The watermark: a step line, moving between arrivals (after the arrival that moved it).
    std::string path;
    bool started = false;
    for (std::size_t i = 0; i < plane.watermarks.size(); ++i) {
      const PlaneWatermark& w = plane.watermarks[i];
      // Several moves after one arrival draw as one step to the last of them.
      if (i + 1 < plane.watermarks.size() && plane.watermarks[i + 1].row == w.row) continue;
      if (w.value == kMinTimestamp) continue;
      const double wy = y(static_cast<double>(w.row) + 0.5);
      const double wx = s.x(w.value);
      if (!started) {
        path += fmt::format("M{} {}", num(wx), num(wy));
        started = true;
      } else {
        path += fmt::format("V{}H{}", num(wy), num(wx));
      }
    }
    if (started) {
      path += fmt::format("V{}", num(top));
      out += fmt::format("<path class=\"wm\" d=\"{}\"><title>watermark</title></path>\n", path);
    }
    out += partition_lines;

    // The arrivals, above everything else; aggregated per cell beyond the density limit.
    const bool aggregate = events.size() > options.dot_limit;
    if (!aggregate) {
      for (const PlaneEvent* e : events) {
        const std::string title = event_title(*e, l.partitioned);
        const double ex = s.x(e->event_time);
        const double ey = y(static_cast<double>(e->row));
        if (partly_dropped(*e)) ring(out, ex, ey, l.dot_r * 1.9, title);
        mark(out, e->fate, ex, ey, l.dot_r, 1, title);
      }
    } else {
      std::map<std::tuple<int, long, long>, std::int64_t> bins;
      for (const PlaneEvent* e : events) {
        const auto bx = static_cast<long>(std::floor(s.x(e->event_time) / kBinSize));
        const auto by = static_cast<long>(std::floor(y(static_cast<double>(e->row)) / kBinSize));
        ++bins[{static_cast<int>(e->fate), by, bx}];
      }
      for (const auto& [cell, n] : bins) {
        const auto fate = static_cast<PlaneFate>(std::get<0>(cell));
        out += fmt::format(
            "<rect class=\"ev-bin {}\" data-n=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{} "
            "{}</title></rect>\n",
            css_class(fate), n, num(static_cast<double>(std::get<2>(cell)) * kBinSize),
            num(static_cast<double>(std::get<1>(cell)) * kBinSize), num(kBinSize), num(kBinSize), n,
            legend_text(fate));
      }
    }
    // Dead letters have no event time: they sit in the gutter left of the first lane.
    if (lane == 0) {
      std::vector<const PlaneEvent*> dead;
      for (const PlaneEvent& e : plane.events) {
        if (e.fate == PlaneFate::DeadLetter) dead.push_back(&e);
      }
      if (!dead.empty()) {
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"small\">dead</text>\n",
                           num(kGutterX), num(top - 6));
      }
      if (dead.size() <= options.dot_limit) {
        for (const PlaneEvent* e : dead) {
          mark(out, PlaneFate::DeadLetter, kGutterX, y(static_cast<double>(e->row)), l.dot_r, 1,
               event_title(*e, l.partitioned));
        }
      } else {
        std::map<long, std::int64_t> bins;
        for (const PlaneEvent* e : dead)
          ++bins[static_cast<long>(std::floor(y(static_cast<double>(e->row)) / kBinSize))];
        for (const auto& [by, n] : bins) {
          out += fmt::format(
              "<rect class=\"ev-bin dead-letter\" data-n=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" "
              "height=\"{}\"><title>{} dead letters</title></rect>\n",
              n, num(kGutterX - kBinSize / 2), num(static_cast<double>(by) * kBinSize), num(kBinSize),
              num(kBinSize), n);
        }
      }
    }
    out += fmt::format("<rect class=\"frame\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n",
                       num(kPlotLeft), num(top), num(kPlotRight - kPlotLeft), num(h));
    out += "</g>\n";
    lane_top += kLaneHeader + h + kLaneGap;
  }

  std::vector<double> tick_x;
  tick_x.reserve(ticks.size());
  for (const std::int64_t t : ticks) tick_x.push_back(s.x(from_millis(t)));
  append_axes(out, ticks, tick_x, one_day, from_millis(s.t_min), l.top, lane_top);
  out += "</svg>\n";
  return out;
}

std::string render_plane_html(const Plane& plane, const PlaneOptions& options) {
  const std::string svg = render_plane_svg(plane, options);
  const auto start = svg.find("<svg");
  const std::string title = options.title.empty() ? "streamlab trace" : options.title;
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<title>" + escape(title) + "</title>\n";
  out += "<style>body{margin:0;background:#fff;font-family:" + std::string(kFont) +
         "}svg{display:block;max-width:100%;height:auto}"
         "p{margin:8px 24px;font-size:16px;color:#333}</style>\n</head>\n<body>\n";
  out += svg.substr(start);
  out +=
      "<p>x: event time; y: arrival order, processing time going up. Hover a mark for its line, key, "
      "times and fate; hover a window for its bounds and a pane mark for its value.</p>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace streamlab::viz
