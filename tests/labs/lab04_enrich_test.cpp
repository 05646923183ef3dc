// Lab 04 graded tests, part 1: the value joiner, on hand-written records.
#include <gtest/gtest.h>

#include "enrich.hpp"

namespace {

TEST(Lab04Enrich, MatchedOrderCarriesTheProfileFields) {
  const lab04::Order order{"o-1", "u-7", 25.5, streamlab::from_millis(1000)};
  const lab04::Profile profile{"u-7", "Ada Lovelace", "emea", "gold", streamlab::from_millis(10)};
  const auto e = lab04::enrich(order, profile);
  EXPECT_EQ(e.order_id, "o-1");
  EXPECT_EQ(e.user, "u-7");
  EXPECT_DOUBLE_EQ(e.amount, 25.5);
  EXPECT_EQ(e.time, streamlab::from_millis(1000)) << "the enriched event keeps the order's event time";
  EXPECT_TRUE(e.matched);
  EXPECT_EQ(e.name, "Ada Lovelace");
  EXPECT_EQ(e.region, "emea");
  EXPECT_EQ(e.tier, "gold");
}

TEST(Lab04Enrich, UnmatchedOrderHasAnEmptyProfile) {
  const lab04::Order order{"o-2", "u-9", 3.0, streamlab::from_millis(2000)};
  const auto e = lab04::enrich(order, std::nullopt);
  EXPECT_EQ(e.order_id, "o-2");
  EXPECT_FALSE(e.matched);
  EXPECT_TRUE(e.name.empty());
  EXPECT_TRUE(e.region.empty());
  EXPECT_TRUE(e.tier.empty());
  EXPECT_DOUBLE_EQ(e.amount, 3.0);
}

}  // namespace
