// libFuzzer target: StreamLab's ISO-8601 reader against date::parse, the independent oracle.
// Every text StreamLab accepts, date::parse reads to the same instant (date::parse reads more
// forms, such as one-digit hours, which StreamLab refuses on purpose).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

// g++ 12 reports -Wmaybe-uninitialized inside date::parse's instantiation of <chrono>.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <date/date.h>
#pragma GCC diagnostic pop

#include "streamlab/time.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace streamlab;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto mine = try_parse_timestamp(text);
  if (!mine || size < 20 || text[4] != '-') return 0;  // integers are not date::parse's business
  std::string s(text);
  s[10] = 'T';
  // date::parse reads milliseconds: cut the fraction to three digits as StreamLab truncates.
  if (s.size() > 23 && s[19] == '.') {
    std::size_t end = 20;
    while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
    if (end > 23) s.erase(23, end - 23);
  }
  const bool utc = s.back() == 'Z' || s.back() == 'z';
  if (utc) s.back() = 'Z';
  std::istringstream in(s);
  Timestamp oracle{};
  in >> date::parse(utc ? "%FT%TZ" : "%FT%T%Ez", oracle);
  if (in.fail() || oracle != *mine) std::abort();
  return 0;
}
