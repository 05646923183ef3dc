#include "streamlab/serde/serdes.hpp"

#include <charconv>
#include <cstdlib>
#include <string>

#include "streamlab/bytes.hpp"

namespace streamlab::serdes {

Serde<std::string> String() {
  return Serde<std::string>{[](const std::string& s) { return s; },
                            [](std::string_view bytes) {
                              // Strings end up in JSON results, which must be UTF-8: refuse other
                              // bytes here, where the record can still go to the dead letters.
                              if (auto bad = first_invalid_utf8(bytes)) {
                                throw SerdeError("not UTF-8 text: byte " + std::to_string(*bad) + " of " +
                                                 std::to_string(bytes.size()) + " is ill-formed");
                              }
                              return std::string{bytes};
                            }};
}

Serde<std::int64_t> Int64() {
  return Serde<std::int64_t>{[](const std::int64_t& v) { return std::to_string(v); },
                             [](std::string_view bytes) {
                               std::int64_t v = 0;
                               auto [end, ec] = std::from_chars(bytes.data(), bytes.data() + bytes.size(), v);
                               if (ec != std::errc{} || end != bytes.data() + bytes.size() || bytes.empty()) {
                                 throw SerdeError("not a 64-bit integer: '" + std::string{bytes} + "'");
                               }
                               return v;
                             }};
}

Serde<double> Double() {
  return Serde<double>{[](const double& v) { return nlohmann::json(v).dump(); },
                       [](std::string_view bytes) {
                         const std::string text{bytes};
                         char* end = nullptr;
                         const double v = std::strtod(text.c_str(), &end);
                         if (text.empty() || end != text.c_str() + text.size()) {
                           throw SerdeError("not a number: '" + text + "'");
                         }
                         return v;
                       }};
}

}  // namespace streamlab::serdes
