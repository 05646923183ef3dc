#include "streamlab/sim/produce.hpp"

#include <stdexcept>

#include "bounded_watermark.hpp"

namespace streamlab::sim {

ProduceResult produce_arrivals(Log& log, const std::string& topic, const ArrivalSequence& sequence,
                               const ExportOptions& options) {
  log.create_topic(topic, sequence.partitions);
  ProduceResult result;
  detail::BoundedWatermark watermark(sequence.watermark_delay);
  for (const Arrival& a : sequence.arrivals) {
    log.append(TopicPartition{topic, a.partition}, a.record, a.processing_time);
    ++result.records;
    if (!options.watermarks) continue;
    if (auto w = watermark.observe(a.record.timestamp)) {
      log.append_watermark(topic, *w, a.processing_time);
      ++result.watermarks;
    }
  }
  return result;
}

}  // namespace streamlab::sim
