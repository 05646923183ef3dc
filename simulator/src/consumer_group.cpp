#include "streamlab/sim/consumer_group.hpp"

#include <stdexcept>

namespace streamlab::sim {

std::vector<TopicPartition> range_assignment(const Log& log, const std::vector<std::string>& topics,
                                             std::int32_t member_index, std::int32_t member_count) {
  if (member_count <= 0 || member_index < 0 || member_index >= member_count)
    throw std::invalid_argument("member " + std::to_string(member_index) + " of " +
                                std::to_string(member_count) + " is not a member of the group");
  std::vector<TopicPartition> out;
  for (const std::string& topic : topics) {
    const std::int32_t n = log.partition_count(topic);
    const std::int32_t per_member = n / member_count;
    const std::int32_t extra = n % member_count;
    const std::int32_t start = member_index * per_member + std::min(member_index, extra);
    const std::int32_t length = per_member + (member_index < extra ? 1 : 0);
    for (std::int32_t p = start; p < start + length; ++p) out.push_back(TopicPartition{topic, p});
  }
  return out;
}

}  // namespace streamlab::sim
