/// @file
/// What the DSL remembers about a stream besides its port: whether its key changed, and which
/// input topics it comes from (for repartitioning and co-partitioning checks).
#pragma once

#include <string>
#include <vector>

namespace streamlab::detail {

/// Facts about a stream that decide whether a stateful step must repartition it.
struct StreamInfo {
  bool key_changed{false};          ///< A map/selectKey/flatMap changed the key since the source.
  std::vector<std::string> topics;  ///< The topics its records were read from.
};

}  // namespace streamlab::detail
