#include "streamlab/generators/generator.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "generator_kinds.hpp"
#include "streamlab/checked_time.hpp"

namespace streamlab::datasets {
namespace {

constexpr double kMinRate = 0.001;
constexpr double kMaxRate = 1'000'000;
constexpr std::size_t kMaxKeys = 10'000'000;

}  // namespace

std::vector<std::string_view> generator_kinds() {
  return {"sales", "clicks", "profiles", "orders", "metrics", "text"};
}

double default_rate(std::string_view kind) {
  if (kind == "sales") return 0.05;
  if (kind == "clicks") return 0.05;
  if (kind == "profiles") return 0.01;
  if (kind == "orders") return 0.05;
  if (kind == "metrics") return 8.0 / 30.0;  // 8 hosts scraped every 30 s
  if (kind == "text") return 0.1;
  throw std::invalid_argument(fmt::format("unknown dataset kind '{}'", kind));
}

std::unique_ptr<Generator> make_generator(std::string_view kind, const GeneratorOptions& options) {
  // Bounds that keep every gap between events a whole number of milliseconds a 64-bit clock can
  // add up: one event per 1000 s at the slowest, a million per second at the fastest.
  if (options.rate &&
      !(std::isfinite(*options.rate) && *options.rate >= kMinRate && *options.rate <= kMaxRate))
    throw std::invalid_argument(fmt::format("--rate must be between {} and {} events per second, got {}",
                                            kMinRate, kMaxRate, *options.rate));
  if (options.keys && *options.keys > kMaxKeys)
    throw std::invalid_argument(fmt::format("--keys must be at most {}, got {}", kMaxKeys, *options.keys));
  if (!is_valid_event_time(options.start))
    throw std::invalid_argument("--start must be within 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z");
  if (!(options.anomaly_rate >= 0 && options.anomaly_rate <= 0.5))
    throw std::invalid_argument("--anomaly-rate must be between 0 and 0.5");
  if (kind == "sales") return detail::make_sales(options);
  if (kind == "clicks") return detail::make_clicks(options);
  if (kind == "profiles") return detail::make_profiles(options);
  if (kind == "orders") return detail::make_orders(options);
  if (kind == "metrics") return detail::make_metrics(options);
  if (kind == "text") return detail::make_text(options);
  throw std::invalid_argument(fmt::format(
      "unknown dataset kind '{}': expected sales, clicks, profiles, orders, metrics or text", kind));
}

namespace detail {

std::string numbered(std::string_view prefix, std::size_t number, int min_width) {
  return fmt::format("{}{:0{}}", prefix, number, min_width);
}

std::size_t key_count(const GeneratorOptions& options, std::size_t fallback, std::string_view what) {
  const std::size_t n = options.keys.value_or(fallback);
  if (n == 0) throw std::invalid_argument(fmt::format("--keys ({}) must be at least 1", what));
  return n;
}

double rate_or_default(const GeneratorOptions& options, std::string_view kind) {
  return options.rate.value_or(default_rate(kind));
}

}  // namespace detail
}  // namespace streamlab::datasets
