/// @file
/// Lab 04, part 1: the records of the join and the value joiner that combines them.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <optional>
#include <string>

#include "streamlab/labs/json_time.hpp"
#include "streamlab/labs/print.hpp"
#include "streamlab/time.hpp"

namespace lab04 {

/// One order of the orders dataset: `{"order_id":"o-000001","user":"u-007","amount":25.5,"time":...}`.
struct Order {
  std::string order_id;       ///< Unique order id.
  std::string user;           ///< Who ordered: the join key.
  double amount{0};           ///< Order value.
  streamlab::Timestamp time;  ///< Event time of the order.
};

/// One entry of the user-profile changelog: the latest entry per user is the table's row.
struct Profile {
  std::string user;           ///< The key.
  std::string name;           ///< Display name.
  std::string region;         ///< Sales region, the key of the revenue per region.
  std::string tier;           ///< Loyalty tier.
  streamlab::Timestamp time;  ///< When the profile changed.
};

/// An order with the profile its user had when the order arrived (empty when none had arrived).
struct EnrichedOrder {
  std::string order_id;       ///< From the order.
  std::string user;           ///< From the order.
  double amount{0};           ///< From the order.
  streamlab::Timestamp time;  ///< From the order: the event time of the enriched event.
  bool matched{false};        ///< True when a profile was found.
  std::string name;           ///< From the profile; empty when unmatched.
  std::string region;         ///< From the profile; empty when unmatched.
  std::string tier;           ///< From the profile; empty when unmatched.
};

/// The value joiner: the order's fields, plus the profile's name, region and tier when
/// `profile` holds one (matched), or empty strings when it does not (a left join's miss).
EnrichedOrder enrich(const Order& order, const std::optional<Profile>& profile);

/// Reads an order from JSON.
inline void from_json(const nlohmann::json& j, Order& o) {
  j.at("order_id").get_to(o.order_id);
  j.at("user").get_to(o.user);
  j.at("amount").get_to(o.amount);
  o.time = streamlab::labs::time_from_json(j.at("time"));
}
/// Writes an order as JSON.
inline void to_json(nlohmann::json& j, const Order& o) {
  j = {{"order_id", o.order_id},
       {"user", o.user},
       {"amount", o.amount},
       {"time", streamlab::labs::time_to_json(o.time)}};
}
/// Prints an order as its JSON (field names, ISO times), in test failures and logs.
inline std::ostream& operator<<(std::ostream& os, const Order& value) {
  return streamlab::labs::print_as_json(os, value);
}
/// Reads a profile from JSON.
inline void from_json(const nlohmann::json& j, Profile& p) {
  j.at("user").get_to(p.user);
  j.at("name").get_to(p.name);
  j.at("region").get_to(p.region);
  j.at("tier").get_to(p.tier);
  p.time = streamlab::labs::time_from_json(j.at("time"));
}
/// Writes a profile as JSON.
inline void to_json(nlohmann::json& j, const Profile& p) {
  j = {{"user", p.user},
       {"name", p.name},
       {"region", p.region},
       {"tier", p.tier},
       {"time", streamlab::labs::time_to_json(p.time)}};
}
/// Prints a profile as its JSON (field names, ISO times), in test failures and logs.
inline std::ostream& operator<<(std::ostream& os, const Profile& value) {
  return streamlab::labs::print_as_json(os, value);
}
/// Reads an enriched order from JSON.
inline void from_json(const nlohmann::json& j, EnrichedOrder& e) {
  j.at("order_id").get_to(e.order_id);
  j.at("user").get_to(e.user);
  j.at("amount").get_to(e.amount);
  e.time = streamlab::labs::time_from_json(j.at("time"));
  j.at("matched").get_to(e.matched);
  j.at("name").get_to(e.name);
  j.at("region").get_to(e.region);
  j.at("tier").get_to(e.tier);
}
/// Writes an enriched order as JSON.
inline void to_json(nlohmann::json& j, const EnrichedOrder& e) {
  j = {{"order_id", e.order_id}, {"user", e.user},
       {"amount", e.amount},     {"time", streamlab::labs::time_to_json(e.time)},
       {"matched", e.matched},   {"name", e.name},
       {"region", e.region},     {"tier", e.tier}};
}
/// Prints an enriched order as its JSON (field names, ISO times), in test failures and logs.
inline std::ostream& operator<<(std::ostream& os, const EnrichedOrder& value) {
  return streamlab::labs::print_as_json(os, value);
}

}  // namespace lab04
