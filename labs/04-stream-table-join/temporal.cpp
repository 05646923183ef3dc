// Lab 04, part B: write build_temporal_enrichment() (see temporal.hpp and README.md, part B).
#include "temporal.hpp"

#include "streamlab/labs/not_implemented.hpp"
#include "streamlab/streamlab.hpp"

namespace lab04 {

void build_temporal_enrichment(streamlab::StreamsBuilder& /*builder*/, const TemporalConfig& /*config*/) {
  // 1. builder.table(config.profiles, ..., streamlab::Versioned{config.history}) and
  //    builder.stream(config.clicks, ...)
  // 2. clicks.leftJoin(profiles, joiner, streamlab::JoinGrace{config.grace}) (or join() when
  //    !config.left_join), with enrich_click()
  // 3. .to(config.enriched)
  throw streamlab::labs::NotImplemented(
      "labs/04-stream-table-join/temporal.cpp: lab04::build_temporal_enrichment");
}

}  // namespace lab04
