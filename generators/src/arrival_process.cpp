#include "streamlab/generators/arrival_process.hpp"

#include <cmath>
#include <stdexcept>

namespace streamlab::datasets {
namespace {

// Relative activity per hour of the day (UTC) in percent of a typical daytime hour; normalised
// below. Night trough, morning ramp, lunch peak, evening peak.
constexpr std::array<int, 24> kHourlyPercent{30,  20,  15,  12,  12,  18,  35,  60,  85,  100, 110, 120,
                                             135, 130, 120, 115, 115, 125, 140, 150, 140, 115, 85,  55};

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kDayMs = 24 * kHourMs;

}  // namespace

DailyCycle::DailyCycle() {
  double sum = 0;
  for (int p : kHourlyPercent) sum += p;
  const double mean = sum / 24.0;
  for (std::size_t h = 0; h < 24; ++h) levels_[h] = kHourlyPercent[h] / mean;
}

double DailyCycle::hour_level(int hour) const { return levels_.at(static_cast<std::size_t>(hour)); }

double DailyCycle::level(Timestamp t) const {
  // Position within the day measured from 00:30, the midpoint of hour 0, so hour h's level is
  // reached at its midpoint and the level moves linearly to the next hour's.
  std::int64_t ms = (to_millis(t) - kHourMs / 2) % kDayMs;
  if (ms < 0) ms += kDayMs;
  const auto h = static_cast<std::size_t>(ms / kHourMs);
  const double frac = static_cast<double>(ms % kHourMs) / static_cast<double>(kHourMs);
  const double a = levels_[h];
  const double b = levels_[(h + 1) % 24];
  return a + (b - a) * frac;
}

ArrivalProcess::ArrivalProcess(sim::SplitMix64 rng, Timestamp start, double rate, Bursts bursts)
    : rng_(rng), burst_rng_(rng_.split()), now_(start), rate_(rate), bursts_(bursts) {
  if (!(rate > 0) || !std::isfinite(rate))
    throw std::invalid_argument("rate must be a positive number of events per second");
  if (bursts_.min_minutes < 1 || bursts_.max_minutes < bursts_.min_minutes)
    throw std::invalid_argument("burst lengths must satisfy 1 <= min <= max minutes");
  schedule_burst_after(start);
}

ArrivalProcess::ArrivalProcess(sim::SplitMix64 rng, Timestamp start, double rate)
    : ArrivalProcess(rng, start, rate, Bursts{}) {}

void ArrivalProcess::schedule_burst_after(Timestamp t) {
  const double gap_hours = sim::exponential(burst_rng_, bursts_.mean_gap_hours);
  burst_start_ = t + Duration{std::llround(gap_hours * static_cast<double>(kHourMs))};
  const auto minutes = sim::uniform_int(burst_rng_, bursts_.min_minutes, bursts_.max_minutes);
  burst_end_ = burst_start_ + std::chrono::minutes{minutes};
}

bool ArrivalProcess::in_burst(Timestamp t) const { return t >= burst_start_ && t < burst_end_; }

Timestamp ArrivalProcess::next() {
  while (now_ >= burst_end_) schedule_burst_after(burst_end_);
  double rate = rate_ * cycle_.level(now_);
  if (in_burst(now_)) rate *= bursts_.factor;
  // Exponential gap at the current rate, rounded to whole milliseconds: the rounding keeps the
  // printed times identical even where libm's last bit differs between platforms.
  const double gap_ms = sim::exponential(rng_, 1000.0 / rate);
  now_ += Duration{std::llround(gap_ms)};
  return now_;
}

}  // namespace streamlab::datasets
