// Lab 04 reference solution, part B: a temporal join against a versioned profile table.
#include "temporal.hpp"

#include "streamlab/streamlab.hpp"

namespace lab04 {

void build_temporal_enrichment(streamlab::StreamsBuilder& builder, const TemporalConfig& config) {
  namespace serdes = streamlab::serdes;
  // The changelog becomes a versioned table: every profile version by event time. Its updates
  // move the watermark, so a click can wait until no older version can still arrive.
  auto profiles =
      builder.table(config.profiles,
                    streamlab::Consumed{serdes::String(), serdes::Json<Profile>()}.withTimestampField("time"),
                    streamlab::Versioned{config.history});
  auto clicks = builder.stream(
      config.clicks, streamlab::Consumed{serdes::String(), serdes::Json<Click>()}.withTimestampField("time"));

  // Each click waits (at most the grace) and then meets the profile valid at its event time.
  const streamlab::JoinGrace grace{config.grace};
  streamlab::KStream<std::string, EnrichedClick> enriched =
      config.left_join
          ? clicks.leftJoin(
                profiles, [](const Click& c, const std::optional<Profile>& p) { return enrich_click(c, p); },
                grace)
          : clicks.join(
                profiles, [](const Click& c, const Profile& p) { return enrich_click(c, p); }, grace);
  enriched.to(config.enriched);
}

}  // namespace lab04
