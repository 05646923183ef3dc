#include "streamlab/engine/window_result.hpp"

#include <string>

namespace streamlab {

std::string_view to_string(WindowFate fate) {
  switch (fate) {
    case WindowFate::OnTime: return "on_time";
    case WindowFate::AcceptedLate: return "accepted_late";
    case WindowFate::Dropped: return "dropped";
  }
  return "unknown";
}

std::string_view to_string(RecordFate fate) {
  switch (fate) {
    case RecordFate::OnTime: return "on_time";
    case RecordFate::AcceptedLate: return "accepted_late";
    case RecordFate::Dropped: return "dropped";
  }
  return "unknown";
}

std::string late_reason(const Window& latest, Duration allowed_lateness, Timestamp watermark) {
  return "too late for every window: window [" + format_timestamp(latest.start) + ", " +
         format_timestamp(latest.end) + ") closed at end + allowed lateness " +
         format_duration(allowed_lateness) + " = " +
         format_timestamp(saturating_add(latest.end, allowed_lateness)) + " <= watermark " +
         format_timestamp(watermark);
}

}  // namespace streamlab
