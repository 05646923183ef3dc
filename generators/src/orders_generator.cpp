// Orders of the users of the profile changelog with the same seed and keys. Most orders come from
// users who signed up already (hot users order more: Zipf), but some come from users whose
// profile the changelog has not delivered yet, so a stream-table join meets a missing match.
#include <algorithm>
#include <vector>

#include "generator_kinds.hpp"
#include "json_text.hpp"
#include "profiles_generator.hpp"

namespace streamlab::datasets::detail {
namespace {

/// Share of orders placed by a user who signs up only later (a guest checkout, say).
constexpr double kBeforeProfileShare = 0.05;
/// Such an order comes from one of the next few users to sign up.
constexpr std::uint64_t kSignUpLookahead = 5;
/// Salt that separates the orders' random stream from the changelog's with the same seed.
constexpr std::uint64_t kOrdersSalt = 0x6F72646572730000ULL;  // "orders"

GeneratorOptions profile_options(const GeneratorOptions& options) {
  GeneratorOptions p = options;
  p.rate = options.profile_rate;
  return p;
}

class OrdersGenerator final : public Generator {
 public:
  explicit OrdersGenerator(const GeneratorOptions& options)
      : changelog_(profile_options(options)),
        root_(options.seed ^ kOrdersSalt),
        arrivals_(root_.split(), options.start, rate_or_default(options, "orders")),
        rng_(root_.split()),
        popularity_(changelog_.users(), 0.9),
        rank_to_user_(changelog_.users()) {
    for (std::size_t i = 0; i < rank_to_user_.size(); ++i) rank_to_user_[i] = i;
    sim::shuffle(rng_, rank_to_user_);
  }

  std::string next() override {
    time_ = arrivals_.next();
    catch_up_changelog(time_);
    const std::size_t user = pick_user();
    const std::int64_t a = sim::uniform_int(rng_, 199, 19999);
    const std::int64_t b = sim::uniform_int(rng_, 199, 19999);
    std::string line = "{\"order_id\":\"";
    line += numbered("o-", ++orders_, 6);
    line += "\",\"user\":\"";
    line += numbered("u-", user + 1, changelog_.user_width());
    line += "\",\"amount\":";
    append_hundredths(line, std::min(a, b));
    line += ',';
    append_time_field(line, time_);
    line += '}';
    return line;
  }

  [[nodiscard]] Timestamp last_time() const override { return time_; }

 private:
  // Runs the changelog up to `t` so signed_up_ counts the profiles with a time <= t.
  void catch_up_changelog(Timestamp t) {
    while (lookahead_time_ <= t) {
      signed_up_ = changelog_.signed_up();
      changelog_.next();
      lookahead_time_ = changelog_.last_time();
    }
  }

  std::size_t pick_user() {
    const std::size_t users = changelog_.users();
    if (signed_up_ < users && (signed_up_ == 0 || sim::bernoulli(rng_, kBeforeProfileShare))) {
      const auto ahead = std::min<std::uint64_t>(kSignUpLookahead, users - signed_up_);
      return signed_up_ + static_cast<std::size_t>(sim::uniform_below(rng_, ahead));
    }
    for (int attempt = 0; attempt < 16; ++attempt) {
      const std::size_t user = rank_to_user_[popularity_(rng_)];
      if (user < signed_up_) return user;
    }
    return static_cast<std::size_t>(sim::uniform_below(rng_, signed_up_));
  }

  ProfilesGenerator changelog_;
  sim::SplitMix64 root_;
  ArrivalProcess arrivals_;
  sim::SplitMix64 rng_;
  sim::Zipf popularity_;
  std::vector<std::size_t> rank_to_user_;
  std::size_t signed_up_{0};
  Timestamp lookahead_time_{kMinTimestamp};
  std::size_t orders_{0};
  Timestamp time_{};
};

}  // namespace

std::unique_ptr<Generator> make_orders(const GeneratorOptions& options) {
  return std::make_unique<OrdersGenerator>(options);
}

}  // namespace streamlab::datasets::detail
