/// @file
/// Which partitions each member of a consumer group reads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "streamlab/record.hpp"
#include "streamlab/sim/log.hpp"

namespace streamlab::sim {

/// Kafka's RangeAssignor for one member: for each topic, partitions 0..n-1 are cut into
/// `member_count` contiguous ranges, the first `n % member_count` members taking one extra.
/// Members are numbered 0..member_count-1 (Kafka orders them by member id).
/// @throws std::invalid_argument when `member_index` is not in [0, member_count);
/// std::out_of_range when a topic does not exist.
[[nodiscard]] std::vector<TopicPartition> range_assignment(const Log& log,
                                                           const std::vector<std::string>& topics,
                                                           std::int32_t member_index,
                                                           std::int32_t member_count);

}  // namespace streamlab::sim
