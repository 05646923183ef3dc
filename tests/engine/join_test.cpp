// Hand-worked cases for the three joins of docs/semantics.md ("Joins"): as of arrival, temporal
// (versioned table, buffer, grace, history) and windowed stream-stream (within, grace, close).
// Every expected row was worked out on paper from the rules, in milliseconds.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "streamlab/engine/arrival_join.hpp"
#include "streamlab/engine/interval_join.hpp"
#include "streamlab/engine/temporal_join.hpp"

namespace streamlab::test {
namespace {

using S = std::string;

// One row as text: `key@time left|right@right_time`, `-` for an absent side.
template <class Row>
S row_text(const Row& r) {
  S out = *r.key + "@" + std::to_string(to_millis(r.time)) + " " + (r.left ? *r.left : S("-")) + "|" +
          (r.right ? *r.right : S("-"));
  if (r.right_time) out += "@" + std::to_string(to_millis(*r.right_time));
  return out;
}

// One drop as text: `fate side value`.
template <class Drop>
S drop_text(const Drop& d) {
  return S(to_string(d.fate)) + " " + S(to_string(d.side)) + " " + *d.value;
}

template <class Join>
struct Capture {
  std::vector<S> rows;
  std::vector<S> drops;
  auto row_sink() {
    return [this](const typename Join::Row& r) { rows.push_back(row_text(r)); };
  }
  auto left_sink() {
    return [this](const typename Join::LeftDrop& d) { drops.push_back(drop_text(d)); };
  }
  auto right_sink() {
    return [this](const typename Join::RightDrop& d) { drops.push_back(drop_text(d)); };
  }
};

Timestamp ms(std::int64_t t) { return from_millis(t); }

void expect_accounted(const JoinSideCounts& c) {
  EXPECT_EQ(c.read, c.joined + c.unmatched + c.late) << "a record is still pending after the end";
}

// ---------------------------------------------------------------- as of arrival

using Arrival = ArrivalJoin<S, S, S>;

TEST(ArrivalJoin, JoinsWithTheRowPresentOnArrivalAndNeverReEmits) {
  Capture<Arrival> c;
  Arrival j(JoinType::Inner, c.row_sink(), c.left_sink(), c.right_sink());
  j.on_left("u1", ms(100), "click1");  // no row yet: unmatched
  j.on_right("u1", ms(50), "gold");    // a profile older than the click, arriving after it
  j.on_left("u1", ms(90), "click2");   // joined with gold although 90 > 50 does not matter
  j.on_right("u1", ms(200), "silver");
  j.on_left("u1", ms(10), "click3");  // as of arrival: silver, whatever its time
  j.end_of_input();
  EXPECT_EQ(c.rows, (std::vector<S>{"u1@90 click2|gold@50", "u1@10 click3|silver@200"}));
  EXPECT_EQ(c.drops, (std::vector<S>{"unmatched left click1"}));
  EXPECT_EQ(j.left_counts(), (JoinSideCounts{3, 2, 1, 0}));
  EXPECT_EQ(j.right_counts(), (JoinSideCounts{2, 2, 0, 0}));
}

TEST(ArrivalJoin, LeftJoinEmitsTheUnmatchedWithAnEmptyRightAndUnusedRowsAreCounted) {
  Capture<Arrival> c;
  Arrival j(JoinType::Left, c.row_sink(), c.left_sink(), c.right_sink());
  j.on_right("u2", ms(0), "old");
  j.on_right("u2", ms(5), "new");  // replaces `old`, which nobody used
  j.on_left("u1", ms(7), "a");
  j.on_right("u3", ms(8), "never");
  j.end_of_input();
  EXPECT_EQ(c.rows, (std::vector<S>{"u1@7 a|-"}));
  EXPECT_EQ(c.drops, (std::vector<S>{"unmatched right old", "unmatched right new", "unmatched right never"}));
  EXPECT_EQ(j.left_counts(), (JoinSideCounts{1, 0, 1, 0}));
  EXPECT_EQ(j.right_counts(), (JoinSideCounts{3, 0, 3, 0}));
}

// ---------------------------------------------------------------- temporal

using Temporal = TemporalJoin<S, S, S>;

TEST(TemporalJoin, AProfileArrivingAfterTheClickStillEnrichesItWhileTheClickWaits) {
  // Table watermark moved by the caller. Grace 1h: only the watermark releases here.
  Capture<Temporal> c;
  Temporal j({JoinType::Inner, std::chrono::hours(1), std::nullopt}, c.row_sink(), c.left_sink(),
             c.right_sink());
  j.on_right("u1", ms(0), "v0");
  j.on_table_watermark(ms(0));
  j.on_left("u1", ms(100), "click");  // W_T = 0, not > 100: waits
  EXPECT_EQ(j.buffered(), 1U);
  j.on_right("u1", ms(60), "v60");  // the late profile: valid from 60, so at 100
  j.on_table_watermark(ms(60));     // 60 > 100? no: still waits
  EXPECT_TRUE(c.rows.empty());
  j.on_right("u1", ms(101), "v101");
  j.on_table_watermark(ms(101));  // 101 > 100: released, joined with the version at 100 = v60
  EXPECT_EQ(c.rows, (std::vector<S>{"u1@100 click|v60@60"}));
  j.end_of_input();
  EXPECT_EQ(c.drops, (std::vector<S>{"unmatched right v0", "unmatched right v101"}));
  EXPECT_EQ(j.left_counts(), (JoinSideCounts{1, 1, 0, 0}));
  EXPECT_EQ(j.right_counts(), (JoinSideCounts{3, 1, 2, 0}));
}

TEST(TemporalJoin, TheReleaseConditionIsStrict_WatermarkEqualToTheTimeKeepsWaiting) {
  Capture<Temporal> c;
  Temporal j({JoinType::Left, std::chrono::hours(1), std::nullopt}, c.row_sink());
  j.on_left("k", ms(100), "x");
  j.on_table_watermark(ms(100));  // a version at exactly 100 may still come
  EXPECT_TRUE(c.rows.empty());
  j.on_right("k", ms(100), "at100");
  j.on_table_watermark(ms(101));
  EXPECT_EQ(c.rows, (std::vector<S>{"k@100 x|at100@100"}));
}

TEST(TemporalJoin, GraceOnTheStreamClockReleasesWhenTheTableWatermarkStalls) {
  // Grace 30: a click at t leaves when a click at >= t + 30 has been seen, in (time, arrival) order.
  Capture<Temporal> c;
  Temporal j({JoinType::Left, Duration{30}, std::nullopt}, c.row_sink(), c.left_sink(), c.right_sink());
  j.on_right("a", ms(0), "A0");
  j.on_left("a", ms(20), "c20");
  j.on_left("b", ms(10), "c10");  // out of order on the stream side
  j.on_left("a", ms(39), "c39");  // stream time 39: releases t <= 9: none
  EXPECT_TRUE(c.rows.empty());
  j.on_right("a", ms(15), "A15");  // the table watermark does not move (the caller never raises it)
  j.on_left("a", ms(50), "c50");   // stream time 50: releases t <= 20 in time order: c10, c20
  EXPECT_EQ(c.rows, (std::vector<S>{"b@10 c10|-", "a@20 c20|A15@15"}));
  j.end_of_input();  // the rest, in time order
  EXPECT_EQ(c.rows, (std::vector<S>{"b@10 c10|-", "a@20 c20|A15@15", "a@39 c39|A15@15", "a@50 c50|A15@15"}));
  EXPECT_EQ(c.drops, (std::vector<S>{"unmatched right A0"}));
  EXPECT_EQ(j.left_counts(), (JoinSideCounts{4, 3, 1, 0}));
  EXPECT_EQ(j.right_counts(), (JoinSideCounts{2, 1, 1, 0}));
}

TEST(TemporalJoin, ZeroGraceReleasesOnArrivalWithTheVersionsKnownThen) {
  Capture<Temporal> c;
  Temporal j({JoinType::Inner, Duration{0}, std::nullopt}, c.row_sink(), c.left_sink(), c.right_sink());
  j.on_left("u", ms(100), "early");  // released at once: no version yet
  j.on_right("u", ms(50), "p50");
  j.on_left("u", ms(100), "second");  // released at once, with p50
  j.end_of_input();
  EXPECT_EQ(c.rows, (std::vector<S>{"u@100 second|p50@50"}));
  EXPECT_EQ(c.drops, (std::vector<S>{"unmatched left early"}));
}

TEST(TemporalJoin, HistoryFreesOldVersionsKeepsTheOneValidAtTheHorizonAndRejectsOlderRecords) {
  // History 100 behind the table watermark.
  Capture<Temporal> c;
  Temporal j({JoinType::Inner, Duration{0}, Duration{100}}, c.row_sink(), c.left_sink(), c.right_sink());
  j.on_right("k", ms(0), "v0");
  j.on_right("k", ms(300), "v300");
  j.on_right("k", ms(500), "v500");
  j.on_table_watermark(ms(600));  // horizon 500: v0 freed (never used); v300 stays (valid until 500)
  EXPECT_EQ(j.versions(), 2U);
  EXPECT_EQ(c.drops, (std::vector<S>{"unmatched right v0"}));
  j.on_left("k", ms(499), "late");   // 499 < 500: late
  j.on_left("k", ms(500), "edge");   // at the horizon: joined with v500
  j.on_right("k", ms(450), "v450");  // 450 < 500: a late version
  j.on_table_watermark(ms(700));     // horizon 600: v300 freed unused (v500 is valid at 600)
  j.end_of_input();
  EXPECT_EQ(c.rows, (std::vector<S>{"k@500 edge|v500@500"}));
  EXPECT_EQ(c.drops, (std::vector<S>{"unmatched right v0", "late left late", "late right v450",
                                     "unmatched right v300"}));
  EXPECT_EQ(j.left_counts(), (JoinSideCounts{2, 1, 0, 1}));
  EXPECT_EQ(j.right_counts(), (JoinSideCounts{4, 1, 2, 1}));
}

TEST(TemporalJoin, BufferedRecordsAreServedBeforeTheWatermarkFreesTheirVersion) {
  // One watermark jump both releases a waiting record and moves the horizon past its time.
  Capture<Temporal> c;
  Temporal j({JoinType::Inner, std::chrono::hours(1), Duration{10}}, c.row_sink(), c.left_sink(),
             c.right_sink());
  j.on_right("k", ms(0), "v0");
  j.on_right("k", ms(50), "v50");
  j.on_table_watermark(ms(1));
  j.on_left("k", ms(40), "wait");  // horizon -9: not late; W_T = 1: waits
  j.on_table_watermark(ms(1000));  // release first (v0 valid at 40), then free
  EXPECT_EQ(c.rows, (std::vector<S>{"k@40 wait|v0@0"}));
  EXPECT_EQ(j.buffered(), 0U);
  EXPECT_EQ(j.versions(), 1U);  // v50, the one valid at the horizon 990
}

TEST(TemporalJoin, SameTimeVersionReplacesTheEarlierArrival) {
  Capture<Temporal> c;
  Temporal j({JoinType::Inner, Duration{0}, std::nullopt}, c.row_sink(), c.left_sink(), c.right_sink());
  j.on_right("k", ms(10), "first");
  j.on_right("k", ms(10), "second");
  j.on_left("k", ms(10), "x");
  j.end_of_input();
  EXPECT_EQ(c.rows, (std::vector<S>{"k@10 x|second@10"}));
  EXPECT_EQ(c.drops, (std::vector<S>{"unmatched right first"}));
}

TEST(TemporalJoin, OuterIsRefused) {
  EXPECT_THROW(Temporal({JoinType::Outer, Duration{0}, std::nullopt}, {}), std::invalid_argument);
}

TEST(TemporalJoin, SnapshotAndRestoreKeepBufferedRecordsAndVersions) {
  Capture<Temporal> a;
  Capture<Temporal> b;
  const TemporalJoinConfig config{JoinType::Left, std::chrono::hours(1), Duration{1000}};
  Temporal first(config, a.row_sink(), a.left_sink(), a.right_sink());
  first.on_right("k", ms(0), "v0");
  first.on_left("k", ms(5), "waiting");
  first.on_table_watermark(ms(2));
  Temporal second(config, b.row_sink(), b.left_sink(), b.right_sink());
  second.restore(first.snapshot());
  EXPECT_EQ(second.buffered(), 1U);
  EXPECT_EQ(second.versions(), 1U);
  second.on_right("k", ms(4), "v4");
  second.on_table_watermark(ms(6));
  EXPECT_EQ(b.rows, (std::vector<S>{"k@5 waiting|v4@4"}));
  EXPECT_EQ(second.left_counts(), (JoinSideCounts{1, 1, 0, 0}));
}

// ---------------------------------------------------------------- windowed stream-stream

using Interval = IntervalJoin<S, S, S>;

TEST(IntervalJoin, PairsWithinTheWindowBothWaysAndEmitsAtTheLaterTime) {
  Capture<Interval> c;
  Interval j({JoinType::Inner, Duration{10}, Duration{0}}, c.row_sink(), c.left_sink(), c.right_sink());
  j.on_left("k", ms(100), "L100");
  j.on_right("k", ms(110), "R110");  // |100-110| = 10 <= 10: a pair at 110
  j.on_right("k", ms(89), "R89");    // 11 apart: no pair
  j.on_right("k", ms(90), "R90");    // exactly 10 before: a pair at 100
  j.on_left("x", ms(95), "other");   // another key never pairs
  j.end_of_input();
  EXPECT_EQ(c.rows, (std::vector<S>{"k@110 L100|R110@110", "k@100 L100|R90@90"}));
  EXPECT_EQ(c.drops, (std::vector<S>{"unmatched right R89", "unmatched left other"}));
  EXPECT_EQ(j.left_counts(), (JoinSideCounts{2, 1, 1, 0}));
  EXPECT_EQ(j.right_counts(), (JoinSideCounts{3, 2, 1, 0}));
}

TEST(IntervalJoin, LeftNonMatchesWaitUntilTheWindowClosesNeverEagerly) {
  // d = 10, G = 5: a left record at 100 closes when W > 115.
  Capture<Interval> c;
  Interval j({JoinType::Left, Duration{10}, Duration{5}}, c.row_sink(), c.left_sink(), c.right_sink());
  j.on_left("k", ms(100), "L");
  j.on_watermark(ms(115));  // W = 115: not > 115, still open
  EXPECT_TRUE(c.rows.empty());
  j.on_right("k", ms(110), "R");  // on time (W 115 <= 110 + 5): pairs
  EXPECT_EQ(c.rows, (std::vector<S>{"k@110 L|R@110"}));
  j.on_left("k", ms(111), "L2");  // pairs with R (|111-110| <= 10)
  j.on_left("k", ms(112), "L3");
  j.on_watermark(ms(116));  // closes L (matched): nothing; L2, L3 still open (close at > 126, > 127)
  EXPECT_EQ(c.rows.size(), 3U);
  j.on_watermark(ms(200));  // closes R (matched), L2 (matched), L3 (matched with R: 112-110 = 2)
  EXPECT_EQ(c.rows, (std::vector<S>{"k@110 L|R@110", "k@111 L2|R@110", "k@112 L3|R@110"}));
  EXPECT_EQ(j.held(), 0U);
}

TEST(IntervalJoin, OuterEmitsBothSidesAloneAtCloseInTimeOrder) {
  Capture<Interval> c;
  Interval j({JoinType::Outer, Duration{5}, Duration{0}}, c.row_sink(), c.left_sink(), c.right_sink());
  j.on_right("b", ms(30), "R30");
  j.on_left("a", ms(20), "L20");
  j.on_left("a", ms(40), "L40");
  j.on_watermark(ms(36));  // closes t + 5 < 36: L20 (25), R30 (35)
  EXPECT_EQ(c.rows, (std::vector<S>{"a@20 L20|-", "b@30 -|R30@30"}));
  j.end_of_input();
  EXPECT_EQ(c.rows, (std::vector<S>{"a@20 L20|-", "b@30 -|R30@30", "a@40 L40|-"}));
  EXPECT_TRUE(c.drops.empty());
  EXPECT_EQ(j.left_counts(), (JoinSideCounts{2, 0, 2, 0}));
  EXPECT_EQ(j.right_counts(), (JoinSideCounts{1, 0, 1, 0}));
}

TEST(IntervalJoin, ARecordBehindTheWatermarkByMoreThanTheGraceIsLate) {
  Capture<Interval> c;
  Interval j({JoinType::Outer, Duration{50}, Duration{10}}, c.row_sink(), c.left_sink(), c.right_sink());
  j.on_left("k", ms(100), "held");  // closes when W > 160
  j.on_watermark(ms(120));
  j.on_right("k", ms(110), "ok");    // W 120 <= 110 + 10: on time, pairs
  j.on_right("k", ms(109), "late");  // W 120 > 119: late, joins nothing although `held` is in state
  j.end_of_input();
  EXPECT_EQ(c.rows, (std::vector<S>{"k@110 held|ok@110"}));
  EXPECT_EQ(c.drops, (std::vector<S>{"late right late"}));
  EXPECT_EQ(j.right_counts(), (JoinSideCounts{2, 1, 0, 1}));
}

TEST(IntervalJoin, TheWatermarkFreesStateAndSnapshotRestoreKeepsWhatIsHeld) {
  Capture<Interval> a;
  Capture<Interval> b;
  const IntervalJoinConfig config{JoinType::Left, Duration{10}, Duration{0}};
  Interval first(config, a.row_sink());
  first.on_left("k", ms(0), "L0");
  first.on_left("k", ms(100), "L100");
  first.on_watermark(ms(50));  // L0 closes (10 < 50), L100 stays
  EXPECT_EQ(first.held(), 1U);
  EXPECT_EQ(a.rows, (std::vector<S>{"k@0 L0|-"}));
  Interval second(config, b.row_sink());
  second.restore(first.snapshot());
  EXPECT_EQ(second.held(), 1U);
  second.on_right("k", ms(105), "R");
  second.end_of_input();
  EXPECT_EQ(b.rows, (std::vector<S>{"k@105 L100|R@105"}));
  EXPECT_EQ(second.held(), 0U);
  expect_accounted(second.left_counts());
  expect_accounted(second.right_counts());
}

}  // namespace
}  // namespace streamlab::test
