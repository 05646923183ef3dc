// Lab 03 graded tests, part 2: sessions on the simulator. Expected sessions come from hand-worked
// cases and from the batch oracle (oracle/sessions.hpp); never from the reference solution.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "oracle/sessions.hpp"
#include "sessions.hpp"
#include "support/harness.hpp"

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

TEST(Lab03Sessions, InactivityLongerThanTheGapStartsANewSession) {
  const auto r = reported(run(arriving_in_this_order(
      {click("u-1", "/a", "2025-06-22T10:00:00Z"), click("u-1", "/b", "2025-06-22T10:10:00Z"),
       click("u-1", "/a", "2025-06-22T10:20:00Z"), click("u-1", "/c", "2025-06-22T11:00:00Z")})));
  ASSERT_EQ(r.size(), 2u);
  const std::vector<oracle::SessionOut> expected = {
      {"u-1", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T10:50:00Z"), 3, 2},
      {"u-1", ms("2025-06-22T11:00:00Z"), ms("2025-06-22T11:30:00Z"), 1, 1},
  };
  EXPECT_EQ(sessions_only(r), expected);
  for (const auto& s : r) {
    EXPECT_EQ(s.pane, "ON_TIME");
    EXPECT_EQ(s.duration_ms, s.session.end - s.session.start);
  }
}

TEST(Lab03Sessions, ClicksExactlyOneGapApartStayInOneSession) {
  const auto r = reported(run(arriving_in_this_order(
      {click("u-1", "/a", "2025-06-22T10:00:00Z"), click("u-1", "/b", "2025-06-22T10:30:00Z")})));
  const std::vector<oracle::SessionOut> expected = {
      {"u-1", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T11:00:00Z"), 2, 2}};
  EXPECT_EQ(sessions_only(r), expected);
}

TEST(Lab03Sessions, OutOfOrderClickBridgingTwoSessionsMergesThem) {
  // 10:00 and 10:30:30 are 30.5 minutes apart: two sessions, until the 10:15 click arrives
  // (within the watermark delay: W = 10:29:30, nothing fired yet) and bridges them.
  const auto r = reported(run(arriving_in_this_order({click("u-1", "/a", "2025-06-22T10:00:00Z"),
                                                      click("u-1", "/b", "2025-06-22T10:30:30Z"),
                                                      click("u-1", "/c", "2025-06-22T10:15:00Z")})));
  const std::vector<oracle::SessionOut> expected = {
      {"u-1", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T11:00:30Z"), 3, 3}};
  EXPECT_EQ(sessions_only(r), expected);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].pane, "ON_TIME");
}

TEST(Lab03Sessions, BridgingClickAfterTheFirstSessionFiredMergesIntoIt) {
  // [10:00, 10:30) fires when the 10:33 click moves W to 10:32; it is kept until W >= 10:35
  // (5 minutes of grace). The 10:20 click then bridges it with the 10:33 session.
  const auto r = reported(run(arriving_in_this_order({click("u-1", "/a", "2025-06-22T10:00:00Z"),
                                                      click("u-1", "/b", "2025-06-22T10:33:00Z"),
                                                      click("u-1", "/c", "2025-06-22T10:20:00Z")})));
  ASSERT_GE(r.size(), 2u);
  EXPECT_EQ(r.front().session,
            (oracle::SessionOut{"u-1", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T10:30:00Z"), 1, 1}))
      << "the first session was reported when it fired";
  EXPECT_EQ(r.back().session,
            (oracle::SessionOut{"u-1", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T11:03:00Z"), 3, 3}))
      << "the last report is the merged session";
}

TEST(Lab03Sessions, UsersAreSessionizedIndependently) {
  const auto r = reported(run(arriving_in_this_order({click("u-1", "/a", "2025-06-22T10:00:00Z"),
                                                      click("u-2", "/a", "2025-06-22T10:05:00Z"),
                                                      click("u-1", "/b", "2025-06-22T10:20:00Z")})));
  const std::vector<oracle::SessionOut> expected = {
      {"u-1", ms("2025-06-22T10:00:00Z"), ms("2025-06-22T10:50:00Z"), 2, 2},
      {"u-2", ms("2025-06-22T10:05:00Z"), ms("2025-06-22T10:35:00Z"), 1, 1}};
  EXPECT_EQ(sessions_only(r), expected);
}

TEST(Lab03Sessions, DatasetInOrderMatchesTheBatchSessions) {
  const auto events = labtest::in_order_events(kConfig.clicks, "clicks.jsonl", "user");
  const auto r = run(events);
  EXPECT_EQ(sessions_only(reported(r)), oracle_for(events));
  EXPECT_TRUE(r.accounting.invariant_holds());
}

TEST(Lab03Sessions, DatasetUnderJitterMatchesTheBatchSessions) {
  std::int32_t partitions = 1;
  const auto events = labtest::scenario_events(kConfig.clicks, "clicks.jsonl", "jitter", partitions, "user");
  EXPECT_EQ(sessions_only(reported(run(events, partitions))), oracle_for(events));
}

}  // namespace
