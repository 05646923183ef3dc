// Parsing event-time strings as the dataset reader does: ISO-8601 UTC with and without
// milliseconds (the common forms), an offset form, and integer milliseconds.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "streamlab/time.hpp"

namespace {

constexpr std::size_t kCount = 10'000;
constexpr std::int64_t kStart = 1750586400000;  // 2025-06-22T10:00:00Z

// Event times a few hundred milliseconds apart over about an hour, as a dataset would hold them.
// The step is odd, so most timestamps carry milliseconds; `whole_seconds` rounds them away.
std::vector<std::string> utc_timestamps(bool whole_seconds) {
  std::vector<std::string> out;
  out.reserve(kCount);
  std::int64_t t = kStart;
  for (std::size_t i = 0; i < kCount; ++i) {
    t += 137 + static_cast<std::int64_t>(i % 7) * 101;
    const std::int64_t ms = whole_seconds ? t / 1000 * 1000 : t;
    out.push_back(streamlab::format_timestamp(streamlab::from_millis(ms)));
  }
  return out;
}

std::vector<std::string> offset_timestamps() {
  std::vector<std::string> out = utc_timestamps(false);
  for (std::string& s : out) {
    // Only the zone designator changes; the fallback path reads the offset.
    if (s.back() == 'Z') s.replace(s.size() - 1, 1, "+02:00");
  }
  return out;
}

std::vector<std::string> integer_timestamps() {
  std::vector<std::string> out;
  out.reserve(kCount);
  for (std::size_t i = 0; i < kCount; ++i) {
    out.push_back(std::to_string(kStart + static_cast<std::int64_t>(i) * 137));
  }
  return out;
}

void run(benchmark::State& state, const std::vector<std::string>& inputs) {
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (const std::string& s : inputs) {
      auto t = streamlab::try_parse_timestamp(s);
      sum += t ? streamlab::to_millis(*t) : -1;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * inputs.size()));
}

void BM_ParseTimestamp_IsoUtcMillis(benchmark::State& state) {
  static const std::vector<std::string> inputs = utc_timestamps(false);
  run(state, inputs);
}
BENCHMARK(BM_ParseTimestamp_IsoUtcMillis);

void BM_ParseTimestamp_IsoUtcSeconds(benchmark::State& state) {
  static const std::vector<std::string> inputs = utc_timestamps(true);
  run(state, inputs);
}
BENCHMARK(BM_ParseTimestamp_IsoUtcSeconds);

void BM_ParseTimestamp_IsoOffset(benchmark::State& state) {
  static const std::vector<std::string> inputs = offset_timestamps();
  run(state, inputs);
}
BENCHMARK(BM_ParseTimestamp_IsoOffset);

void BM_ParseTimestamp_IntegerMillis(benchmark::State& state) {
  static const std::vector<std::string> inputs = integer_timestamps();
  run(state, inputs);
}
BENCHMARK(BM_ParseTimestamp_IntegerMillis);

}  // namespace
