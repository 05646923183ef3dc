// A deliberately wrong lab 03 for the meta tests: sessions have no grace, so a click bridging a
// session that already fired can no longer merge into it.
#include "sessions.hpp"

#include "streamlab/streamlab.hpp"

namespace lab03 {
namespace {

Session to_session(const streamlab::WindowResult<std::string, SessionStats>& r) {
  Session s;
  s.user = r.key;
  s.start = r.window.start;
  s.end = r.window.end;
  s.duration = r.window.end - r.window.start;
  s.last_click = r.value.last_click;
  s.pages_viewed = r.value.pages_viewed;
  s.distinct_pages = static_cast<std::int64_t>(r.value.distinct_pages.size());
  s.pane = std::string{streamlab::to_string(r.pane)};
  return s;
}

}  // namespace

void build_sessions(streamlab::StreamsBuilder& builder, const SessionConfig& config) {
  namespace serdes = streamlab::serdes;
  auto clicks = builder.stream(
      config.clicks, streamlab::Consumed{serdes::String(), serdes::Json<Click>()}.withTimestampField("time"));

  clicks.groupBy([](const Click& c) { return c.user; })
      .windowedBy(streamlab::SessionWindows::withGap(config.gap))
      .aggregate([] { return SessionStats{}; },
                 [](const Click& click, SessionStats stats) {
                   add_click(stats, click);
                   return stats;
                 },
                 [](SessionStats into, const SessionStats& other) {
                   merge_sessions(into, other);
                   return into;
                 })
      .toStream()
      .mapValues(to_session)
      .to(config.sessions);
}

}  // namespace lab03
