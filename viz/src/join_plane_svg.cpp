#include "streamlab/viz/join_plane_svg.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "svg_common.hpp"

namespace streamlab::viz {
namespace {

using namespace detail;  // the page geometry and label text both planes share

constexpr std::size_t kLabelLimit = 60;  // above this many records in a lane, no `#n` labels

const char* fate_text(JoinMarkFate fate) {
  switch (fate) {
    case JoinMarkFate::Matched: return "matched";
    case JoinMarkFate::Unmatched: return "unmatched";
    case JoinMarkFate::Late: return "late";
    case JoinMarkFate::Held: return "still held";
    case JoinMarkFate::DeadLetter: return "dead letter";
  }
  return "";
}

const char* fate_class(JoinMarkFate fate) {
  switch (fate) {
    case JoinMarkFate::Matched: return "matched";
    case JoinMarkFate::Unmatched: return "unmatched";
    case JoinMarkFate::Late: return "late";
    case JoinMarkFate::Held: return "held";
    case JoinMarkFate::DeadLetter: return "dead-letter";
  }
  return "";
}

struct Layout {
  std::vector<std::string> keys;
  std::int64_t t_min{0};
  std::int64_t t_max{1};
  double row_top{1};
  double lane_height{0};
  double dot_r{0};
  double height{0};

  [[nodiscard]] double x(Timestamp t) const {
    if (t == kMinTimestamp) return kPlotLeft;
    if (t == kMaxTimestamp) return kPlotRight;
    const double f = static_cast<double>(to_millis(t) - t_min) / static_cast<double>(t_max - t_min);
    return std::clamp(kPlotLeft + f * (kPlotRight - kPlotLeft), kPlotLeft, kPlotRight);
  }
  [[nodiscard]] double y(double row, double top) const {
    return top + lane_height - (row / row_top) * lane_height;
  }
};

std::vector<std::string> keys_of(const JoinPlane& plane) {
  std::vector<std::string> keys;
  for (const JoinPlaneRecord& r : plane.records) {
    if (r.fate == JoinMarkFate::DeadLetter) continue;
    if (std::find(keys.begin(), keys.end(), r.key_json) == keys.end()) keys.push_back(r.key_json);
  }
  return keys;
}

Layout layout_of(const JoinPlane& plane, const JoinPlaneOptions& options) {
  Layout l;
  const std::vector<std::string> all = keys_of(plane);
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
  if (l.keys.empty()) l.keys.emplace_back("");
  bool any = false;
  std::int64_t lo = 0;
  std::int64_t hi = 0;
  for (const JoinPlaneRecord& r : plane.records) {
    if (r.fate == JoinMarkFate::DeadLetter || !finite(r.event_time)) continue;
    if (std::find(l.keys.begin(), l.keys.end(), r.key_json) == l.keys.end()) continue;
    const std::int64_t v = to_millis(r.event_time);
    if (!any) lo = hi = v, any = true;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (!any) lo = 0, hi = 1000;
  const std::int64_t span = std::max<std::int64_t>(hi - lo, 1000);
  const std::int64_t pad = span / 12 + 1;
  l.t_min = lo - pad;
  l.t_max = hi + pad;
  l.row_top = static_cast<double>(plane.rows) + (plane.ended ? 2.0 : 1.0);
  const double max_lane = l.keys.size() <= 2 ? 560.0 : 320.0;
  l.lane_height = std::clamp(l.row_top * 40.0, 180.0, max_lane);
  l.dot_r = std::clamp(l.lane_height / l.row_top * 0.28, 2.5, 9.0);
  l.height =
      kTop + static_cast<double>(l.keys.size()) * (kLaneHeader + l.lane_height + kLaneGap) + kAxisHeight;
  return l;
}

std::string record_title(const JoinPlaneRecord& r, bool stream_stream) {
  if (r.fate == JoinMarkFate::DeadLetter)
    return fmt::format("row {} (line {}) dead letter: {}", r.row, r.line, r.reason);
  std::string t = fmt::format("#{} (line {}) {} key {}, event time {}: {}", r.arrival, r.line,
                              r.side == JoinSide::Left ? "left" : (stream_stream ? "right" : "table"),
                              r.key_json, format_timestamp(r.event_time), fate_text(r.fate));
  if (!r.reason.empty()) t += " (" + r.reason + ")";
  return t;
}

// A left record is a circle, a right one a square; matched filled, unmatched hollow, late a cross
// (the side still told by the colour), so fates differ in shape as well as colour.
void mark(std::string& out, JoinSide side, JoinMarkFate fate, double x, double y, double r, bool sample,
          const std::string& title) {
  const std::string cls = fmt::format("{} {} {}", sample ? "sample" : "rec",
                                      side == JoinSide::Left ? "left" : "right", fate_class(fate));
  if (fate == JoinMarkFate::Late) {
    out += fmt::format("<path class=\"{}\" d=\"M{} {}L{} {}M{} {}L{} {}\">", cls, num(x - r), num(y - r),
                       num(x + r), num(y + r), num(x - r), num(y + r), num(x + r), num(y - r));
    out += "<title>" + escape(title) + "</title></path>\n";
    return;
  }
  if (side == JoinSide::Left) {
    out += fmt::format("<circle class=\"{}\" cx=\"{}\" cy=\"{}\" r=\"{}\">", cls, num(x), num(y), num(r));
    out += "<title>" + escape(title) + "</title></circle>\n";
    return;
  }
  out += fmt::format("<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\">", cls, num(x - r),
                     num(y - r), num(2 * r), num(2 * r));
  out += "<title>" + escape(title) + "</title></rect>\n";
}

void draw_legend(std::string& out, JoinPlaneKind kind) {
  const bool window = kind == JoinPlaneKind::Window;
  double x = 24;
  const double y = 78;
  const auto text = [&](const std::string& words) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>\n", num(x), num(y), escape(words));
    x += 24 + static_cast<double>(words.size()) * 9.0;
  };
  mark(out, JoinSide::Left, JoinMarkFate::Matched, x + 8, y - 6, 7, true, "left record");
  x += 22;
  text(window ? "left record" : "stream record");
  mark(out, JoinSide::Right, JoinMarkFate::Matched, x + 8, y - 6, 7, true, "right record");
  x += 22;
  text(window ? "right record" : (kind == JoinPlaneKind::Temporal ? "table version" : "table row"));
  mark(out, JoinSide::Left, JoinMarkFate::Unmatched, x + 8, y - 6, 7, true, "unmatched");
  x += 22;
  text("unmatched");
  if (kind != JoinPlaneKind::AsOfArrival) {
    mark(out, JoinSide::Left, JoinMarkFate::Late, x + 8, y - 6, 7, true, "late");
    x += 22;
    text("late");
    out += fmt::format("<path class=\"wait\" d=\"M{} {}V{}\"/>\n", num(x + 6), num(y + 2), num(y - 16));
    x += 18;
    text(window ? "held" : "waiting");
  }
  out += fmt::format("<path class=\"link\" d=\"M{} {}H{}\"/>\n", num(x), num(y - 6), num(x + 30));
  x += 38;
  text("joined with");
  if (kind != JoinPlaneKind::AsOfArrival) {
    out += fmt::format("<path class=\"wm\" d=\"M{} {}H{}\"/>\n", num(x), num(y - 6), num(x + 30));
    x += 38;
    text(window ? "join watermark" : "table watermark");
  }
}

}  // namespace

std::string render_join_svg(const JoinPlane& plane, const JoinPlaneOptions& options) {
  const Layout l = layout_of(plane, options);
  std::string out;
  out.reserve(4096 + plane.records.size() * 300);
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"{2}\" role=\"img\">\n",
      num(kWidth), num(l.height), kFont);
  const std::string title = options.title.empty() ? "streamlab trace: a join" : options.title;
  out += "<title>" + escape(title) + "</title>\n";
  out +=
      "<style>"
      ".left{fill:#0072b2;stroke:#0072b2;stroke-width:2}"
      ".right{fill:#009e73;stroke:#009e73;stroke-width:2}"
      ".unmatched,.held{fill:#ffffff;stroke-width:3}"
      ".late{fill:none;stroke:#d55e00;stroke-width:3;stroke-linecap:round}"
      ".dead-letter{fill:#ffffff;stroke:#444444;stroke-width:2}"
      ".wait{fill:none;stroke:#0072b2;stroke-width:2.5;stroke-dasharray:5 4}"
      ".link{fill:none;stroke:#7a4f9a;stroke-width:2.5}"
      ".wm{fill:none;stroke:#222222;stroke-width:3}"
      ".grid{stroke:#dddddd;stroke-width:1}"
      ".frame{fill:none;stroke:#888888;stroke-width:1}"
      ".legend{font-size:17px;fill:#222222}"
      ".tick{font-size:15px;fill:#333333}"
      ".small{font-size:13px;fill:#666666}"
      ".label{font-size:14px;fill:#333333}"
      ".lane-title{font-size:19px;font-weight:bold;fill:#222222}"
      "</style>\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  out += fmt::format("<text x=\"24\" y=\"38\" style=\"font-size:24px;font-weight:bold\">{}</text>\n",
                     escape(title));
  draw_legend(out, plane.kind);

  const bool one_day = date_of(from_millis(l.t_min)) == date_of(from_millis(l.t_max));
  const std::int64_t step = tick_step(l.t_max - l.t_min, one_day ? 8 : 4);
  std::vector<std::int64_t> ticks;
  const std::int64_t first_tick = l.t_min / step * step;
  for (std::int64_t t = first_tick < l.t_min ? first_tick + step : first_tick; t <= l.t_max; t += step)
    ticks.push_back(t);

  std::map<std::int64_t, const JoinPlaneRecord*> by_arrival;
  for (const JoinPlaneRecord& r : plane.records) {
    if (r.arrival > 0) by_arrival[r.arrival] = &r;
  }
  const std::int64_t end_row = plane.rows + 1;

  double lane_top = kTop;
  for (std::size_t lane = 0; lane < l.keys.size(); ++lane) {
    const std::string& key = l.keys[lane];
    const double top = lane_top + kLaneHeader;
    const double h = l.lane_height;
    const auto y = [&](double row) { return l.y(row, top); };
    out += fmt::format("<g class=\"lane\" data-key=\"{}\">\n", escape(key));
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"lane-title\">{}</text>\n", num(kPlotLeft),
                       num(lane_top + 21), escape(key.empty() ? "dead letters" : "key " + key));
    for (const std::int64_t t : ticks) {
      const double x = l.x(from_millis(t));
      out += fmt::format("<path class=\"grid\" d=\"M{} {}V{}\"/>\n", num(x), num(top), num(top + h));
    }
    const auto every = static_cast<std::int64_t>(std::max(1.0, 20.0 / (h / l.row_top) + 0.999));
    const std::int64_t label_step = every <= 1 ? 1 : (every <= 5 ? 5 : ((every + 9) / 10) * 10);
    // Each row named by its arrival number (`#n`, as in the text trace) or `dead` for a bad line.
    for (std::int64_t r = label_step; r <= plane.rows; r += label_step) {
      const JoinPlaneRecord& at = plane.records[static_cast<std::size_t>(r - 1)];
      out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"small\">{}</text>\n",
                         num(kArrivalLabelX), num(y(static_cast<double>(r)) + 4),
                         at.arrival > 0 ? "#" + std::to_string(at.arrival) : std::string("dead"));
    }
    if (plane.ended) {
      out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"small\">end</text>\n",
                         num(kArrivalLabelX), num(y(static_cast<double>(end_row)) + 4));
    }

    std::vector<const JoinPlaneRecord*> records;
    for (const JoinPlaneRecord& r : plane.records) {
      if (r.fate != JoinMarkFate::DeadLetter && r.key_json == key) records.push_back(&r);
    }

    // The join's watermark: a step line after the arrival that moved it.
    std::string path;
    bool started = false;
    for (std::size_t i = 0; i < plane.watermarks.size(); ++i) {
      const JoinPlaneWatermark& w = plane.watermarks[i];
      if (i + 1 < plane.watermarks.size() && plane.watermarks[i + 1].row == w.row) continue;
      if (w.value == kMinTimestamp) continue;
      const double wy = y(static_cast<double>(w.row) + 0.5);
      const double wx = l.x(w.value);
      path += started ? fmt::format("V{}H{}", num(wy), num(wx)) : fmt::format("M{} {}", num(wx), num(wy));
      started = true;
    }
    if (started) {
      path += fmt::format("V{}", num(top));
      out += fmt::format("<path class=\"wm\" d=\"{}\"><title>{}</title></path>\n", path,
                         plane.kind == JoinPlaneKind::Window ? "join watermark (the minimum of both sides')"
                                                             : "table watermark");
    }

    // Waiting: from the arrival up to the row after which the join decided the record's fate.
    for (const JoinPlaneRecord* r : records) {
      // A table version stays until freed, which is no wait: only stream records wait.
      if (r->settled_row <= r->row || (plane.kind != JoinPlaneKind::Window && r->side == JoinSide::Right))
        continue;
      const double x = l.x(r->event_time);
      out += fmt::format(
          "<path class=\"wait\" data-arrival=\"{}\" d=\"M{} {}V{}\"><title>#{} held from its arrival to row "
          "{}</title></path>\n",
          r->arrival, num(x), num(y(static_cast<double>(r->row))),
          num(y(static_cast<double>(r->settled_row))), r->arrival,
          r->settled_row == end_row ? std::string("end") : std::to_string(r->settled_row));
    }
    // Rows with both sides: from the left record (where it was released) to its partner.
    for (const JoinPlaneLink& link : plane.links) {
      const auto li = by_arrival.find(link.left_arrival);
      const auto ri = by_arrival.find(link.right_arrival);
      if (li == by_arrival.end() || ri == by_arrival.end() || li->second->key_json != key) continue;
      const JoinPlaneRecord& a = *li->second;
      const JoinPlaneRecord& b = *ri->second;
      const double from_row = plane.kind == JoinPlaneKind::Window
                                  ? static_cast<double>(a.row)
                                  : static_cast<double>(std::max(a.row, link.row));
      out += fmt::format(
          "<path class=\"link\" data-left=\"{}\" data-right=\"{}\" d=\"M{} {}L{} {}\"><title>#{} joined with "
          "#{} (event time {})</title></path>\n",
          a.arrival, b.arrival, num(l.x(a.event_time)), num(y(from_row)), num(l.x(b.event_time)),
          num(y(static_cast<double>(b.row))), a.arrival, b.arrival, format_timestamp(b.event_time));
    }
    // The records, above everything else, with their arrival numbers when there are few.
    const bool labels = records.size() <= kLabelLimit;
    for (const JoinPlaneRecord* r : records) {
      const double x = l.x(r->event_time);
      const double ry = y(static_cast<double>(r->row));
      mark(out, r->side, r->fate, x, ry, l.dot_r, false,
           record_title(*r, plane.kind == JoinPlaneKind::Window));
      if (labels) {
        const std::string words =
            r->label.empty() ? fmt::format("#{}", r->arrival) : fmt::format("#{} {}", r->arrival, r->label);
        out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"label\">{}</text>\n", num(x + l.dot_r + 4),
                           num(ry + 5), escape(words));
      }
      // An unmatched record decided later is drawn again, hollow, where its fate was decided.
      if (r->settled_row > r->row && r->fate == JoinMarkFate::Unmatched &&
          (r->side == JoinSide::Left || plane.kind == JoinPlaneKind::Window))
        mark(out, r->side, r->fate, x, y(static_cast<double>(r->settled_row)), l.dot_r * 0.8, false,
             record_title(*r, plane.kind == JoinPlaneKind::Window));
    }
    // Dead letters have no side, key or event time: a hollow square left of the first lane.
    if (lane == 0) {
      for (const JoinPlaneRecord& r : plane.records) {
        if (r.fate != JoinMarkFate::DeadLetter) continue;
        out += fmt::format(
            "<rect class=\"rec dead-letter\" x=\"{}\" y=\"{}\" width=\"{}\" "
            "height=\"{}\"><title>{}</title></rect>\n",
            num(kGutterX - l.dot_r), num(y(static_cast<double>(r.row)) - l.dot_r), num(2 * l.dot_r),
            num(2 * l.dot_r), escape(record_title(r, plane.kind == JoinPlaneKind::Window)));
      }
    }
    out += fmt::format("<rect class=\"frame\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n",
                       num(kPlotLeft), num(top), num(kPlotRight - kPlotLeft), num(h));
    out += "</g>\n";
    lane_top += kLaneHeader + h + kLaneGap;
  }

  std::vector<double> tick_x;
  tick_x.reserve(ticks.size());
  for (const std::int64_t t : ticks) tick_x.push_back(l.x(from_millis(t)));
  append_axes(out, ticks, tick_x, one_day, from_millis(l.t_min), kTop, lane_top);
  out += "</svg>\n";
  return out;
}

std::string render_join_html(const JoinPlane& plane, const JoinPlaneOptions& options) {
  const std::string svg = render_join_svg(plane, options);
  const auto start = svg.find("<svg");
  const std::string title = options.title.empty() ? "streamlab trace: a join" : options.title;
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<title>" + escape(title) + "</title>\n";
  out += "<style>body{margin:0;background:#fff;font-family:" + std::string(kFont) +
         "}svg{display:block;max-width:100%;height:auto}"
         "p{margin:8px 24px;font-size:16px;color:#333}</style>\n</head>\n<body>\n";
  out += svg.substr(start);
  out +=
      "<p>x: event time; y: arrival order, processing time going up. A dashed line is a record the join "
      "held; a solid line joins a record with its partner. Hover a mark for its line, key, time and "
      "fate.</p>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace streamlab::viz
