#include "streamlab/generators/shipped.hpp"

namespace streamlab::datasets {
namespace {

GeneratorOptions options(std::uint64_t seed, std::int64_t start_ms, std::optional<double> rate,
                         std::optional<std::size_t> keys) {
  GeneratorOptions o;
  o.seed = seed;
  o.start = from_millis(start_ms);
  o.rate = rate;
  o.keys = keys;
  return o;
}

constexpr std::int64_t k0600 = 1750572000000;  // 2025-06-22T06:00:00Z
constexpr std::int64_t k0000 = 1750550400000;  // 2025-06-22T00:00:00Z
constexpr std::int64_t k0800 = 1750579200000;  // 2025-06-22T08:00:00Z
constexpr std::int64_t k0900 = 1750582800000;  // 2025-06-22T09:00:00Z

}  // namespace

std::vector<ShippedDataset> shipped_datasets() {
  return {
      {"alice-lines.jsonl", "text", options(1, k0900, 0.1, std::nullopt), 300, "01-word-count",
       "streamlab gen text --events 300 --seed 1 --start 2025-06-22T09:00:00Z --rate 0.1 "
       "--output datasets/alice-lines.jsonl"},
      {"sales.jsonl", "sales", options(2, k0800, 0.06, 12), 2000, "02-windowed-sales",
       "streamlab gen sales --events 2000 --seed 2 --start 2025-06-22T08:00:00Z --rate 0.06 "
       "--keys 12 --output datasets/sales.jsonl"},
      {"clicks.jsonl", "clicks", options(3, k0000, 0.03, 60), 2500, "03-sessionization",
       "streamlab gen clicks --events 2500 --seed 3 --start 2025-06-22T00:00:00Z --rate 0.03 "
       "--keys 60 --output datasets/clicks.jsonl"},
      {"profiles.jsonl", "profiles", options(4, k0800, 0.01, 100), 180, "04-stream-table-join",
       "streamlab gen profiles --events 180 --seed 4 --start 2025-06-22T08:00:00Z --rate 0.01 "
       "--keys 100 --output datasets/profiles.jsonl"},
      {"orders.jsonl", "orders",
       [] {
         GeneratorOptions o = options(4, k0800, 0.06, 100);
         o.profile_rate = 0.01;
         return o;
       }(),
       1000, "04-stream-table-join",
       "streamlab gen orders --events 1000 --seed 4 --start 2025-06-22T08:00:00Z --rate 0.06 "
       "--keys 100 --profile-rate 0.01 --output datasets/orders.jsonl"},
      {"metrics.jsonl", "metrics", options(5, k0600, std::nullopt, 8), 1920, "05-anomaly-detection",
       "streamlab gen metrics --events 1920 --seed 5 --start 2025-06-22T06:00:00Z --keys 8 "
       "--anomaly-rate 0.02 --output datasets/metrics.jsonl"},
  };
}

}  // namespace streamlab::datasets
