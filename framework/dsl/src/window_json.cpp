#include <stdexcept>
#include <string>

#include "streamlab/dsl/detail/window_aggregate_operator.hpp"
#include "streamlab/dsl/window_result_json.hpp"

namespace streamlab::detail {

Pane parse_pane(const std::string& text) {
  for (Pane p : {Pane::OnTime, Pane::Late, Pane::Update, Pane::Early, Pane::Complete}) {
    if (to_string(p) == text) return p;
  }
  throw std::invalid_argument("unknown pane '" + text + "' (ON_TIME, LATE, UPDATE, EARLY or COMPLETE)");
}

nlohmann::json tracker_state_to_json(const WatermarkTrackerState& s) {
  nlohmann::json parts = nlohmann::json::array();
  for (const auto& p : s.partitions) {
    parts.push_back(
        {{"seen", p.seen}, {"max_seen", to_millis(p.max_seen)}, {"last_active", to_millis(p.last_active)}});
  }
  return {{"partitions", parts},
          {"current", to_millis(s.current)},
          {"processing_time", to_millis(s.processing_time)}};
}

WatermarkTrackerState tracker_state_from_json(const nlohmann::json& j) {
  WatermarkTrackerState s;
  for (const auto& p : j.at("partitions")) {
    s.partitions.push_back(PartitionProgress{p.at("seen").get<bool>(),
                                             from_millis(p.at("max_seen").get<std::int64_t>()),
                                             from_millis(p.at("last_active").get<std::int64_t>())});
  }
  s.current = from_millis(j.at("current").get<std::int64_t>());
  s.processing_time = from_millis(j.at("processing_time").get<std::int64_t>());
  return s;
}

nlohmann::json counters_to_json(const OperatorCounters& c) {
  return {{"records_in", c.records_in},
          {"contributed", c.contributed},
          {"late_accepted", c.late_accepted},
          {"dropped_late", c.dropped_late},
          {"panes_out", c.panes_out}};
}

OperatorCounters counters_from_json(const nlohmann::json& j) {
  return OperatorCounters{j.at("records_in").get<std::int64_t>(), j.at("contributed").get<std::int64_t>(),
                          j.at("late_accepted").get<std::int64_t>(), j.at("dropped_late").get<std::int64_t>(),
                          j.at("panes_out").get<std::int64_t>()};
}

}  // namespace streamlab::detail
