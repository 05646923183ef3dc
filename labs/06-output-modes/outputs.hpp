/// @file
/// Lab 06: one windowed revenue per category, emitted in the output mode, with the trigger and in
/// the time domain its configuration names (final, update or complete; continuous or micro-batch;
/// event time or processing time).
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "streamlab/labs/json_time.hpp"
#include "streamlab/labs/print.hpp"
#include "streamlab/dsl/fwd.hpp"
#include "streamlab/dsl/streams_config.hpp"
#include "streamlab/engine/pane.hpp"

namespace lab06 {

/// One sale: `{"category":"books","amount":12.5,"time":"2025-06-22T10:00:02Z"}` (other fields,
/// such as the sales dataset's `order_id` and `store`, are ignored).
struct Sale {
  std::string category;       ///< Product category: the key.
  double amount{0};           ///< Sale amount.
  streamlab::Timestamp time;  ///< Event time of the sale.
};

/// The topics and settings of one run of the lab's aggregation.
struct OutputConfig {
  std::string sales{"sales"};                                    ///< Input: Sale values.
  std::string revenue{"revenue"};                                ///< Output: window results.
  streamlab::Duration window{std::chrono::seconds{10}};          ///< Tumbling window size.
  streamlab::Duration watermark_delay{std::chrono::seconds{5}};  ///< Bounded out-of-orderness.
  /// Output mode: `Final` (Spark's append), `Update` or `Complete`.
  streamlab::EmitMode mode{streamlab::EmitMode::Final};
  /// `Trigger::continuous()` (per record) or `Trigger::micro_batch(P)` (batches of P of
  /// processing time).
  streamlab::Trigger trigger{streamlab::Trigger::continuous()};
  /// Windows on the sale's event time (`Event`) or on its arrival's processing time.
  streamlab::TimeDomain domain{streamlab::TimeDomain::Event};
};

/// The application settings for a builder of this lab: its name and watermark strategy (the
/// bounded out-of-orderness `config.watermark_delay`). Its late output is `lab06-outputs-late`.
inline streamlab::StreamsConfig streams_config(const OutputConfig& config) {
  return streamlab::StreamsConfig{"lab06-outputs",
                                  streamlab::WatermarkStrategy::bounded(config.watermark_delay)};
}

/// Builds the lab's topology into `builder`: the revenue (sum of `amount`, a double) per category
/// in tumbling windows of `config.window`, without allowed lateness, emitted in `config.mode`
/// with `config.trigger` on `config.domain`'s clock, written to `config.revenue` with
/// serdes::WindowResultJson<std::string, double>(). Sales are read from `config.sales` with
/// their event time from the `time` field.
void build_outputs(streamlab::StreamsBuilder& builder, const OutputConfig& config);

/// Reads a sale from JSON.
inline void from_json(const nlohmann::json& j, Sale& s) {
  j.at("category").get_to(s.category);
  j.at("amount").get_to(s.amount);
  s.time = streamlab::labs::time_from_json(j.at("time"));
}
/// Writes a sale as JSON.
inline void to_json(nlohmann::json& j, const Sale& s) {
  j = {{"category", s.category}, {"amount", s.amount}, {"time", streamlab::labs::time_to_json(s.time)}};
}
/// Prints a sale as its JSON (field names, ISO times), in test failures and logs.
inline std::ostream& operator<<(std::ostream& os, const Sale& value) {
  return streamlab::labs::print_as_json(os, value);
}

}  // namespace lab06
