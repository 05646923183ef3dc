// A deliberately wrong lab 02 for the meta tests: it ignores the allowed lateness (no grace), so
// a late sale that should update its window (a LATE pane) goes to the late output instead.
#include "sales.hpp"

#include "streamlab/streamlab.hpp"

namespace lab02 {
namespace {

using RevenueResult = streamlab::WindowResult<std::string, Revenue>;

Revenue add_sale(const Sale& sale, Revenue total) {
  total.revenue += sale.amount;
  ++total.orders;
  return total;
}

streamlab::Produced<std::string, RevenueResult> window_results() {
  return streamlab::Produced<std::string, RevenueResult>::with(
      streamlab::serdes::String(), streamlab::serdes::WindowResultJson<std::string, Revenue>());
}

}  // namespace

void build_windowed_sales(streamlab::StreamsBuilder& builder, const SalesConfig& config) {
  namespace serdes = streamlab::serdes;
  // Event time is the sale's own `time`, not when it reached us: results do not depend on delays.
  auto sales = builder.stream(
      config.sales, streamlab::Consumed{serdes::String(), serdes::Json<Sale>()}.withTimestampField("time"));

  // Revenue per category in tumbling windows. Each window reports once when the watermark
  // passes its end (ON_TIME); a late sale within the grace reports it again (LATE).
  sales.groupBy([](const Sale& s) { return s.category; })
      .windowedBy(streamlab::TimeWindows::ofSize(config.category_window))
      .aggregate([] { return Revenue{}; }, add_sale)
      .toStream()
      .to(config.revenue_per_category, window_results());

  // Revenue per store in hopping windows: each sale counts in size/advance overlapping windows.
  sales.groupBy([](const Sale& s) { return s.store; })
      .windowedBy(streamlab::TimeWindows::ofSize(config.store_window).advanceBy(config.store_advance))
      .aggregate([] { return Revenue{}; }, add_sale)
      .toStream()
      .to(config.revenue_per_store, window_results());
}

}  // namespace lab02
