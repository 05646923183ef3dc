/// @file
/// Kafka's murmur2 hash, the hash behind the default partitioner of the Java client and Kafka
/// Streams, so that a key lands on the partition number a real cluster would choose.
#pragma once

#include <cstdint>
#include <string_view>

namespace streamlab::sim {

/// The 32-bit MurmurHash2 of `bytes` exactly as `org.apache.kafka.common.utils.Utils.murmur2`
/// computes it (seed 0x9747b28c, little-endian 4-byte blocks, Java's signed result).
[[nodiscard]] std::int32_t murmur2(std::string_view bytes) noexcept;

/// Kafka's `Utils.toPositive`: clears the sign bit (`hash & 0x7fffffff`), which, unlike
/// `std::abs`, is defined for INT32_MIN.
[[nodiscard]] constexpr std::int32_t to_positive(std::int32_t hash) noexcept { return hash & 0x7fffffff; }

}  // namespace streamlab::sim
