#include "streamlab/sim/partitioner.hpp"

#include <stdexcept>

#include "streamlab/sim/murmur2.hpp"

namespace streamlab::sim {
namespace {
void require_positive(std::int32_t num_partitions) {
  if (num_partitions <= 0)
    throw std::invalid_argument("a topic needs a positive number of partitions, not " +
                                std::to_string(num_partitions));
}
}  // namespace

std::int32_t partition_for_key(std::string_view key, std::int32_t num_partitions) {
  require_positive(num_partitions);
  return to_positive(murmur2(key)) % num_partitions;
}

DefaultPartitioner::DefaultPartitioner(std::int32_t num_partitions) : num_partitions_(num_partitions) {
  require_positive(num_partitions);
}

std::int32_t DefaultPartitioner::partition(const std::optional<std::string>& key) {
  if (key) return partition_for_key(*key, num_partitions_);
  const auto slot = null_keys_seen_++ % static_cast<std::uint64_t>(num_partitions_);
  return static_cast<std::int32_t>(slot);
}

}  // namespace streamlab::sim
