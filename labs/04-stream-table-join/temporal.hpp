/// @file
/// Lab 04, part B: clicks enriched with the profile their user had **at the click's event time**,
/// although a third of the profile updates arrive after the clicks that depend on them (a temporal
/// join against a versioned table, docs/semantics.md "Joins").
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "enrich.hpp"
#include "streamlab/dsl/fwd.hpp"
#include "streamlab/dsl/streams_config.hpp"
#include "streamlab/labs/json_time.hpp"
#include "streamlab/time.hpp"

namespace lab04 {

/// One click of the clickstream: `{"user":"u-0011","page":"/search","time":...}`.
struct Click {
  std::string user;           ///< Who clicked: the join key.
  std::string page;           ///< The page.
  streamlab::Timestamp time;  ///< Event time of the click.
};

/// A click with the profile valid at its event time (empty when none was).
struct EnrichedClick {
  std::string user;                   ///< From the click.
  std::string page;                   ///< From the click.
  streamlab::Timestamp time;          ///< From the click.
  bool matched{false};                ///< Whether a profile version was valid at `time`.
  std::string tier;                   ///< The profile's tier, empty when unmatched.
  std::string region;                 ///< The profile's region, empty when unmatched.
  streamlab::Timestamp profile_time;  ///< When that profile version started (epoch when unmatched).
};

/// The topics and parameters of part B.
struct TemporalConfig {
  std::string clicks{"clicks"};             ///< Input stream: Click values keyed by user.
  std::string profiles{"profiles"};         ///< Input changelog: Profile values keyed by user.
  std::string enriched{"enriched-clicks"};  ///< Output: EnrichedClick values (JSON).
  bool left_join{true};                     ///< true: unmatched clicks kept; false: dropped and counted.
  streamlab::Duration grace{std::chrono::minutes{5}};             ///< JoinGrace: the longest a click waits.
  streamlab::Duration history{std::chrono::hours{1}};             ///< Versioned history retention.
  streamlab::Duration watermark_delay{std::chrono::seconds{10}};  ///< Bounded out-of-orderness.
};

/// The application settings for a builder of part B.
inline streamlab::StreamsConfig streams_config(const TemporalConfig& config) {
  return streamlab::StreamsConfig{"lab04-temporal",
                                  streamlab::WatermarkStrategy::bounded(config.watermark_delay)};
}

/// The value joiner of part B (given): the click with the profile version, or unmatched.
inline EnrichedClick enrich_click(const Click& click, const std::optional<Profile>& profile) {
  EnrichedClick e{click.user, click.page, click.time, profile.has_value(), "", "", streamlab::Timestamp{}};
  if (profile) {
    e.tier = profile->tier;
    e.region = profile->region;
    e.profile_time = profile->time;
  }
  return e;
}

/// Builds the temporal enrichment into `builder`:
/// 1. a **versioned** table of `config.profiles` (builder.table(..., Versioned{config.history}))
///    and a stream of `config.clicks`, both keyed by user, event time from the `time` field;
/// 2. join each click with the profile valid at its event time, waiting at most `config.grace`
///    (leftJoin() or join() with JoinGrace{config.grace}, per `left_join`), with enrich_click();
/// 3. write the enriched clicks to `config.enriched`.
void build_temporal_enrichment(streamlab::StreamsBuilder& builder, const TemporalConfig& config);

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
  return os << nlohmann::json(value).dump();
}
/// Reads an enriched click from JSON.
inline void from_json(const nlohmann::json& j, EnrichedClick& e) {
  j.at("user").get_to(e.user);
  j.at("page").get_to(e.page);
  e.time = streamlab::labs::time_from_json(j.at("time"));
  j.at("matched").get_to(e.matched);
  j.at("tier").get_to(e.tier);
  j.at("region").get_to(e.region);
  e.profile_time = streamlab::labs::time_from_json(j.at("profile_time"));
}
/// Writes an enriched click as JSON.
inline void to_json(nlohmann::json& j, const EnrichedClick& e) {
  j = {{"user", e.user},
       {"page", e.page},
       {"time", streamlab::labs::time_to_json(e.time)},
       {"matched", e.matched},
       {"tier", e.tier},
       {"region", e.region},
       {"profile_time", streamlab::labs::time_to_json(e.profile_time)}};
}
/// Prints an enriched click as its JSON (field names, ISO times), in test failures and logs.
inline std::ostream& operator<<(std::ostream& os, const EnrichedClick& value) {
  return os << nlohmann::json(value).dump();
}

}  // namespace lab04
