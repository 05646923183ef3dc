/// @file
/// Lab 03, part 2: the sessionization topology (session windows per user, with merging).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "session_summary.hpp"
#include "streamlab/labs/json_time.hpp"
#include "streamlab/labs/print.hpp"
#include "streamlab/dsl/fwd.hpp"
#include "streamlab/dsl/streams_config.hpp"

namespace lab03 {

/// One reported session of a user.
struct Session {
  std::string user;                 ///< Who.
  streamlab::Timestamp start;       ///< The session window's start: the first click.
  streamlab::Timestamp end;         ///< The session window's end: the last click + the gap.
  streamlab::Duration duration{};   ///< end - start (as Spark's session_window reports it).
  streamlab::Timestamp last_click;  ///< The last click.
  std::int64_t pages_viewed{0};     ///< Clicks in the session.
  std::int64_t distinct_pages{0};   ///< Different pages viewed.
  std::string pane;                 ///< `ON_TIME`, or `LATE` when a late click changed it.
};

/// The topics and parameters of the lab.
struct SessionConfig {
  std::string clicks{"clicks"};                       ///< Input: Click values.
  std::string sessions{"sessions"};                   ///< Output: Session values as JSON, keyed by user.
  streamlab::Duration gap{std::chrono::minutes{30}};  ///< Inactivity that ends a session.
  streamlab::Duration watermark_delay{std::chrono::minutes{1}};   ///< Bounded out-of-orderness.
  streamlab::Duration allowed_lateness{std::chrono::minutes{5}};  ///< Grace of every session.
};

/// The application settings for a builder of this lab.
inline streamlab::StreamsConfig streams_config(const SessionConfig& config) {
  return streamlab::StreamsConfig{"lab03-sessions",
                                  streamlab::WatermarkStrategy::bounded(config.watermark_delay)};
}

/// Builds the sessionization into `builder`:
/// 1. read `config.clicks` with event time from the `time` field;
/// 2. group by user, session windows with gap `config.gap` and grace `config.allowed_lateness`;
/// 3. aggregate with add_click() and, when a click bridges two sessions, merge_sessions();
/// 4. turn each window result into a Session and write it to `config.sessions`.
void build_sessions(streamlab::StreamsBuilder& builder, const SessionConfig& config);

/// Writes a session as JSON (`duration` in whole seconds, `duration_ms` exact).
inline void to_json(nlohmann::json& j, const Session& s) {
  j = {{"user", s.user},
       {"start", streamlab::labs::time_to_json(s.start)},
       {"end", streamlab::labs::time_to_json(s.end)},
       {"duration", streamlab::format_duration(s.duration)},
       {"duration_ms", s.duration.count()},
       {"last_click", streamlab::labs::time_to_json(s.last_click)},
       {"pages_viewed", s.pages_viewed},
       {"distinct_pages", s.distinct_pages},
       {"pane", s.pane}};
}
/// Prints a session as its JSON (field names, ISO times), in test failures and logs.
inline std::ostream& operator<<(std::ostream& os, const Session& value) {
  return streamlab::labs::print_as_json(os, value);
}
/// Reads a session from JSON.
inline void from_json(const nlohmann::json& j, Session& s) {
  j.at("user").get_to(s.user);
  s.start = streamlab::labs::time_from_json(j.at("start"));
  s.end = streamlab::labs::time_from_json(j.at("end"));
  s.duration = streamlab::Duration{j.at("duration_ms").get<std::int64_t>()};
  s.last_click = streamlab::labs::time_from_json(j.at("last_click"));
  j.at("pages_viewed").get_to(s.pages_viewed);
  j.at("distinct_pages").get_to(s.distinct_pages);
  j.at("pane").get_to(s.pane);
}

}  // namespace lab03
