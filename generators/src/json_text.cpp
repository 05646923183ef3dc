#include "json_text.hpp"

#include <fmt/format.h>

#include <iterator>

namespace streamlab::datasets::detail {

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_hundredths(std::string& out, std::int64_t hundredths) {
  const char* sign = hundredths < 0 ? "-" : "";
  const std::int64_t v = hundredths < 0 ? -hundredths : hundredths;
  fmt::format_to(std::back_inserter(out), "{}{}.{:02}", sign, v / 100, v % 100);
}

void append_tenths(std::string& out, std::int64_t tenths) {
  const char* sign = tenths < 0 ? "-" : "";
  const std::int64_t v = tenths < 0 ? -tenths : tenths;
  fmt::format_to(std::back_inserter(out), "{}{}.{}", sign, v / 10, v % 10);
}

void append_time_field(std::string& out, Timestamp t) {
  out += "\"time\":\"";
  out += format_timestamp(t);
  out += '"';
}

}  // namespace streamlab::datasets::detail
