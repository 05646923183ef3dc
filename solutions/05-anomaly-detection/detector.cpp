// Lab 05 reference solution, part 1: two classic rules over a per-host moving window.
#include "detector.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lab05 {
namespace {

struct Baseline {
  double mean;
  double stddev;
};

Baseline baseline_of(const std::vector<double>& window) {
  const double n = static_cast<double>(window.size());
  const double mean = std::accumulate(window.begin(), window.end(), 0.0) / n;
  double squares = 0;
  for (double x : window) squares += (x - mean) * (x - mean);
  return {mean, std::sqrt(squares / n)};  // population standard deviation
}

/// Checks one metric against both rules, then updates its window and run; returns the alert of
/// the first rule that fired.
std::optional<Alert> check_metric(std::vector<double>& window, std::size_t& run, double x, const char* metric,
                                  const Reading& reading, const DetectorConfig& config) {
  std::optional<Alert> alert;
  run = x > config.threshold ? run + 1 : 0;
  if (run >= config.run) {
    alert = Alert{reading.host, reading.time, metric, "threshold", x, 0, 0};
  } else if (window.size() >= config.window) {
    const Baseline b = baseline_of(window);
    if (std::abs(x - b.mean) > config.k * std::max(b.stddev, config.min_stddev))
      alert = Alert{reading.host, reading.time, metric, "baseline", x, b.mean, b.stddev};
  }
  window.push_back(x);
  if (window.size() > config.window) window.erase(window.begin());
  return alert;
}

}  // namespace

std::optional<Alert> observe(HostState& state, const Reading& reading, const DetectorConfig& config) {
  auto cpu = check_metric(state.cpu_window, state.cpu_run, reading.cpu, "cpu", reading, config);
  auto memory =
      check_metric(state.memory_window, state.memory_run, reading.memory, "memory", reading, config);
  return cpu ? cpu : memory;
}

}  // namespace lab05
