// The user-profile changelog, shared by the profiles and orders generators; private to them.
#pragma once

#include <string>
#include <vector>

#include "streamlab/generators/arrival_process.hpp"
#include "streamlab/generators/generator.hpp"
#include "streamlab/sim/random.hpp"

namespace streamlab::datasets::detail {

/// A changelog of user profiles: users sign up one after another (u-0001 first) and later change
/// tier or region; every event carries the user's full current profile (a KTable changelog).
class ProfilesGenerator final : public Generator {
 public:
  /// The changelog for `options` (keys = number of users, default 200).
  explicit ProfilesGenerator(const GeneratorOptions& options);

  std::string next() override;
  [[nodiscard]] Timestamp last_time() const override { return time_; }

  /// How many users have signed up in the events returned so far.
  [[nodiscard]] std::size_t signed_up() const noexcept { return signed_up_; }
  /// Number of users the changelog will eventually hold.
  [[nodiscard]] std::size_t users() const noexcept { return profiles_.size(); }
  /// Digits of the zero-padded user number (`u-0042` has 4).
  [[nodiscard]] int user_width() const noexcept { return user_width_; }

 private:
  struct Profile {
    std::size_t first_name{0};
    std::size_t last_name{0};
    std::size_t region{0};
    std::size_t tier{0};
  };

  sim::SplitMix64 root_;
  ArrivalProcess arrivals_;
  sim::SplitMix64 rng_;
  std::vector<Profile> profiles_;
  std::size_t signed_up_{0};
  int user_width_;
  Timestamp time_{};
};

}  // namespace streamlab::datasets::detail
