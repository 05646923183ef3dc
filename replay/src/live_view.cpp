#include "streamlab/replay/live_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace streamlab::replay {

std::string format_real_duration(RealClock::duration d) {
  const double s = std::chrono::duration<double>(d).count();
  if (s < 10) return fmt::format("{:.1f}s", s);
  const auto total = static_cast<long long>(std::llround(s));
  if (total < 60) return fmt::format("{}s", total);
  if (total < 3600) return fmt::format("{}m{:02}s", total / 60, total % 60);
  return fmt::format("{}h{:02}m", total / 3600, (total % 3600) / 60);
}

LiveView::LiveView(std::ostream& out, bool ansi, std::string header)
    : out_(out), ansi_(ansi), header_(std::move(header)) {
  out_ << header_ << '\n';
}

std::string LiveView::render(const ReplayStatus& s, int bar_width) {
  const auto& t = s.target;
  const double fraction = s.total ? static_cast<double>(s.sent) / static_cast<double>(s.total) : 1.0;
  const int filled = static_cast<int>(std::floor(fraction * bar_width));
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(bar_width - filled), '.');
  const auto eta = s.eta();
  std::string line1 = fmt::format("events sent {}/{}  event time {}  watermark {}", s.sent, s.total,
                                  s.event_time == kMinTimestamp ? "-" : format_timestamp(s.event_time),
                                  format_timestamp(t.watermark));
  std::string line2 =
      fmt::format("windows open {}  panes fired {}  late accepted {}  late dropped {}  behind watermark {}",
                  t.windows_open, t.panes, t.late_accepted, t.late_dropped, t.behind_watermark);
  const auto dead = static_cast<std::size_t>(t.dead_letters) + s.input_dead_letters;
  if (dead) line2 += fmt::format("  dead letters {}", dead);
  std::string line3 =
      fmt::format("[{}] {:5.1f}%  {:.0f} events/s  elapsed {}  ETA {}", bar, 100.0 * fraction, s.rate(),
                  format_real_duration(s.elapsed), eta ? format_real_duration(*eta) : std::string("?"));
  return line1 + '\n' + line2 + '\n' + line3;
}

std::string LiveView::summary(const ReplayStatus& s) {
  const auto& t = s.target;
  return fmt::format(
      "{}: {} of {} arrivals sent in {}; watermark {}; panes fired {}; late accepted {}; late "
      "dropped {}; behind watermark {}; dead letters {}",
      s.stopped ? "replay stopped" : "replay complete", s.sent, s.total, format_real_duration(s.elapsed),
      format_timestamp(t.watermark), t.panes, t.late_accepted, t.late_dropped, t.behind_watermark,
      static_cast<std::size_t>(t.dead_letters) + s.input_dead_letters);
}

void LiveView::update(const ReplayStatus& status) {
  const std::string text = render(status);
  if (!ansi_) {
    std::string flat = text;
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    out_ << flat << '\n' << std::flush;
    return;
  }
  // Move up over the lines drawn last time, then redraw each line after clearing it.
  if (drawn_lines_ > 0) out_ << "\x1b[" << drawn_lines_ << 'F';
  std::size_t begin = 0;
  drawn_lines_ = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    out_ << "\x1b[2K" << text.substr(begin, end - begin) << '\n';
    ++drawn_lines_;
    begin = end + 1;
  }
  out_ << std::flush;
}

void LiveView::finish(const ReplayStatus& status) {
  update(status);
  out_ << summary(status) << '\n' << std::flush;
}

}  // namespace streamlab::replay
