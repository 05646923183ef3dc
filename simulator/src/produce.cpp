#include "streamlab/sim/produce.hpp"

#include <stdexcept>

#include "streamlab/engine/watermark.hpp"

namespace streamlab::sim {

ProduceResult produce_arrivals(Log& log, const std::string& topic, const ArrivalSequence& sequence,
                               const ExportOptions& options) {
  log.create_topic(topic, sequence.partitions);
  ProduceResult result;
  WatermarkTracker watermark(WatermarkStrategy::bounded(sequence.watermark_delay));
  for (const Arrival& a : sequence.arrivals) {
    log.append(TopicPartition{topic, a.partition}, a.record, a.processing_time);
    ++result.records;
    if (!options.watermarks) continue;
    const Timestamp before = watermark.current();
    if (const Timestamp w = watermark.on_event(0, a.record.timestamp, a.processing_time); w > before) {
      log.append_watermark(topic, w, a.processing_time);
      ++result.watermarks;
    }
  }
  return result;
}

}  // namespace streamlab::sim
