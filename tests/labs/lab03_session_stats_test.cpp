// Lab 03 graded tests, part 1: the session summary's adder and merger, against hand-worked
// sessions and against a plain batch summary of all clicks.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "session_summary.hpp"
#include "streamlab/sim/random.hpp"

namespace {

using streamlab::from_millis;

lab03::Click click(const std::string& page, std::int64_t minute) {
  return lab03::Click{"u-1", page, from_millis(minute * 60'000)};
}

TEST(Lab03SessionStats, AddClickCountsPagesViewedAndDistinctPages) {
  lab03::SessionStats s;
  for (const auto& c : {click("/home", 0), click("/cart", 1), click("/home", 2), click("/pay", 3)})
    lab03::add_click(s, c);
  EXPECT_EQ(s.pages_viewed, 4);
  EXPECT_EQ(s.distinct_pages, (std::vector<std::string>{"/cart", "/home", "/pay"}));
  EXPECT_EQ(s.first_click, from_millis(0));
  EXPECT_EQ(s.last_click, from_millis(3 * 60'000));
}

TEST(Lab03SessionStats, OutOfOrderClicksKeepFirstAndLastByEventTime) {
  lab03::SessionStats s;
  for (const auto& c : {click("/b", 10), click("/a", 2), click("/c", 25), click("/a", 7)})
    lab03::add_click(s, c);
  EXPECT_EQ(s.first_click, from_millis(2 * 60'000));
  EXPECT_EQ(s.last_click, from_millis(25 * 60'000));
  EXPECT_EQ(s.pages_viewed, 4);
  EXPECT_EQ(s.distinct_pages.size(), 3u);
}

TEST(Lab03SessionStats, MergingTwoSessionsEqualsOneSessionOfAllTheirClicks) {
  streamlab::sim::SplitMix64 rng(2024);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<lab03::Click> clicks;
    const auto n = streamlab::sim::uniform_int(rng, 1, 30);
    for (std::int64_t i = 0; i < n; ++i)
      clicks.push_back(click("/p" + std::to_string(streamlab::sim::uniform_int(rng, 0, 6)),
                             streamlab::sim::uniform_int(rng, 0, 120)));
    const auto cut = static_cast<std::size_t>(streamlab::sim::uniform_int(rng, 0, n));
    lab03::SessionStats left;
    lab03::SessionStats right;
    for (std::size_t i = 0; i < clicks.size(); ++i) lab03::add_click(i < cut ? left : right, clicks[i]);
    lab03::merge_sessions(left, right);

    // Batch oracle: the summary written straight from its definition.
    std::set<std::string> pages;
    auto first = clicks.front().time;
    auto last = clicks.front().time;
    for (const auto& c : clicks) {
      pages.insert(c.page);
      first = std::min(first, c.time);
      last = std::max(last, c.time);
    }
    ASSERT_EQ(left.pages_viewed, n);
    ASSERT_EQ(left.distinct_pages, std::vector<std::string>(pages.begin(), pages.end()));
    ASSERT_EQ(left.first_click, first);
    ASSERT_EQ(left.last_click, last);
  }
}

TEST(Lab03SessionStats, MergingWithAnEmptySessionChangesNothing) {
  lab03::SessionStats s;
  lab03::add_click(s, click("/x", 5));
  const lab03::SessionStats before = s;
  lab03::merge_sessions(s, lab03::SessionStats{});
  EXPECT_EQ(s.pages_viewed, before.pages_viewed);
  EXPECT_EQ(s.distinct_pages, before.distinct_pages);
  EXPECT_EQ(s.first_click, before.first_click);
  EXPECT_EQ(s.last_click, before.last_click);
}

}  // namespace
