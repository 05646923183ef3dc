// Writes the timeline of `streamlab trace`: events with their windows and fate, watermark moves,
// processing-time advances and panes, as text for the terminal or one JSON object per line.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "streamlab/engine/jsonl_window_job.hpp"

namespace streamlab::engine_detail {

class TraceWriter {
 public:
  TraceWriter(std::ostream& out, TraceFormat format) : out_(out), format_(format) {}

  void event(std::int64_t line, const RecordTrace& trace, const std::string& key_json,
             const std::string& late_reason);
  void watermark(Timestamp from, Timestamp to);
  void advance(Timestamp from, Timestamp to);
  void mark(std::int64_t line, Timestamp mark);
  void pane(const std::string& result_json, Pane pane, const Window& window,
            const std::string& key_json, const std::string& value_json, std::int64_t count);
  void dead_letter(std::int64_t line, const std::string& reason);
  void end_of_input();

 private:
  std::ostream& out_;
  TraceFormat format_;
};

}  // namespace streamlab::engine_detail
