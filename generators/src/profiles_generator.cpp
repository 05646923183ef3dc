#include "profiles_generator.hpp"

#include <algorithm>
#include <array>

#include "generator_kinds.hpp"
#include "json_text.hpp"

namespace streamlab::datasets::detail {
namespace {

constexpr std::array<std::string_view, 24> kFirstNames{
    "Ada",   "Alan",  "Barbara", "Bjarne", "Claude", "Dennis", "Edsger",    "Frances",
    "Grace", "Hedy",  "Ivan",    "Joan",   "Ken",    "Leslie", "Margaret",  "Niklaus",
    "Olga",  "Radia", "Sophie",  "Tim",    "Ursula", "Vint",   "Whitfield", "Yukihiro"};
constexpr std::array<std::string_view, 16> kLastNames{
    "Adams",   "Berg",   "Costa",    "Dubois", "Eriksen", "Fischer", "Garcia", "Horvat",
    "Ivanova", "Jansen", "Kowalski", "Laine",  "Moreau",  "Novak",   "Okafor", "Petrov"};
constexpr std::array<std::string_view, 6> kRegions{"eu-west",  "us-east",  "us-west",
                                                   "ap-south", "eu-north", "sa-east"};
constexpr std::array<double, 6> kRegionWeights{30, 25, 15, 12, 10, 8};
constexpr std::array<std::string_view, 4> kTiers{"bronze", "silver", "gold", "platinum"};
constexpr std::array<double, 4> kTierWeights{55, 28, 13, 4};

/// Separates this kind's random stream from other kinds run with the same seed ("profiles").
constexpr std::uint64_t kProfilesSalt = 0x70726F66696C6573ULL;

/// Share of changelog events that are sign-ups while some users have not signed up yet.
constexpr double kSignUpShare = 0.6;
/// Share of updates that change the tier; the rest move the user to another region.
constexpr double kTierChangeShare = 0.6;

}  // namespace

ProfilesGenerator::ProfilesGenerator(const GeneratorOptions& options)
    : root_(options.seed ^ kProfilesSalt),
      arrivals_(root_.split(), options.start, rate_or_default(options, "profiles")),
      rng_(root_.split()),
      profiles_(key_count(options, 200, "users")),
      user_width_(std::max(4, static_cast<int>(std::to_string(profiles_.size()).size()))) {}

std::string ProfilesGenerator::next() {
  time_ = arrivals_.next();
  std::size_t user = 0;
  if (signed_up_ == 0 || (signed_up_ < profiles_.size() && sim::bernoulli(rng_, kSignUpShare))) {
    user = signed_up_++;
    Profile& p = profiles_[user];
    p.first_name = static_cast<std::size_t>(sim::uniform_below(rng_, kFirstNames.size()));
    p.last_name = static_cast<std::size_t>(sim::uniform_below(rng_, kLastNames.size()));
    p.region = sim::weighted_index(rng_, kRegionWeights);
    p.tier = sim::weighted_index(rng_, kTierWeights);
  } else {
    user = static_cast<std::size_t>(sim::uniform_below(rng_, signed_up_));
    Profile& p = profiles_[user];
    if (sim::bernoulli(rng_, kTierChangeShare)) {
      p.tier = p.tier + 1 < kTiers.size() ? p.tier + 1 : p.tier - 1;  // mostly upgrades
    } else {
      // Any region but the current one.
      const auto step = 1 + static_cast<std::size_t>(sim::uniform_below(rng_, kRegions.size() - 1));
      p.region = (p.region + step) % kRegions.size();
    }
  }
  const Profile& p = profiles_[user];
  std::string line = "{\"user\":\"";
  line += numbered("u-", user + 1, user_width_);
  line += "\",\"name\":\"";
  line += kFirstNames[p.first_name];
  line += ' ';
  line += kLastNames[p.last_name];
  line += "\",\"region\":\"";
  line += kRegions[p.region];
  line += "\",\"tier\":\"";
  line += kTiers[p.tier];
  line += "\",";
  append_time_field(line, time_);
  line += '}';
  return line;
}

std::unique_ptr<Generator> make_profiles(const GeneratorOptions& options) {
  return std::make_unique<ProfilesGenerator>(options);
}

}  // namespace streamlab::datasets::detail
