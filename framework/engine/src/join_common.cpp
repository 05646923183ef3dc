// A join side's counts in a checkpoint.
#include "streamlab/engine/join_common.hpp"

#include <cstdint>

#include <nlohmann/json.hpp>

namespace streamlab {

void to_json(nlohmann::json& j, const JoinSideCounts& counts) {
  j = {counts.read, counts.joined, counts.unmatched, counts.late};
}

void from_json(const nlohmann::json& j, JoinSideCounts& counts) {
  counts = {j.at(0).get<std::int64_t>(), j.at(1).get<std::int64_t>(), j.at(2).get<std::int64_t>(),
            j.at(3).get<std::int64_t>()};
}

}  // namespace streamlab
