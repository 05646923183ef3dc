#include "streamlab/engine/pane.hpp"

#include <ostream>
#include <stdexcept>
#include <string>

#include "streamlab/engine/window_result.hpp"

namespace streamlab {

std::string_view to_string(Pane pane) {
  switch (pane) {
    case Pane::OnTime: return "ON_TIME";
    case Pane::Late: return "LATE";
    case Pane::Update: return "UPDATE";
    case Pane::Early: return "EARLY";
    case Pane::Complete: return "COMPLETE";
  }
  return "UNKNOWN";
}

std::ostream& operator<<(std::ostream& os, Pane pane) { return os << to_string(pane); }

std::string_view to_string(EmitMode mode) {
  switch (mode) {
    case EmitMode::Final: return "final";
    case EmitMode::Update: return "update";
    case EmitMode::Complete: return "complete";
  }
  return "unknown";
}

EmitMode parse_emit_mode(std::string_view text) {
  if (text == "final") return EmitMode::Final;
  if (text == "update") return EmitMode::Update;
  if (text == "complete") return EmitMode::Complete;
  throw std::invalid_argument("unknown emit mode '" + std::string(text) +
                              "': expected final, update or complete");
}

Trigger parse_trigger(std::string_view text) {
  if (text == "continuous") return Trigger::continuous();
  if (text.starts_with("micro-batch:")) {
    const std::string_view interval = text.substr(12);
    const auto d = try_parse_duration(interval);
    if (!d) {
      throw std::invalid_argument("invalid micro-batch interval '" + std::string(interval) +
                                  "': expected a duration such as 10s");
    }
    if (*d <= Duration{0}) throw std::invalid_argument("the micro-batch interval must be positive");
    return Trigger::micro_batch(*d);
  }
  throw std::invalid_argument("unknown trigger '" + std::string(text) +
                              "': expected continuous or micro-batch:DUR (for example micro-batch:10s)");
}

TimeDomain parse_time_domain(std::string_view text) {
  if (text == "event") return TimeDomain::Event;
  if (text == "processing") return TimeDomain::Processing;
  throw std::invalid_argument("unknown time domain '" + std::string(text) +
                              "': expected event or processing");
}

}  // namespace streamlab
