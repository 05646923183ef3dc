// libFuzzer target: one JSONL line decoded as a windowing record. Every line is a record with a
// valid event time, a control line with a valid watermark or non-negative advance, or a bad
// line with a reason; never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "streamlab/checked_time.hpp"
#include "streamlab/engine/json_record_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace streamlab;
  static JsonRecordCodec codec(JsonRecordSchema{"t", std::string("k"), parse_aggregation("sum:v")});
  std::string line(reinterpret_cast<const char*>(data), size);
  line.reserve(size + JsonRecordCodec::kPadding);
  JsonLine out;
  codec.decode(line, out);
  switch (out.kind) {
    case JsonLine::Kind::Record:
      if (!is_valid_event_time(out.time)) std::abort();
      break;
    case JsonLine::Kind::Control:
      if (out.watermark.has_value() == out.advance.has_value()) std::abort();  // exactly one
      if (out.advance && *out.advance < Duration::zero()) std::abort();
      break;
    case JsonLine::Kind::Bad:
      if (out.reason.empty()) std::abort();
      break;
  }
  return 0;
}
