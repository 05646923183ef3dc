// Lab 02: write build_windowed_sales() (see sales.hpp and README.md).
#include "sales.hpp"

#include "streamlab/streamlab.hpp"
#include "streamlab/labs/not_implemented.hpp"

namespace lab02 {

void build_windowed_sales(streamlab::StreamsBuilder& /*builder*/, const SalesConfig& /*config*/) {
  // 1. builder.stream(config.sales, Consumed{String, Json<Sale>}.withTimestampField("time"))
  // 2. groupBy(category) -> windowedBy(TimeWindows::ofSize(..).grace(..)) -> aggregate(Revenue)
  //    -> toStream().to(config.revenue_per_category, Produced<...>::with(String, WindowResultJson))
  // 3. the same per store with TimeWindows::ofSize(..).advanceBy(..).grace(..)
  throw streamlab::labs::NotImplemented("labs/02-windowed-sales/sales.cpp: lab02::build_windowed_sales");
}

}  // namespace lab02
