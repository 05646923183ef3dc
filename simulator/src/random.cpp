#include "streamlab/sim/random.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace streamlab::sim {
namespace {
// The 128-bit product behind Lemire's method; GCC and Clang both provide the type.
__extension__ typedef unsigned __int128 U128;
}  // namespace

std::uint64_t uniform_below(SplitMix64& rng, std::uint64_t bound) {
  if (bound == 0) throw std::invalid_argument("uniform_below: bound must be positive");
  // Lemire, "Fast Random Integer Generation in an Interval", ACM TOMACS 2019.
  U128 m = static_cast<U128>(rng.next()) * bound;
  auto low = static_cast<std::uint64_t>(m);
  if (low < bound) {
    const std::uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      m = static_cast<U128>(rng.next()) * bound;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

std::int64_t uniform_int(SplitMix64& rng, std::int64_t lo, std::int64_t hi) {
  if (lo > hi) throw std::invalid_argument("uniform_int: lo must not exceed hi");
  const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  if (span == UINT64_MAX) return static_cast<std::int64_t>(rng.next());
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + uniform_below(rng, span + 1));
}

double uniform_unit(SplitMix64& rng) { return static_cast<double>(rng.next() >> 11) * 0x1.0p-53; }

bool bernoulli(SplitMix64& rng, double p) {
  if (p <= 0.0) return false;
  if (p >= 1.0) return true;
  return uniform_unit(rng) < p;
}

double exponential(SplitMix64& rng, double mean) { return -mean * std::log1p(-uniform_unit(rng)); }

double normal(SplitMix64& rng, double mean, double stddev) {
  // 1 - u is in (0, 1], so the logarithm is finite.
  const double u1 = 1.0 - uniform_unit(rng);
  const double u2 = uniform_unit(rng);
  const double radius = std::sqrt(-2.0 * std::log(u1));
  return mean + stddev * radius * std::cos(2.0 * std::numbers::pi * u2);
}

double pareto(SplitMix64& rng, double xm, double alpha) {
  const double u = 1.0 - uniform_unit(rng);  // (0, 1]
  return xm / std::pow(u, 1.0 / alpha);
}

Zipf::Zipf(std::size_t n, double s) {
  if (n == 0) throw std::invalid_argument("Zipf: needs at least one rank");
  if (s < 0) throw std::invalid_argument("Zipf: exponent must be non-negative");
  cumulative_.reserve(n);
  double sum = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    sum += 1.0 / std::pow(static_cast<double>(k + 1), s);
    cumulative_.push_back(sum);
  }
}

std::size_t Zipf::operator()(SplitMix64& rng) const {
  const double target = uniform_unit(rng) * cumulative_.back();
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
  return std::min(static_cast<std::size_t>(it - cumulative_.begin()), cumulative_.size() - 1);
}

std::size_t weighted_index(SplitMix64& rng, std::span<const double> weights) {
  double total = 0.0;
  for (double w : weights) {
    if (w < 0) throw std::invalid_argument("weighted_index: weights must be non-negative");
    total += w;
  }
  if (weights.empty() || total <= 0.0)
    throw std::invalid_argument("weighted_index: needs a positive total weight");
  double target = uniform_unit(rng) * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (target < weights[i]) return i;
    target -= weights[i];
  }
  return weights.size() - 1;
}

}  // namespace streamlab::sim
