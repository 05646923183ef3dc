// libFuzzer target: the timestamp and duration parsers. Whatever the bytes, parsing never
// crashes or wraps: an accepted time is a valid event time that formats and parses back to
// itself, and an accepted duration formats and parses back to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "streamlab/checked_time.hpp"
#include "streamlab/time.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace streamlab;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const TimeParse parsed = parse_event_time(text);
  if (parsed.time) {
    if (!is_valid_event_time(*parsed.time)) std::abort();
    const std::string written = format_timestamp(*parsed.time);
    const auto again = try_parse_timestamp(written);
    if (!again || *again != *parsed.time) std::abort();
  }
  if (const auto d = try_parse_duration(text)) {
    if (*d < Duration::zero()) std::abort();
    const auto again = try_parse_duration(format_duration(*d));
    if (!again || *again != *d) std::abort();
  }
  // Formatting any 64-bit instant is defined, and for the valid range it reads back.
  if (size >= 8) {
    std::int64_t ms = 0;
    for (int i = 0; i < 8; ++i)
      ms = static_cast<std::int64_t>((static_cast<std::uint64_t>(ms) << 8) | data[i]);
    const Timestamp t = from_millis(ms);
    const std::string written = format_timestamp(t);
    if (is_valid_event_time(t) && try_parse_timestamp(written) != t) std::abort();
    (void)saturating_add(t, Duration{ms});
    (void)saturating_sub(t, Duration{ms});
  }
  return 0;
}
