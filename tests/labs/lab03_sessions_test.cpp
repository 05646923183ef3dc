// Lab 03 graded tests, part 2: sessions on the simulator. Expected sessions come from hand-worked
// cases and from the batch oracle (oracle/sessions.hpp); never from the reference solution.
#include <gtest/gtest.h>

#include <source_location>
#include <string>
#include <string_view>
#include <vector>

#include "oracle/sessions.hpp"
#include "sessions.hpp"
#include "support/harness.hpp"
#include "support/result_diff.hpp"

namespace {

using streamlab::parse_timestamp;
using streamlab::to_millis;

const lab03::SessionConfig kConfig{};

std::int64_t ms(const char* iso) { return to_millis(parse_timestamp(iso)); }

labtest::Event click(const std::string& user, const std::string& page, const char* time) {
  const nlohmann::json v = {{"user", user}, {"page", page}, {"time", time}};
  return labtest::Event{kConfig.clicks, user, v.dump(), parse_timestamp(time), parse_timestamp(time), 0};
}

std::vector<labtest::Event> arriving_in_this_order(std::vector<labtest::Event> events) {
  for (std::size_t i = 0; i < events.size(); ++i)
    events[i].arrival = streamlab::from_millis(static_cast<std::int64_t>(i));
  return events;
}

labtest::RunResult run(const std::vector<labtest::Event>& events, std::int32_t partitions = 1) {
  return labtest::run_topology(lab03::streams_config(kConfig),
                               [](streamlab::StreamsBuilder& b) { lab03::build_sessions(b, kConfig); },
                               events, {{kConfig.clicks, partitions}});
}

struct Reported {
  oracle::SessionOut session;
  std::string pane;
  std::int64_t duration_ms;
};

std::vector<Reported> reported(const labtest::RunResult& r) {
  std::vector<Reported> out;
  for (const auto& j : labtest::json_values(r, kConfig.sessions)) {
    out.push_back({{j.at("user").get<std::string>(), ms(j.at("start").get<std::string>().c_str()),
                    ms(j.at("end").get<std::string>().c_str()), j.at("pages_viewed").get<std::int64_t>(),
                    j.at("distinct_pages").get<std::int64_t>()},
                   j.at("pane").get<std::string>(),
                   j.at("duration_ms").get<std::int64_t>()});
  }
  return out;
}

std::vector<oracle::SessionOut> sessions_only(const std::vector<Reported>& rs) {
  std::vector<oracle::SessionOut> out;
  for (const auto& r : rs) out.push_back(r.session);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<oracle::SessionOut> oracle_for(const std::vector<labtest::Event>& events) {
  std::vector<oracle::ClickIn> clicks;
  for (const auto& e : events) {
    const auto j = nlohmann::json::parse(e.value);
    clicks.push_back({j.at("user"), j.at("page"), to_millis(e.event_time)});
  }
  return oracle::batch_sessions(clicks, kConfig.gap.count());
}

/// Sessions as result rows keyed by (user, start), times in ISO form.
std::vector<labtest::ResultRow> rows(const std::vector<oracle::SessionOut>& sessions) {
  std::vector<labtest::ResultRow> out;
  for (const auto& s : sessions)
    out.push_back({{"user", s.user},
                   {"start", labtest::iso(s.start)},
                   {"end", labtest::iso(s.end)},
                   {"pages_viewed", std::to_string(s.pages_viewed)},
                   {"distinct_pages", std::to_string(s.distinct_pages)}});
  return out;
}

/// Checks the sessions reported (every pane) against the expected ones.
bool expect_sessions(const std::vector<oracle::SessionOut>& expected, const std::vector<Reported>& got,
                     std::string_view why, std::source_location where = std::source_location::current()) {
  return labtest::expect_same_results("sessions", rows(expected), rows(sessions_only(got)), 2, why, where);
}

TEST(Lab03Sessions, InactivityLongerThanTheGapStartsANewSession) {
  const auto r = reported(run(arriving_in_this_order(
      {click("u-1", "/a", "2025-06-22T10:00:00Z"), click("u-1", "/b", "2025-06-22T10:10:00Z"),
       click("u-1", "/a", "2025-06-22T10:20:00Z"), click("u-1", "/c", "2025-06-22T11:00:00Z")})));
  const std::vector<oracle::SessionOut> expected = {
      {"u-1", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T10:50:00Z"), 3, 2},
      {"u-1", ms("2025-06-22T11:00:00Z"), ms("2025-06-22T11:30:00Z"), 1, 1},
  };
  expect_sessions(expected, r,
                  "clicks at 10:00, 10:10, 10:20 are each less than the 30m gap apart: one session "
                  "[10:00, 10:20 + 30m = 10:50); the 11:00 click comes 40m after 10:20 and opens a new one");
  for (const auto& s : r) {
    EXPECT_EQ(s.pane, "ON_TIME") << "every click arrived in order, so no session changed after it fired: "
                                 << s.session.user << " [" << labtest::iso(s.session.start) << ", "
                                 << labtest::iso(s.session.end) << ")";
    EXPECT_EQ(s.duration_ms, s.session.end - s.session.start)
        << "duration is end - start of the session [" << labtest::iso(s.session.start) << ", "
        << labtest::iso(s.session.end) << ")";
  }
}

TEST(Lab03Sessions, ClicksExactlyOneGapApartStayInOneSession) {
  const auto r = reported(run(arriving_in_this_order(
      {click("u-1", "/a", "2025-06-22T10:00:00Z"), click("u-1", "/b", "2025-06-22T10:30:00Z")})));
  const std::vector<oracle::SessionOut> expected = {
      {"u-1", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T11:00:00Z"), 2, 2}};
  expect_sessions(expected, r,
                  "[10:00, 10:30) and [10:30, 11:00) touch (the first ends where the second starts), "
                  "and windows that touch merge");
}

TEST(Lab03Sessions, OutOfOrderClickBridgingTwoSessionsMergesThem) {
  // 10:00 and 10:30:30 are 30.5 minutes apart: two sessions, until the 10:15 click arrives
  // (within the watermark delay: W = 10:29:30, nothing fired yet) and bridges them.
  const auto r = reported(run(arriving_in_this_order({click("u-1", "/a", "2025-06-22T10:00:00Z"),
                                                      click("u-1", "/b", "2025-06-22T10:30:30Z"),
                                                      click("u-1", "/c", "2025-06-22T10:15:00Z")})));
  const std::vector<oracle::SessionOut> expected = {
      {"u-1", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T11:00:30Z"), 3, 3}};
  if (!expect_sessions(expected, r,
                       "the 10:15 click's window [10:15, 10:45) overlaps [10:00, 10:30) and "
                       "[10:30:30, 11:00:30), so the three merge into one session of 3 clicks"))
    return;
  EXPECT_EQ(r[0].pane, "ON_TIME") << "the merged session fired once, when the watermark passed 11:00:30";
}

TEST(Lab03Sessions, BridgingClickAfterTheFirstSessionFiredMergesIntoIt) {
  // [10:00, 10:30) fires when the 10:33 click moves W to 10:32; it is kept until W >= 10:35
  // (5 minutes of grace). The 10:20 click then bridges it with the 10:33 session.
  const auto r = reported(run(arriving_in_this_order({click("u-1", "/a", "2025-06-22T10:00:00Z"),
                                                      click("u-1", "/b", "2025-06-22T10:33:00Z"),
                                                      click("u-1", "/c", "2025-06-22T10:20:00Z")})));
  ASSERT_GE(r.size(), 2u)
      << "expected the session [10:00, 10:30) reported when it fired, then the merged one";
  labtest::expect_same_results(
      "first session reported", rows({{"u-1", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T10:30:00Z"), 1, 1}}),
      rows({r.front().session}), 2,
      "the 10:33 click moves the watermark to 10:32 >= 10:30, so [10:00, 10:30) fires with its one click");
  labtest::expect_same_results(
      "last session reported", rows({{"u-1", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T11:03:00Z"), 3, 3}}),
      rows({r.back().session}), 2,
      "[10:00, 10:30) is kept 5 minutes after it fired (grace, until W >= 10:35); the 10:20 click arrives "
      "at W = 10:32, its window [10:20, 10:50) bridges [10:00, 10:30) and [10:33, 11:03): one session "
      "[10:00, 11:03) of 3 clicks");
}

TEST(Lab03Sessions, UsersAreSessionizedIndependently) {
  const auto r = reported(run(arriving_in_this_order({click("u-1", "/a", "2025-06-22T10:00:00Z"),
                                                      click("u-2", "/a", "2025-06-22T10:05:00Z"),
                                                      click("u-1", "/b", "2025-06-22T10:20:00Z")})));
  const std::vector<oracle::SessionOut> expected = {
      {"u-1", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T10:50:00Z"), 2, 2},
      {"u-2", ms("2025-06-22T10:05:00Z"), ms("2025-06-22T10:35:00Z"), 1, 1}};
  expect_sessions(expected, r, "sessions are per user: u-2's click at 10:05 never joins u-1's session");
}

TEST(Lab03Sessions, DatasetInOrderMatchesTheBatchSessions) {
  const auto events = labtest::in_order_events(kConfig.clicks, "clicks.jsonl", "user");
  const auto r = run(events);
  expect_sessions(oracle_for(events), reported(r),
                  "the batch sessions of clicks.jsonl: per user, clicks sorted by time, cut where two "
                  "are more than 30m apart");
  EXPECT_TRUE(r.accounting.invariant_holds())
      << "every input record is counted once: in, late or dead letter";
}

TEST(Lab03Sessions, DatasetUnderJitterMatchesTheBatchSessions) {
  std::int32_t partitions = 1;
  const auto events = labtest::scenario_events(kConfig.clicks, "clicks.jsonl", "jitter", partitions, "user");
  expect_sessions(oracle_for(events), reported(run(events, partitions)),
                  "the batch sessions of clicks.jsonl: jitter delays clicks by less than the watermark "
                  "delay, so no click is late and the sessions are the batch ones");
}

TEST(Lab03Sessions, BridgingClickMergesTheDistinctPagesOfBothSessions) {
  // u-7 views /home and /cart in [10:00, 10:40), then /home again from 10:45: two sessions. The
  // 10:25 click arrives after [10:00, 10:40) fired (W = 10:44) but within its grace (kept until
  // W >= 10:45) and bridges both: one session of 5 clicks and 3 distinct pages, not 4 or 5.
  const auto r = reported(run(arriving_in_this_order(
      {click("u-7", "/home", "2025-06-22T10:00:00Z"), click("u-7", "/cart", "2025-06-22T10:10:00Z"),
       click("u-7", "/home", "2025-06-22T10:45:00Z"), click("u-7", "/pay", "2025-06-22T10:25:00Z"),
       click("u-7", "/cart", "2025-06-22T10:50:00Z")})));
  ASSERT_FALSE(r.empty()) << "no session was reported";
  labtest::expect_same_results(
      "last session reported", rows({{"u-7", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T11:20:00Z"), 5, 3}}),
      rows({r.back().session}), 2,
      "[10:00, 10:40) {/home, /cart} fired at W = 10:44 and is kept until W >= 10:45 (5m grace); the "
      "click at 10:25 arrives before that and its window [10:25, 10:55) bridges it with [10:45, 11:15) "
      "{/home}; then /cart at 10:50: 5 pages viewed, distinct pages {/cart, /home, /pay} = 3. A merger "
      "that appends the other session's pages without removing repeats counts /home twice");
}

}  // namespace
