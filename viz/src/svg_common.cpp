// What the two SVG planes share: the text of labels.
#include "svg_common.hpp"

#include <array>

#include <fmt/format.h>

namespace streamlab::viz::detail {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string num(double v) { return fmt::format("{:.1f}", v); }

bool finite(Timestamp t) { return t != kMinTimestamp && t != kMaxTimestamp; }

std::string time_of_day(Timestamp t) {
  const std::string iso = format_timestamp(t);
  const auto pos = iso.find('T');
  return pos == std::string::npos ? iso : iso.substr(pos + 1);
}

std::string date_of(Timestamp t) {
  const std::string iso = format_timestamp(t);
  const auto pos = iso.find('T');
  return pos == std::string::npos ? iso : iso.substr(0, pos);
}

std::string bare_key(const std::string& key_json) {
  if (key_json.size() >= 2 && key_json.front() == '"' && key_json.back() == '"')
    return key_json.substr(1, key_json.size() - 2);
  return key_json;
}

std::int64_t tick_step(std::int64_t span, std::int64_t most) {
  static constexpr std::array<std::int64_t, 31> kSteps{
      1,        2,        5,        10,        20,        50,         100,        200,
      500,      1000,     2000,     5000,      10000,     15000,      30000,      60000,
      120000,   300000,   600000,   900000,    1800000,   3600000,    7200000,    10800000,
      21600000, 43200000, 86400000, 172800000, 604800000, 2592000000, 31536000000};
  for (const std::int64_t s : kSteps) {
    if (span / s <= most) return s;
  }
  return span / most + 1;
}

void append_axes(std::string& out, const std::vector<std::int64_t>& ticks, const std::vector<double>& tick_x,
                 bool one_day, Timestamp t_min, double plot_top, double lanes_bottom) {
  const double axis_y = lanes_bottom - kLaneGap + 20;
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    const Timestamp ts = from_millis(ticks[i]);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"tick\">{}</text>\n",
                       num(tick_x[i]), num(axis_y), escape(one_day ? time_of_day(ts) : format_timestamp(ts)));
  }
  const std::string axis_title =
      one_day ? "event time (UTC, " + date_of(t_min) + ") \u2192" : "event time (UTC) \u2192";
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"legend\">{}</text>\n",
                     num((kPlotLeft + kPlotRight) / 2), num(axis_y + 30), escape(axis_title));
  out += fmt::format(
      "<text transform=\"translate({} {}) rotate(-90)\" text-anchor=\"middle\" class=\"legend\">arrival "
      "(processing time) \u2192</text>\n",
      num(30), num(plot_top + (lanes_bottom - plot_top) / 2));
}

}  // namespace streamlab::viz::detail
