/// @file
/// Lab 04, part 2: orders joined with the user-profile table, then revenue per region per window.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "enrich.hpp"
#include "streamlab/dsl/fwd.hpp"
#include "streamlab/dsl/streams_config.hpp"

namespace lab04 {

/// The aggregate of a region's window: revenue and number of orders.
struct RegionRevenue {
  double revenue{0};       ///< Sum of the order amounts.
  std::int64_t orders{0};  ///< Number of orders.
};

/// The topics and parameters of the lab.
struct JoinConfig {
  std::string orders{"orders"};                          ///< Input stream: Order values keyed by user.
  std::string profiles{"profiles"};                      ///< Input changelog: Profile values keyed by user.
  std::string enriched{"enriched-orders"};               ///< Output: EnrichedOrder values (JSON).
  std::string revenue_per_region{"revenue-per-region"};  ///< Output: window results (JSON).
  bool left_join{false};  ///< false: inner join (unmatched orders dropped and counted);
                          ///< true: left join (unmatched orders kept with an empty profile).
  streamlab::Duration window{std::chrono::hours{1}};             ///< Tumbling window size.
  streamlab::Duration watermark_delay{std::chrono::minutes{1}};  ///< Bounded out-of-orderness.
};

/// The region an enriched order's revenue is counted under: its profile's region, or
/// `unknown` for an unmatched order of a left join.
inline std::string revenue_region(const EnrichedOrder& e) {
  return e.matched ? e.region : std::string{"unknown"};
}

/// The application settings for a builder of this lab.
inline streamlab::StreamsConfig streams_config(const JoinConfig& config) {
  return streamlab::StreamsConfig{"lab04-join",
                                  streamlab::WatermarkStrategy::bounded(config.watermark_delay)};
}

/// Builds the enrichment into `builder`:
/// 1. a table of `config.profiles` (the latest profile per user) and a stream of `config.orders`,
///    both keyed by user (so co-partitioned), event time from the `time` field;
/// 2. join the orders with the table using enrich() (join() or leftJoin() per `left_join`),
///    and write the enriched orders to `config.enriched`;
/// 3. group the enriched orders by revenue_region(), tumbling windows of `config.window`,
///    aggregate a RegionRevenue, write the results to `revenue_per_region` (WindowResultJson).
void build_enrichment(streamlab::StreamsBuilder& builder, const JoinConfig& config);

/// Reads a region revenue from JSON.
inline void from_json(const nlohmann::json& j, RegionRevenue& r) {
  j.at("revenue").get_to(r.revenue);
  j.at("orders").get_to(r.orders);
}
/// Writes a region revenue as JSON.
inline void to_json(nlohmann::json& j, const RegionRevenue& r) {
  j = {{"revenue", r.revenue}, {"orders", r.orders}};
}
/// Prints a region revenue as its JSON (field names), in test failures and logs.
inline std::ostream& operator<<(std::ostream& os, const RegionRevenue& value) {
  return streamlab::labs::print_as_json(os, value);
}

}  // namespace lab04
