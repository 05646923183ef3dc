// Lab 04, part 2: write build_enrichment() (see join.hpp and README.md).
#include "join.hpp"

#include "streamlab/streamlab.hpp"
#include "streamlab/labs/not_implemented.hpp"

namespace lab04 {

void build_enrichment(streamlab::StreamsBuilder& /*builder*/, const JoinConfig& /*config*/) {
  // 1. builder.table(config.profiles, ...) and builder.stream(config.orders, ...)
  // 2. orders.join(profiles, joiner) or orders.leftJoin(profiles, joiner); .to(config.enriched)
  // 3. groupBy(revenue_region) -> windowedBy(TimeWindows::ofSize(config.window)) -> aggregate
  throw streamlab::labs::NotImplemented("labs/04-stream-table-join/join.cpp: lab04::build_enrichment");
}

}  // namespace lab04
