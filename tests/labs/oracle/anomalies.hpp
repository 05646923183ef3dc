// The anomaly-detection oracle: the rules of the handout applied to each host's whole history,
// sorted by event time. For reading i the baseline is readings i-N .. i-1 and the run is the
// number of readings ending at i above the threshold: no incremental state, so it shares no
// logic with an implementation that keeps one.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "oracle/iso_time.hpp"

namespace oracle {

/// One reading as the oracle sees it.
struct MetricReading {
  std::string host;
  std::int64_t time_ms;
  double cpu;
  double memory;
  bool label;  // the dataset's "anomaly" label
};

/// The rule parameters (the lab's DetectorConfig, restated).
struct AnomalyRules {
  std::size_t window;
  double k;
  double min_stddev;
  double threshold;
  std::size_t run;
};

/// One expected alert.
struct ExpectedAlert {
  std::string host;
  std::int64_t time_ms;
  std::string metric;
  std::string rule;
  friend bool operator==(const ExpectedAlert&, const ExpectedAlert&) = default;
  friend auto operator<=>(const ExpectedAlert&, const ExpectedAlert&) = default;
};

/// Prints an alert in failure messages.
inline void PrintTo(const ExpectedAlert& a, std::ostream* os) {
  *os << "{host: " << a.host << ", time: " << iso(a.time_ms) << ", metric: " << a.metric
      << ", rule: " << a.rule << "}";
}

inline std::optional<std::string> rule_for(const std::vector<double>& xs, std::size_t i,
                                           const AnomalyRules& r) {
  std::size_t run = 0;
  for (std::size_t j = i + 1; j-- > 0 && xs[j] > r.threshold;) ++run;
  if (run >= r.run) return "threshold";
  if (i >= r.window) {
    double mean = 0;
    for (std::size_t j = i - r.window; j < i; ++j) mean += xs[j];
    mean /= static_cast<double>(r.window);
    double var = 0;
    for (std::size_t j = i - r.window; j < i; ++j) var += (xs[j] - mean) * (xs[j] - mean);
    const double sd = std::sqrt(var / static_cast<double>(r.window));
    if (std::abs(xs[i] - mean) > r.k * std::max(sd, r.min_stddev)) return "baseline";
  }
  return std::nullopt;
}

/// Every alert, sorted by (host, time): cpu rules before memory rules, at most one per reading.
inline std::vector<ExpectedAlert> expected_alerts(std::vector<MetricReading> readings,
                                                  const AnomalyRules& r) {
  std::stable_sort(readings.begin(), readings.end(), [](const auto& a, const auto& b) {
    return a.host != b.host ? a.host < b.host : a.time_ms < b.time_ms;
  });
  std::map<std::string, std::vector<const MetricReading*>> by_host;
  for (const auto& x : readings) by_host[x.host].push_back(&x);
  std::vector<ExpectedAlert> out;
  for (const auto& [host, rs] : by_host) {
    std::vector<double> cpu;
    std::vector<double> mem;
    for (const auto* x : rs) {
      cpu.push_back(x->cpu);
      mem.push_back(x->memory);
    }
    for (std::size_t i = 0; i < rs.size(); ++i) {
      if (auto rule = rule_for(cpu, i, r)) {
        out.push_back({host, rs[i]->time_ms, "cpu", *rule});
      } else if (auto mrule = rule_for(mem, i, r)) {
        out.push_back({host, rs[i]->time_ms, "memory", *mrule});
      }
    }
  }
  return out;
}

}  // namespace oracle
