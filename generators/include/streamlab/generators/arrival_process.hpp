/// @file
/// When events happen: a Poisson process whose rate follows a daily cycle and has bursts.
#pragma once

#include <array>
#include <cstdint>

#include "streamlab/sim/random.hpp"
#include "streamlab/time.hpp"

namespace streamlab::datasets {

/// The shape of a day: a relative activity level for each hour of the day (UTC), linearly
/// interpolated between hour midpoints so the rate has no steps, normalised to a daily mean of 1.
/// Quiet at night (about a fifth of the mean around 03:00), busy at midday and in the evening
/// (about 1.7 times the mean around 19:00), as web shops and services see it.
class DailyCycle {
 public:
  /// The built-in hourly profile.
  DailyCycle();

  /// Relative activity at `t`: 1.0 is the daily mean.
  [[nodiscard]] double level(Timestamp t) const;

  /// Relative activity of a whole hour of the day (0..23): its midpoint level.
  [[nodiscard]] double hour_level(int hour) const;

 private:
  std::array<double, 24> levels_{};
};

/// Event times of one stream: exponential gaps whose mean follows the daily cycle, with bursts
/// (a flash sale, a crawler, a retry storm) in which the rate is several times higher.
/// Times are whole milliseconds and never decrease.
class ArrivalProcess {
 public:
  /// Settings of the bursts.
  struct Bursts {
    double mean_gap_hours{6.0};    ///< Mean event time between the end of one burst and the next.
    std::int64_t min_minutes{5};   ///< Shortest burst.
    std::int64_t max_minutes{20};  ///< Longest burst.
    double factor{4.0};            ///< Rate multiplier during a burst; 1 disables bursts.
  };

  /// Starts at `start` with `rate` events per second on average over a day; `rng` is owned.
  ArrivalProcess(sim::SplitMix64 rng, Timestamp start, double rate, Bursts bursts);

  /// Starts at `start` with `rate` events per second and the default bursts.
  ArrivalProcess(sim::SplitMix64 rng, Timestamp start, double rate);

  /// The time of the next event.
  Timestamp next();

  /// Whether `t` lies inside a burst that the process has already scheduled.
  [[nodiscard]] bool in_burst(Timestamp t) const;

 private:
  void schedule_burst_after(Timestamp t);

  sim::SplitMix64 rng_;
  sim::SplitMix64 burst_rng_;
  DailyCycle cycle_;
  Timestamp now_;
  double rate_;
  Bursts bursts_;
  Timestamp burst_start_{};
  Timestamp burst_end_{};
};

}  // namespace streamlab::datasets
