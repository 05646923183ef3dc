// Window assignment rules: half-open windows aligned to the epoch, floor division before the
// epoch, hopping membership, session merge predicate, and the spec parser.
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "streamlab/engine/window.hpp"

namespace streamlab {
namespace {

Window w(std::int64_t s, std::int64_t e) { return Window{from_millis(s), from_millis(e)}; }

TEST(WindowAssignment, EventExactlyAtWindowEndBelongsToTheNextTumblingWindow) {
  const auto spec = WindowSpec::tumbling(Duration{10});
  EXPECT_EQ(spec.assign(from_millis(10)), std::vector<Window>{w(10, 20)});
  EXPECT_EQ(spec.assign(from_millis(9)), std::vector<Window>{w(0, 10)});
  EXPECT_EQ(spec.assign(from_millis(0)), std::vector<Window>{w(0, 10)});
}

TEST(WindowAssignment, TumblingUsesFloorDivisionBeforeTheEpoch) {
  const auto spec = WindowSpec::tumbling(Duration{10});
  EXPECT_EQ(spec.assign(from_millis(-1)), std::vector<Window>{w(-10, 0)});
  EXPECT_EQ(spec.assign(from_millis(-10)), std::vector<Window>{w(-10, 0)});
  EXPECT_EQ(spec.assign(from_millis(-11)), std::vector<Window>{w(-20, -10)});
}

TEST(WindowAssignment, HoppingEventBelongsToSizeOverAdvanceWindowsWhenAdvanceDividesSize) {
  const auto spec = WindowSpec::hopping(Duration{30}, Duration{10});
  EXPECT_EQ(spec.assign(from_millis(25)), (std::vector<Window>{w(0, 30), w(10, 40), w(20, 50)}));
  EXPECT_EQ(spec.assign(from_millis(30)), (std::vector<Window>{w(10, 40), w(20, 50), w(30, 60)}));
  EXPECT_EQ(spec.assign(from_millis(-5)), (std::vector<Window>{w(-30, 0), w(-20, 10), w(-10, 20)}));
  const auto half = WindowSpec::hopping(Duration{10}, Duration{5});
  EXPECT_EQ(half.assign(from_millis(7)), (std::vector<Window>{w(0, 10), w(5, 15)}));
}

TEST(WindowAssignment, HoppingWithAdvanceNotDividingSizeListsEveryWindowContainingTheEvent) {
  const auto spec = WindowSpec::hopping(Duration{10}, Duration{4});
  // Starts 0, 4, 8 contain 9: [0,10), [4,14), [8,18).
  EXPECT_EQ(spec.assign(from_millis(9)), (std::vector<Window>{w(0, 10), w(4, 14), w(8, 18)}));
  // 10 is in [4,14) and [8,18) only.
  EXPECT_EQ(spec.assign(from_millis(10)), (std::vector<Window>{w(4, 14), w(8, 18)}));
}

TEST(WindowAssignment, HoppingAdvanceLargerThanSizeIsRejected) {
  EXPECT_THROW((void)WindowSpec::hopping(Duration{5}, Duration{10}), std::invalid_argument);
  EXPECT_THROW((void)parse_window_spec("hopping:5m,10m"), std::invalid_argument);
}

TEST(WindowAssignment, HoppingThatPutsAnEventInMoreThan10000WindowsIsRejected) {
  EXPECT_THROW((void)WindowSpec::hopping(std::chrono::days{1}, Duration{1}), std::invalid_argument);
  // The hopping:100s,1ms: 100000 windows per event.
  EXPECT_THROW((void)parse_window_spec("hopping:100s,1ms"), std::invalid_argument);
  EXPECT_THROW((void)WindowSpec::hopping(Duration{10'001}, Duration{1}), std::invalid_argument);
  EXPECT_NO_THROW((void)WindowSpec::hopping(Duration{10'000}, Duration{1}));
  EXPECT_NO_THROW((void)parse_window_spec("hopping:1h,1s"));  // 3600 windows
}

TEST(WindowAssignment, SessionEventOpensItsOwnGapWindow) {
  const auto spec = WindowSpec::session(Duration{30});
  EXPECT_EQ(spec.assign(from_millis(100)), std::vector<Window>{w(100, 130)});
}

TEST(WindowAssignment, SessionWindowsThatTouchOrOverlapMergeAndDisjointOnesDoNot) {
  EXPECT_TRUE(windows_merge(w(0, 10), w(10, 20)));  // touch at exactly the gap
  EXPECT_TRUE(windows_merge(w(0, 10), w(5, 15)));
  EXPECT_TRUE(windows_merge(w(10, 20), w(0, 10)));
  EXPECT_FALSE(windows_merge(w(0, 10), w(11, 21)));
  EXPECT_EQ(merged_window(w(0, 10), w(5, 25)), w(0, 25));
}

TEST(WindowAssignment, SpecParserReadsEveryKindAndNamesErrors) {
  EXPECT_EQ(parse_window_spec("tumbling:10m"), WindowSpec::tumbling(std::chrono::minutes{10}));
  EXPECT_EQ(parse_window_spec("hopping:10m,5m"),
            WindowSpec::hopping(std::chrono::minutes{10}, std::chrono::minutes{5}));
  EXPECT_EQ(parse_window_spec("session:30s"), WindowSpec::session(std::chrono::seconds{30}));
  EXPECT_EQ(parse_window_spec("hopping:10m,5m").describe(), "hopping:10m,5m");
  EXPECT_THROW((void)parse_window_spec("tumbling:abc"), std::invalid_argument);
  EXPECT_THROW((void)parse_window_spec("rolling:10m"), std::invalid_argument);
  EXPECT_THROW((void)parse_window_spec("tumbling:0s"), std::invalid_argument);
  EXPECT_THROW((void)parse_window_spec("hopping:10m"), std::invalid_argument);
}

}  // namespace
}  // namespace streamlab
