/// @file
/// Kafka's default partitioner: which partition of a topic a record's key goes to.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace streamlab::sim {

/// The partition Kafka's default partitioner picks for a non-null key:
/// `to_positive(murmur2(key)) % num_partitions`. `num_partitions` must be positive.
/// @throws std::invalid_argument when `num_partitions` is not positive.
[[nodiscard]] std::int32_t partition_for_key(std::string_view key, std::int32_t num_partitions);

/// The default partitioner of one topic, with a deterministic rule for null keys.
///
/// Kafka spreads null-key records with a "sticky" partitioner whose choice depends on batching
/// and timing, so it is not reproducible. The simulator uses round-robin instead: the n-th
/// null-key record (counting from 0) of this partitioner goes to partition `n % num_partitions`.
class DefaultPartitioner {
 public:
  /// A partitioner for a topic of `num_partitions` partitions (positive).
  /// @throws std::invalid_argument when `num_partitions` is not positive.
  explicit DefaultPartitioner(std::int32_t num_partitions);

  /// The partition for a record with this key; a null key takes the next round-robin slot.
  std::int32_t partition(const std::optional<std::string>& key);

  /// Number of partitions of the topic.
  [[nodiscard]] std::int32_t num_partitions() const noexcept { return num_partitions_; }

 private:
  std::int32_t num_partitions_;
  std::uint64_t null_keys_seen_{0};
};

}  // namespace streamlab::sim
