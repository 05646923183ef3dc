/// @file
/// Lab 02: revenue per category in tumbling windows and per store in hopping windows, on event
/// time, with a watermark delay, allowed lateness and a late output.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "streamlab/labs/json_time.hpp"
#include "streamlab/labs/print.hpp"
#include "streamlab/dsl/fwd.hpp"
#include "streamlab/dsl/streams_config.hpp"

namespace lab02 {

/// One sale of the sales dataset:
/// `{"order_id":"o-000001","store":"store-01","category":"books","amount":12.99,"time":"..."}`.
struct Sale {
  std::string order_id;       ///< Unique order id.
  std::string store;          ///< Store that sold it.
  std::string category;       ///< Product category.
  double amount{0};           ///< Sale amount.
  streamlab::Timestamp time;  ///< Event time of the sale.
};

/// The aggregate of a window: revenue and number of orders.
struct Revenue {
  double revenue{0};       ///< Sum of the amounts.
  std::int64_t orders{0};  ///< Number of sales.
};

/// The topics and parameters of the lab.
struct SalesConfig {
  std::string sales{"sales"};                                     ///< Input: Sale values.
  std::string revenue_per_category{"revenue-per-category"};       ///< Output: window results.
  std::string revenue_per_store{"revenue-per-store"};             ///< Output: window results.
  streamlab::Duration category_window{std::chrono::minutes{5}};   ///< Tumbling window size.
  streamlab::Duration store_window{std::chrono::minutes{10}};     ///< Hopping window size.
  streamlab::Duration store_advance{std::chrono::minutes{5}};     ///< Hopping window advance.
  streamlab::Duration watermark_delay{std::chrono::seconds{30}};  ///< Bounded out-of-orderness.
  streamlab::Duration allowed_lateness{std::chrono::minutes{2}};  ///< Grace of every window.
};

/// The application settings for a builder of this lab: its name and watermark strategy (the
/// bounded out-of-orderness `config.watermark_delay`). Its late output is `lab02-sales-late`.
inline streamlab::StreamsConfig streams_config(const SalesConfig& config) {
  return streamlab::StreamsConfig{"lab02-sales",
                                  streamlab::WatermarkStrategy::bounded(config.watermark_delay)};
}

/// Builds the lab's topology into `builder`:
/// 1. read `config.sales` with event time from the `time` field;
/// 2. `revenue_per_category`: group by category, tumbling windows of `category_window` with
///    grace `allowed_lateness`, aggregate a Revenue, final emission (ON_TIME, then LATE panes);
/// 3. `revenue_per_store`: group by store, hopping windows of `store_window` advancing by
///    `store_advance`, same grace, aggregate a Revenue.
/// Results are written with serdes::WindowResultJson<std::string, Revenue>(). Sales too late for
/// every window reach the late output by themselves (the runtime writes `lab02-sales-late`).
void build_windowed_sales(streamlab::StreamsBuilder& builder, const SalesConfig& config);

/// Reads a sale from JSON.
inline void from_json(const nlohmann::json& j, Sale& s) {
  j.at("order_id").get_to(s.order_id);
  j.at("store").get_to(s.store);
  j.at("category").get_to(s.category);
  j.at("amount").get_to(s.amount);
  s.time = streamlab::labs::time_from_json(j.at("time"));
}
/// Writes a sale as JSON.
inline void to_json(nlohmann::json& j, const Sale& s) {
  j = {{"order_id", s.order_id},
       {"store", s.store},
       {"category", s.category},
       {"amount", s.amount},
       {"time", streamlab::labs::time_to_json(s.time)}};
}
/// Prints a sale as its JSON (field names, ISO times), in test failures and logs.
inline std::ostream& operator<<(std::ostream& os, const Sale& value) {
  return streamlab::labs::print_as_json(os, value);
}
/// Reads a revenue from JSON.
inline void from_json(const nlohmann::json& j, Revenue& r) {
  j.at("revenue").get_to(r.revenue);
  j.at("orders").get_to(r.orders);
}
/// Writes a revenue as JSON.
inline void to_json(nlohmann::json& j, const Revenue& r) {
  j = {{"revenue", r.revenue}, {"orders", r.orders}};
}
/// Prints a revenue as its JSON (field names), in test failures and logs.
inline std::ostream& operator<<(std::ostream& os, const Revenue& value) {
  return streamlab::labs::print_as_json(os, value);
}

}  // namespace lab02
