// Lab 04 reference solution, part 2: a stream-table join, then a windowed aggregation by region.
#include "join.hpp"

#include "streamlab/streamlab.hpp"

namespace lab04 {

void build_enrichment(streamlab::StreamsBuilder& builder, const JoinConfig& config) {
  namespace serdes = streamlab::serdes;
  // The changelog becomes a table: the latest profile per user. It does not move the watermark.
  auto profiles = builder.table(
      config.profiles,
      streamlab::Consumed{serdes::String(), serdes::Json<Profile>()}.withTimestampField("time"));
  auto orders = builder.stream(
      config.orders, streamlab::Consumed{serdes::String(), serdes::Json<Order>()}.withTimestampField("time"));

  // Each order meets the table as it is when the order arrives; a later profile change does not
  // revisit earlier orders.
  streamlab::KStream<std::string, EnrichedOrder> enriched =
      config.left_join
          ? orders.leftJoin(profiles,
                            [](const Order& o, const std::optional<Profile>& p) { return enrich(o, p); })
          : orders.join(profiles, [](const Order& o, const Profile& p) { return enrich(o, p); });
  enriched.to(config.enriched);

  enriched.groupBy([](const EnrichedOrder& e) { return revenue_region(e); })
      .windowedBy(streamlab::TimeWindows::ofSize(config.window))
      .aggregate([] { return RegionRevenue{}; },
                 [](const EnrichedOrder& e, RegionRevenue total) {
                   total.revenue += e.amount;
                   ++total.orders;
                   return total;
                 })
      .toStream()
      .to(config.revenue_per_region,
          streamlab::Produced<std::string, streamlab::WindowResult<std::string, RegionRevenue>>::with(
              serdes::String(), serdes::WindowResultJson<std::string, RegionRevenue>()));
}

}  // namespace lab04
