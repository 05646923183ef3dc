// Server metrics scraped at a fixed interval from a fleet of hosts: CPU and memory in percent
// follow each host's baseline and the daily cycle with a little noise, and injected anomaly
// episodes (a CPU spike or a memory blow-up lasting a few readings) carry "anomaly": true.
// All values are integers in tenths of a percent until printed, so the output is exact.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <queue>
#include <stdexcept>
#include <vector>

#include "generator_kinds.hpp"
#include "json_text.hpp"
#include "streamlab/generators/arrival_process.hpp"
#include "streamlab/sim/random.hpp"

namespace streamlab::datasets::detail {
namespace {

/// Separates this kind's random stream from other kinds run with the same seed ("metrics").
constexpr std::uint64_t kMetricsSalt = 0x6D65747269637300ULL;

constexpr std::array<std::string_view, 4> kRoles{"web", "web", "db", "cache"};
constexpr std::int64_t kMinAnomalyReadings = 3;
constexpr std::int64_t kMaxAnomalyReadings = 8;
constexpr double kMeanAnomalyReadings = (kMinAnomalyReadings + kMaxAnomalyReadings) / 2.0;
constexpr std::int64_t kJitterMs = 400;

struct Host {
  std::string name;
  std::int64_t cpu_base;     // tenths of a percent
  std::int64_t memory_base;  // tenths of a percent
  std::int64_t anomaly_left{0};
  bool cpu_anomaly{true};
};

struct Due {
  Timestamp time;
  std::size_t host;
  std::int64_t tick;
};

struct DueLaterFirst {
  bool operator()(const Due& a, const Due& b) const {
    return a.time != b.time ? a.time > b.time : a.host > b.host;
  }
};

class MetricsGenerator final : public Generator {
 public:
  explicit MetricsGenerator(const GeneratorOptions& options)
      : rng_(options.seed ^ kMetricsSalt), start_(options.start) {
    // By default 8 hosts scraped every 30 s, or as many hosts as a given rate needs at that interval.
    const std::size_t fallback =
        options.rate ? std::max<std::size_t>(8, static_cast<std::size_t>(std::ceil(*options.rate * 30.0)))
                     : 8;
    const std::size_t hosts = key_count(options, fallback, "hosts");
    const double rate = options.rate.value_or(static_cast<double>(hosts) / 30.0);
    interval_ms_ = std::llround(static_cast<double>(hosts) * 1000.0 / rate);
    if (interval_ms_ < 1000)
      throw std::invalid_argument("--rate too high for metrics: each host reports at most once a second");
    // Probability that a normal reading starts an episode, so that the labelled share of all
    // readings is the anomaly rate r: p * L / (1 + p * L) = r with L the mean episode length.
    const double r = options.anomaly_rate;
    episode_start_ = r <= 0 ? 0.0 : r / (kMeanAnomalyReadings * (1.0 - r));
    std::map<std::string_view, std::size_t> per_role;
    for (std::size_t i = 0; i < hosts; ++i) {
      const std::string_view role = kRoles[i % kRoles.size()];
      const std::size_t number = ++per_role[role];
      Host h{numbered(std::string(role) + "-", number, 2), sim::uniform_int(rng_, 150, 400),
             sim::uniform_int(rng_, 350, 650)};
      hosts_.push_back(std::move(h));
      // Each host is scraped at its own phase within the interval, on whole seconds.
      const std::int64_t phase = 1000 * sim::uniform_int(rng_, 0, interval_ms_ / 1000 - 1);
      due_.push(Due{start_ + Duration{phase}, i, 0});
      phase_.push_back(phase);
    }
  }

  std::string next() override {
    const Due d = due_.top();
    due_.pop();
    const std::int64_t jitter = sim::uniform_int(rng_, -kJitterMs, kJitterMs);
    const Timestamp after = start_ + Duration{phase_[d.host] + (d.tick + 1) * interval_ms_ + jitter};
    due_.push(Due{std::max(after, d.time), d.host, d.tick + 1});
    return reading(hosts_[d.host], d.time);
  }

  [[nodiscard]] Timestamp last_time() const override { return time_; }

 private:
  std::string reading(Host& h, Timestamp t) {
    time_ = t;
    const double level = cycle_.level(t) - 1.0;  // -0.8 at night .. +0.7 in the evening
    std::int64_t cpu = h.cpu_base + std::llround(level * 150.0) + sim::uniform_int(rng_, -40, 40) +
                       sim::uniform_int(rng_, -40, 40);
    std::int64_t memory = h.memory_base + std::llround(level * 60.0) + sim::uniform_int(rng_, -15, 15) +
                          sim::uniform_int(rng_, -15, 15);
    if (h.anomaly_left == 0 && sim::bernoulli(rng_, episode_start_)) {
      h.anomaly_left = sim::uniform_int(rng_, kMinAnomalyReadings, kMaxAnomalyReadings);
      h.cpu_anomaly = sim::bernoulli(rng_, 0.6);
    }
    const bool anomaly = h.anomaly_left > 0;
    if (anomaly) {
      --h.anomaly_left;
      if (h.cpu_anomaly) {
        cpu = sim::uniform_int(rng_, 880, 1000);
      } else {
        memory = sim::uniform_int(rng_, 900, 990);
      }
    }
    cpu = std::clamp<std::int64_t>(cpu, 5, 1000);
    memory = std::clamp<std::int64_t>(memory, 10, 1000);
    std::string line = "{\"host\":\"";
    line += h.name;
    line += "\",\"cpu\":";
    append_tenths(line, cpu);
    line += ",\"memory\":";
    append_tenths(line, memory);
    line += anomaly ? ",\"anomaly\":true," : ",\"anomaly\":false,";
    append_time_field(line, t);
    line += '}';
    return line;
  }

  sim::SplitMix64 rng_;
  Timestamp start_;
  DailyCycle cycle_;
  std::int64_t interval_ms_{30000};
  double episode_start_{0};
  std::vector<Host> hosts_;
  std::vector<std::int64_t> phase_;
  std::priority_queue<Due, std::vector<Due>, DueLaterFirst> due_;
  Timestamp time_{};
};

}  // namespace

std::unique_ptr<Generator> make_metrics(const GeneratorOptions& options) {
  return std::make_unique<MetricsGenerator>(options);
}

}  // namespace streamlab::datasets::detail
