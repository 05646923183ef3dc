// Sales transactions of a chain of stores: a few flagship stores take most orders (Zipf), cheap
// items sell more often than dear ones, and most orders hold one item.
#include <array>
#include <string>

#include "generator_kinds.hpp"
#include "json_text.hpp"
#include "streamlab/generators/arrival_process.hpp"
#include "streamlab/sim/random.hpp"

namespace streamlab::datasets::detail {
namespace {

/// Separates this kind's random stream from other kinds run with the same seed ("sales").
constexpr std::uint64_t kSalesSalt = 0x73616C6573000000ULL;

struct Category {
  std::string_view name;
  double weight;           // share of orders
  std::int64_t min_cents;  // cheapest item
  std::int64_t max_cents;  // dearest item
};

constexpr std::array<Category, 7> kCategories{{
    {"grocery", 30, 199, 8999},
    {"books", 22, 499, 4999},
    {"clothing", 16, 999, 14999},
    {"electronics", 12, 1999, 89999},
    {"toys", 8, 799, 6999},
    {"sports", 7, 1299, 24999},
    {"garden", 5, 1499, 29999},
}};

// Items per order: 1 (70%), 2 (20%), 3 (7%), 4, 5 or 6 (1% each).
constexpr std::array<double, 6> kQuantityWeights{70, 20, 7, 1, 1, 1};

/// Zipf exponent of store popularity: the busiest of 12 stores takes about a quarter of orders.
constexpr double kStoreSkew = 1.1;

class SalesGenerator final : public Generator {
 public:
  explicit SalesGenerator(const GeneratorOptions& options)
      : root_(options.seed ^ kSalesSalt),
        arrivals_(root_.split(), options.start, rate_or_default(options, "sales")),
        rng_(root_.split()),
        stores_(key_count(options, 12, "stores"), kStoreSkew),
        store_width_(stores_.size() < 100 ? 2 : static_cast<int>(std::to_string(stores_.size()).size())) {
    for (const Category& c : kCategories) category_weights_[&c - kCategories.data()] = c.weight;
  }

  std::string next() override {
    time_ = arrivals_.next();
    const std::size_t store = stores_(rng_) + 1;
    const Category& category = kCategories[sim::weighted_index(rng_, category_weights_)];
    // The smaller of two uniform prices: cheap items are more common, dear ones still appear.
    const std::int64_t a = sim::uniform_int(rng_, category.min_cents, category.max_cents);
    const std::int64_t b = sim::uniform_int(rng_, category.min_cents, category.max_cents);
    const auto quantity = static_cast<std::int64_t>(sim::weighted_index(rng_, kQuantityWeights)) + 1;
    const std::int64_t cents = std::min(a, b) * quantity;

    std::string line = "{\"order_id\":\"";
    line += numbered("o-", ++orders_, 6);
    line += "\",\"store\":\"";
    line += numbered("store-", store, store_width_);
    line += "\",\"category\":\"";
    line += category.name;
    line += "\",\"amount\":";
    append_hundredths(line, cents);
    line += ',';
    append_time_field(line, time_);
    line += '}';
    return line;
  }

  [[nodiscard]] Timestamp last_time() const override { return time_; }

 private:
  sim::SplitMix64 root_;
  ArrivalProcess arrivals_;
  sim::SplitMix64 rng_;
  sim::Zipf stores_;
  int store_width_;
  std::array<double, kCategories.size()> category_weights_{};
  std::size_t orders_{0};
  Timestamp time_{};
};

}  // namespace

std::unique_ptr<Generator> make_sales(const GeneratorOptions& options) {
  return std::make_unique<SalesGenerator>(options);
}

}  // namespace streamlab::datasets::detail
