/// @file
/// Lab 03, part 1: what one session of a user holds, and how clicks and sessions combine.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "streamlab/labs/json_time.hpp"
#include "streamlab/labs/print.hpp"
#include "streamlab/time.hpp"

namespace lab03 {

/// One click of the clickstream dataset: `{"user":"u-0042","page":"/cart","time":"..."}`.
struct Click {
  std::string user;           ///< Who clicked; the key of the session.
  std::string page;           ///< The page viewed.
  streamlab::Timestamp time;  ///< Event time of the click.
};

/// The running summary of one session: the accumulator of the session window's aggregate.
struct SessionStats {
  std::int64_t pages_viewed{0};             ///< Clicks in the session.
  std::vector<std::string> distinct_pages;  ///< Pages viewed at least once, sorted, no repeats.
  streamlab::Timestamp first_click{streamlab::kMaxTimestamp};  ///< Earliest click time.
  streamlab::Timestamp last_click{streamlab::kMinTimestamp};   ///< Latest click time.
};

/// Folds one click into a session's summary (the aggregate's adder). Clicks may come in any
/// order: first_click and last_click are a minimum and a maximum, not the first and last seen.
void add_click(SessionStats& stats, const Click& click);

/// Folds session `other` into `into` (the aggregate's merger): a late click that bridges two
/// sessions makes the session window operator merge their summaries with this.
void merge_sessions(SessionStats& into, const SessionStats& other);

/// Reads a click from JSON.
inline void from_json(const nlohmann::json& j, Click& c) {
  j.at("user").get_to(c.user);
  j.at("page").get_to(c.page);
  c.time = streamlab::labs::time_from_json(j.at("time"));
}
/// Writes a click as JSON.
inline void to_json(nlohmann::json& j, const Click& c) {
  j = {{"user", c.user}, {"page", c.page}, {"time", streamlab::labs::time_to_json(c.time)}};
}
/// Prints a click as its JSON (field names, ISO times), in test failures and logs.
inline std::ostream& operator<<(std::ostream& os, const Click& value) {
  return streamlab::labs::print_as_json(os, value);
}
/// Reads a session summary from JSON (a checkpoint).
inline void from_json(const nlohmann::json& j, SessionStats& s) {
  j.at("pages_viewed").get_to(s.pages_viewed);
  j.at("distinct_pages").get_to(s.distinct_pages);
  s.first_click = streamlab::from_millis(j.at("first_click").get<std::int64_t>());
  s.last_click = streamlab::from_millis(j.at("last_click").get<std::int64_t>());
}
/// Writes a session summary as JSON (a checkpoint).
inline void to_json(nlohmann::json& j, const SessionStats& s) {
  j = {{"pages_viewed", s.pages_viewed},
       {"distinct_pages", s.distinct_pages},
       {"first_click", streamlab::to_millis(s.first_click)},
       {"last_click", streamlab::to_millis(s.last_click)}};
}
/// Prints a session summary with ISO times (`-inf`/`+inf` before the first click), in test
/// failures and logs.
inline std::ostream& operator<<(std::ostream& os, const SessionStats& s) {
  nlohmann::json j = s;
  j["first_click"] = streamlab::format_timestamp(s.first_click);
  j["last_click"] = streamlab::format_timestamp(s.last_click);
  return os << j.dump();
}

}  // namespace lab03
