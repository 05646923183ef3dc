// What a failing assertion prints for event times, durations, windows, panes and lab values:
// ISO-8601 times and field names, never GoogleTest's raw bytes. Expected texts are written by hand.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "sessions.hpp"
#include "streamlab/engine/pane.hpp"
#include "streamlab/engine/window.hpp"
#include "streamlab/time.hpp"

namespace {

using streamlab::parse_timestamp;

TEST(Printers, TimestampsPrintAsIsoUtc) {
  EXPECT_EQ(::testing::PrintToString(parse_timestamp("2025-06-22T10:15:00Z")), "2025-06-22T10:15:00Z");
  EXPECT_EQ(::testing::PrintToString(parse_timestamp("2025-06-22T12:15:00.250+02:00")),
            "2025-06-22T10:15:00.250Z");
  EXPECT_EQ(::testing::PrintToString(streamlab::kMinTimestamp), "-inf");
}

TEST(Printers, DurationsPrintInTheSyntaxFlagsTake) {
  EXPECT_EQ(::testing::PrintToString(streamlab::Duration{std::chrono::minutes{90}}), "1h30m");
  EXPECT_EQ(::testing::PrintToString(streamlab::Duration{500}), "500ms");
}

TEST(Printers, WindowsAndPanesPrintTheirMeaning) {
  const streamlab::Window w{parse_timestamp("2025-06-22T10:00:00Z"), parse_timestamp("2025-06-22T10:30:00Z")};
  EXPECT_EQ(::testing::PrintToString(w), "[2025-06-22T10:00:00Z, 2025-06-22T10:30:00Z)");
  EXPECT_EQ(::testing::PrintToString(streamlab::Pane::Late), "LATE");
  EXPECT_EQ(::testing::PrintToString(streamlab::Pane::OnTime), "ON_TIME");
}

TEST(Printers, LabValuesPrintWithFieldNamesAndIsoTimes) {
  lab03::Session s;
  s.user = "u-7";
  s.start = parse_timestamp("2025-06-22T10:00:00Z");
  s.end = parse_timestamp("2025-06-22T10:45:00Z");
  s.duration = s.end - s.start;
  s.last_click = parse_timestamp("2025-06-22T10:15:00Z");
  s.pages_viewed = 5;
  s.distinct_pages = 3;
  s.pane = "ON_TIME";
  const std::string text = ::testing::PrintToString(s);
  for (const char* part :
       {R"("user":"u-7")", R"("start":"2025-06-22T10:00:00Z")", R"("end":"2025-06-22T10:45:00Z")",
        R"("pages_viewed":5)", R"("distinct_pages":3)", R"("duration":"45m")"})
    EXPECT_NE(text.find(part), std::string::npos) << part << " in " << text;

  lab03::SessionStats empty;
  std::ostringstream out;
  out << empty;
  EXPECT_NE(out.str().find(R"("first_click":"+inf")"), std::string::npos) << out.str();
}

}  // namespace
