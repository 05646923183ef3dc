// A clickstream of a web shop, made of sessions: a user arrives, views a heavy-tailed number of
// pages (Pareto: most sessions are short, a few are very long) with gaps of tens of seconds, and
// leaves. Two sessions of one user are always more than 30 minutes apart, so a 30-minute session
// window finds exactly the sessions the generator made. Sessions of different users interleave.
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "generator_kinds.hpp"
#include "json_text.hpp"
#include "streamlab/generators/arrival_process.hpp"
#include "streamlab/sim/random.hpp"

namespace streamlab::datasets::detail {
namespace {

/// Separates this kind's random stream from other kinds run with the same seed ("clicks").
constexpr std::uint64_t kClicksSalt = 0x636C69636B730000ULL;

// Pages in order of popularity (Zipf over this list for every page after the landing page).
constexpr std::array<std::string_view, 24> kPages{"/",
                                                  "/search",
                                                  "/products/p-101",
                                                  "/cart",
                                                  "/products/p-102",
                                                  "/products/p-103",
                                                  "/category/books",
                                                  "/products/p-104",
                                                  "/checkout",
                                                  "/category/toys",
                                                  "/products/p-105",
                                                  "/account",
                                                  "/products/p-106",
                                                  "/category/garden",
                                                  "/products/p-107",
                                                  "/help",
                                                  "/products/p-108",
                                                  "/orders",
                                                  "/products/p-109",
                                                  "/category/sports",
                                                  "/products/p-110",
                                                  "/wishlist",
                                                  "/products/p-111",
                                                  "/contact"};

// Product pages that search engines and adverts send visitors to.
constexpr std::array<std::string_view, 5> kLandingProducts{
    "/products/p-101", "/products/p-102", "/products/p-103", "/products/p-104", "/products/p-105"};

constexpr std::array<double, 3> kLandingWeights{50, 20, 30};  // "/", "/search", a product page

constexpr double kLengthScale = 2.0;  // Pareto x_m: the shortest session has 2 clicks before flooring
constexpr double kLengthShape = 1.5;  // Pareto alpha: a heavy tail with a finite mean
constexpr std::int64_t kMaxClicks = 300;
constexpr double kMeanClicks = 5.0;     // approximate mean of the floored, capped length
constexpr double kMeanGapSeconds = 40;  // mean think time between two clicks of a session
constexpr Duration kMaxGap = std::chrono::minutes{10};
/// Two sessions of one user are at least this far apart: more than a 30-minute session gap.
constexpr Duration kMinSessionSeparation = std::chrono::minutes{31};

struct Session {
  Timestamp next_click;
  std::uint64_t order;  // tie-break, so equal times pop in a fixed order
  std::size_t user;
  std::int64_t clicks_left;
};

struct SessionLaterFirst {
  bool operator()(const Session& a, const Session& b) const {
    return a.next_click != b.next_click ? a.next_click > b.next_click : a.order > b.order;
  }
};

/// Enough users for the rate: a user is in at most one session at a time and rests more than 30
/// minutes between sessions, so by default the pool holds as many users as there are clicks in an
/// hour, and at least a thousand.
std::size_t default_users(double rate) {
  return std::max<std::size_t>(1000, static_cast<std::size_t>(std::ceil(rate * 3600.0)));
}

class ClicksGenerator final : public Generator {
 public:
  explicit ClicksGenerator(const GeneratorOptions& options)
      : root_(options.seed ^ kClicksSalt),
        starts_(root_.split(), options.start, rate_or_default(options, "clicks") / kMeanClicks),
        rng_(root_.split()),
        users_(key_count(options, default_users(rate_or_default(options, "clicks")), "users"), 0.8),
        pages_(kPages.size(), 1.0),
        active_(users_.size(), false),
        last_click_(users_.size(), kMinTimestamp),
        user_width_(std::max(4, static_cast<int>(std::to_string(users_.size()).size()))),
        next_start_(starts_.next()) {}

  std::string next() override {
    for (;;) {
      if (!sessions_.empty() && sessions_.top().next_click <= next_start_) return continue_session();
      if (auto user = pick_user(next_start_)) return start_session(*user);
      next_start_ = starts_.next();  // every user is busy: this visitor does not come
    }
  }

  [[nodiscard]] Timestamp last_time() const override { return time_; }

 private:
  std::optional<std::size_t> pick_user(Timestamp t) {
    const auto free = [&](std::size_t u) {
      return !active_[u] && (last_click_[u] == kMinTimestamp || t - last_click_[u] > kMinSessionSeparation);
    };
    for (int attempt = 0; attempt < 32; ++attempt) {
      const std::size_t u = users_(rng_);
      if (free(u)) return u;
    }
    const std::size_t from = static_cast<std::size_t>(sim::uniform_below(rng_, users_.size()));
    for (std::size_t i = 0; i < users_.size(); ++i) {
      const std::size_t u = (from + i) % users_.size();
      if (free(u)) return u;
    }
    return std::nullopt;
  }

  std::string start_session(std::size_t user) {
    const double drawn = sim::pareto(rng_, kLengthScale, kLengthShape);
    const auto clicks = std::min<std::int64_t>(kMaxClicks, static_cast<std::int64_t>(std::floor(drawn)));
    std::string_view page;
    switch (sim::weighted_index(rng_, kLandingWeights)) {
      case 0: page = kPages[0]; break;
      case 1: page = kPages[1]; break;
      default: page = kLandingProducts[sim::uniform_below(rng_, kLandingProducts.size())]; break;
    }
    const Timestamp t = next_start_;
    next_start_ = starts_.next();
    active_[user] = true;
    return click(user, t, page, clicks - 1);
  }

  std::string continue_session() {
    Session s = sessions_.top();
    sessions_.pop();
    return click(s.user, s.next_click, kPages[pages_(rng_)], s.clicks_left - 1);
  }

  std::string click(std::size_t user, Timestamp t, std::string_view page, std::int64_t clicks_left) {
    time_ = t;
    last_click_[user] = t;
    if (clicks_left > 0) {
      const auto gap = std::min<std::int64_t>(
          kMaxGap.count(), 1000 + std::llround(sim::exponential(rng_, kMeanGapSeconds * 1000.0)));
      sessions_.push(Session{t + Duration{gap}, order_++, user, clicks_left});
    } else {
      active_[user] = false;
    }
    std::string line = "{\"user\":\"";
    line += numbered("u-", user + 1, user_width_);
    line += "\",\"page\":\"";
    line += page;
    line += "\",";
    append_time_field(line, t);
    line += '}';
    return line;
  }

  sim::SplitMix64 root_;
  ArrivalProcess starts_;
  sim::SplitMix64 rng_;
  sim::Zipf users_;
  sim::Zipf pages_;
  std::vector<bool> active_;
  std::vector<Timestamp> last_click_;
  int user_width_;
  Timestamp next_start_;
  std::priority_queue<Session, std::vector<Session>, SessionLaterFirst> sessions_;
  std::uint64_t order_{0};
  Timestamp time_{};
};

}  // namespace

std::unique_ptr<Generator> make_clicks(const GeneratorOptions& options) {
  return std::make_unique<ClicksGenerator>(options);
}

}  // namespace streamlab::datasets::detail
