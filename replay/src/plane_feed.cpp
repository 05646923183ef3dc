#include "streamlab/replay/plane_feed.hpp"

#include <nlohmann/json.hpp>

namespace streamlab::replay {

void FedTarget::deliver(const sim::Arrival& arrival) {
  inner_.deliver(arrival);
  const std::string key =
      arrival.record.key
          ? nlohmann::json(*arrival.record.key).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
          : std::string("null");
  messages_.arrival(arrival.record.timestamp, arrival.processing_time, key);
  messages_.observed_watermark(inner_.progress().watermark);
}

}  // namespace streamlab::replay
