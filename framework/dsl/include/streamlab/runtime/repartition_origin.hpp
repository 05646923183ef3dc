/// @file
/// Which input record a repartitioned record came from, carried in a header in scale-out runs.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "streamlab/record.hpp"

namespace streamlab {

/// The header a scale-out run puts on every record it writes to a repartition topic.
inline constexpr std::string_view kOriginHeader = "streamlab.origin";

/// The input record a repartitioned record came from, and its place among the records that one
/// input record sent (a flatMap sends several). The instance that reads the repartition topic
/// back releases it at that input record's place in the global order, and drops a second copy
/// (the same origin again) that a restarted instance wrote when it re-read its input.
struct RepartitionOrigin {
  TopicPartition source;   ///< The input partition.
  std::int64_t offset{0};  ///< The input record's offset.
  std::int64_t index{0};   ///< 0 for the first record it sent to repartition topics, then 1, ...
  /// Field-by-field equality.
  friend bool operator==(const RepartitionOrigin&, const RepartitionOrigin&) = default;

  /// The header value: `topic|partition|offset|index` (Kafka topic names have no `|`).
  [[nodiscard]] std::string format() const {
    return source.topic + "|" + std::to_string(source.partition) + "|" + std::to_string(offset) + "|" +
           std::to_string(index);
  }

  /// Reads a format()ted value; std::nullopt when it is not one.
  [[nodiscard]] static std::optional<RepartitionOrigin> parse(std::string_view text) {
    RepartitionOrigin o;
    const auto bar3 = text.rfind('|');
    if (bar3 == std::string_view::npos) return std::nullopt;
    const auto bar2 = text.rfind('|', bar3 - 1);
    if (bar2 == std::string_view::npos || bar2 == 0) return std::nullopt;
    const auto bar1 = text.rfind('|', bar2 - 1);
    if (bar1 == std::string_view::npos || bar1 == 0) return std::nullopt;
    o.source.topic = std::string(text.substr(0, bar1));
    const auto number = [](std::string_view digits, auto& out) {
      const auto* end = digits.data() + digits.size();
      const auto [ptr, ec] = std::from_chars(digits.data(), end, out);
      return ec == std::errc{} && ptr == end && !digits.empty();
    };
    if (!number(text.substr(bar1 + 1, bar2 - bar1 - 1), o.source.partition) ||
        !number(text.substr(bar2 + 1, bar3 - bar2 - 1), o.offset) ||
        !number(text.substr(bar3 + 1), o.index)) {
      return std::nullopt;
    }
    return o;
  }
};

}  // namespace streamlab
