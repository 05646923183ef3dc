/// @file
/// The simulator's random numbers: SplitMix64 and distributions written out here, so that a seed
/// gives the same numbers with every compiler and standard library.
///
/// `std::uniform_int_distribution` and friends are implementation-defined and differ between
/// libstdc++, libc++ and MSVC, so StreamLab never uses them.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace streamlab::sim {

/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014),
/// the generator used to seed xoshiro and Java's SplittableRandom. 64-bit state, period 2^64.
class SplitMix64 {
 public:
  /// Starts the sequence at `seed`; the same seed always gives the same sequence.
  explicit constexpr SplitMix64(std::uint64_t seed) noexcept : state_(seed) {}

  /// The next 64 random bits.
  constexpr std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  /// An independent generator for a sub-stream (for example one per partition), derived from
  /// this one's next output so that adding a stream does not shift the others.
  constexpr SplitMix64 split() noexcept { return SplitMix64(next()); }

 private:
  std::uint64_t state_;
};

/// A uniform integer in [0, bound) by Lemire's nearly-divisionless method, without modulo bias.
/// `bound` must be positive.
std::uint64_t uniform_below(SplitMix64& rng, std::uint64_t bound);

/// A uniform integer in [lo, hi] (both inclusive); requires lo <= hi.
std::int64_t uniform_int(SplitMix64& rng, std::int64_t lo, std::int64_t hi);

/// A uniform double in [0, 1) from the top 53 bits, exact on every IEEE-754 platform.
double uniform_unit(SplitMix64& rng);

/// True with probability `p` (clamped to [0, 1]).
bool bernoulli(SplitMix64& rng, double p);

/// An exponential variate with the given mean, by inversion (-mean * log(1 - u)).
double exponential(SplitMix64& rng, double mean);

/// A normal variate by the Box–Muller transform (one of the pair, so each call uses two draws).
double normal(SplitMix64& rng, double mean, double stddev);

/// A Pareto variate with scale `xm` and shape `alpha`, by inversion: heavy-tailed lengths.
double pareto(SplitMix64& rng, double xm, double alpha);

/// Draws ranks 0..n-1 with Zipf's law P(k) ∝ 1/(k+1)^s: skewed keys, a few very hot.
/// Precomputes the cumulative weights once; each draw is a binary search.
class Zipf {
 public:
  /// A Zipf law over `n` ranks (n >= 1) with exponent `s` (s >= 0; 0 is uniform).
  Zipf(std::size_t n, double s);
  /// One rank in [0, n).
  std::size_t operator()(SplitMix64& rng) const;
  /// Number of ranks.
  [[nodiscard]] std::size_t size() const noexcept { return cumulative_.size(); }

 private:
  std::vector<double> cumulative_;
};

/// Picks an index with probability proportional to `weights` (non-negative, not all zero).
std::size_t weighted_index(SplitMix64& rng, std::span<const double> weights);

/// Shuffles `items` in place by Fisher–Yates with uniform_below().
template <typename T>
void shuffle(SplitMix64& rng, std::vector<T>& items) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(uniform_below(rng, i));
    using std::swap;
    swap(items[i - 1], items[j]);
  }
}

}  // namespace streamlab::sim
