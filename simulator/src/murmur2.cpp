#include "streamlab/sim/murmur2.hpp"

namespace streamlab::sim {

std::int32_t murmur2(std::string_view bytes) noexcept {
  // Unsigned arithmetic wraps like Java's int; `>>>` is a logical shift of the unsigned value.
  const auto length = static_cast<std::uint32_t>(bytes.size());
  constexpr std::uint32_t kSeed = 0x9747b28cU;
  constexpr std::uint32_t kM = 0x5bd1e995U;
  constexpr int kR = 24;
  const auto byte = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]));
  };

  std::uint32_t h = kSeed ^ length;
  const std::size_t blocks = bytes.size() / 4;
  for (std::size_t i = 0; i < blocks; ++i) {
    const std::size_t i4 = i * 4;
    std::uint32_t k = byte(i4) | (byte(i4 + 1) << 8) | (byte(i4 + 2) << 16) | (byte(i4 + 3) << 24);
    k *= kM;
    k ^= k >> kR;
    k *= kM;
    h *= kM;
    h ^= k;
  }
  const std::size_t tail = bytes.size() & ~static_cast<std::size_t>(3);
  switch (bytes.size() % 4) {
    case 3: h ^= byte(tail + 2) << 16; [[fallthrough]];
    case 2: h ^= byte(tail + 1) << 8; [[fallthrough]];
    case 1:
      h ^= byte(tail);
      h *= kM;
      break;
    default: break;
  }
  h ^= h >> 13;
  h *= kM;
  h ^= h >> 15;
  return static_cast<std::int32_t>(h);
}

}  // namespace streamlab::sim
