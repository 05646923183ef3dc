#include "streamlab/replay/pacer.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>

namespace streamlab::replay {

Speed parse_speed(std::string_view text) {
  if (text == "max") return Speed::max();
  std::string_view number = text;
  if (number.ends_with('x')) number.remove_suffix(1);
  double value = 0;
  const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc{} || ptr != number.data() + number.size() || !(value > 0) || !std::isfinite(value))
    throw std::invalid_argument("invalid speed '" + std::string(text) +
                                "': expected a positive factor such as 60 (one minute of event "
                                "time per second) or max");
  return Speed{value};
}

void Pacer::start(Timestamp first, RealClock::time_point now) {
  first_ = first;
  real_start_ = now;
}

RealClock::time_point Pacer::due(Timestamp t) const {
  if (speed_.is_max() || t <= first_) return real_start_;
  // Integer nanoseconds of real time: (virtual ms gap) * 1e6 / speed.
  const double gap_ms = static_cast<double>((t - first_).count());
  const auto real_ns = std::llround(gap_ms * 1e6 / *speed_.factor);
  return real_start_ + std::chrono::duration_cast<RealClock::duration>(std::chrono::nanoseconds{real_ns});
}

RealClock::duration Pacer::wait_before(Timestamp t, RealClock::time_point now) const {
  const auto at = due(t);
  return at > now ? at - now : RealClock::duration::zero();
}

Timestamp Pacer::virtual_now(RealClock::time_point now) const {
  if (speed_.is_max() || now <= real_start_) return first_;
  const double real_ns = static_cast<double>(std::chrono::nanoseconds(now - real_start_).count());
  return first_ + Duration{std::llround(real_ns * *speed_.factor / 1e6)};
}

}  // namespace streamlab::replay
