#include "streamlab/engine/window.hpp"

#include <limits>
#include <ostream>
#include <stdexcept>
#include <string>

namespace streamlab {
namespace {

// More windows per event than this is a mistake (hopping:100s,1ms), not a query: every record
// would update that many windows, and 300,000 records would take minutes.
constexpr std::int64_t kMaxWindowsPerEvent = 10'000;

}  // namespace

WindowSpec WindowSpec::tumbling(Duration size) {
  if (size <= Duration{0}) throw std::invalid_argument("the window size must be positive");
  return WindowSpec{WindowKind::Tumbling, size, size};
}

WindowSpec WindowSpec::hopping(Duration size, Duration advance) {
  if (size <= Duration{0}) throw std::invalid_argument("the window size must be positive");
  if (advance <= Duration{0}) throw std::invalid_argument("the hopping advance must be positive");
  if (advance > size) {
    throw std::invalid_argument("the hopping advance " + format_duration(advance) +
                                " is larger than the window size " + format_duration(size) +
                                " (events between windows would belong to none)");
  }
  if (size.count() / advance.count() > kMaxWindowsPerEvent) {
    throw std::invalid_argument("hopping:" + format_duration(size) + "," + format_duration(advance) +
                                " puts every event in " + std::to_string(size.count() / advance.count()) +
                                " windows (each record would update that many), more than the " +
                                std::to_string(kMaxWindowsPerEvent) + " allowed; use a larger advance");
  }
  return WindowSpec{WindowKind::Hopping, size, advance};
}

WindowSpec WindowSpec::session(Duration gap) {
  if (gap <= Duration{0}) throw std::invalid_argument("the session gap must be positive");
  return WindowSpec{WindowKind::Session, gap, gap};
}

void WindowSpec::assign(Timestamp t, std::vector<Window>& out) const {
  switch (kind_) {
    case WindowKind::Tumbling: {
      const Timestamp start = floor_to(t, size_);
      out.push_back(Window{start, saturating_add(start, size_)});
      return;
    }
    case WindowKind::Hopping: {
      // Every start k*A with k*A <= t < k*A + S, from the earliest.
      const Timestamp last = floor_to(t, advance_);
      Timestamp first = last;
      while (true) {
        const Timestamp previous = saturating_sub(first, advance_);
        if (previous == first || saturating_add(previous, size_) <= t) break;
        first = previous;
      }
      for (Timestamp s = first; s <= last; s = saturating_add(s, advance_)) {
        out.push_back(Window{s, saturating_add(s, size_)});
        if (s == last) break;
      }
      return;
    }
    case WindowKind::Session: out.push_back(Window{t, saturating_add(t, size_)}); return;
  }
}

std::vector<Window> WindowSpec::assign(Timestamp t) const {
  std::vector<Window> out;
  assign(t, out);
  return out;
}

std::string WindowSpec::describe() const {
  switch (kind_) {
    case WindowKind::Tumbling: return "tumbling:" + format_duration(size_);
    case WindowKind::Hopping: return "hopping:" + format_duration(size_) + "," + format_duration(advance_);
    case WindowKind::Session: return "session:" + format_duration(size_);
  }
  return {};
}

namespace {

Duration window_duration(std::string_view text, std::string_view what) {
  if (auto d = try_parse_duration(text)) {
    if (*d <= Duration{0}) {
      throw std::invalid_argument("the " + std::string(what) + " must be positive, got '" +
                                  std::string(text) + "'");
    }
    return *d;
  }
  throw std::invalid_argument("invalid " + std::string(what) + " '" + std::string(text) +
                              "': expected a duration such as 500ms, 30s, 10m, 1h");
}

}  // namespace

WindowSpec parse_window_spec(std::string_view text) {
  const auto colon = text.find(':');
  const std::string_view kind = text.substr(0, colon);
  const std::string_view args = colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
  const std::string expected =
      "expected tumbling:SIZE, hopping:SIZE,ADVANCE or session:GAP (for example tumbling:10m)";
  if (kind == "tumbling") {
    if (colon == std::string_view::npos) throw std::invalid_argument("tumbling needs a size: " + expected);
    return WindowSpec::tumbling(window_duration(args, "window size"));
  }
  if (kind == "hopping" || kind == "sliding") {
    const auto comma = args.find(',');
    if (colon == std::string_view::npos || comma == std::string_view::npos)
      throw std::invalid_argument("hopping needs a size and an advance: " + expected);
    return WindowSpec::hopping(window_duration(args.substr(0, comma), "window size"),
                               window_duration(args.substr(comma + 1), "hopping advance"));
  }
  if (kind == "session") {
    if (colon == std::string_view::npos) throw std::invalid_argument("session needs a gap: " + expected);
    return WindowSpec::session(window_duration(args, "session gap"));
  }
  throw std::invalid_argument("unknown window kind '" + std::string(text) + "': " + expected);
}

std::ostream& operator<<(std::ostream& os, const Window& window) {
  return os << '[' << format_timestamp(window.start) << ", " << format_timestamp(window.end) << ')';
}

}  // namespace streamlab
