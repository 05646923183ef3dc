#include "streamlab/dsl/build_topology.hpp"

#include "streamlab/dsl/streams_builder.hpp"

namespace streamlab {

Topology build_topology(const StreamsConfig& config, const std::function<void(StreamsBuilder&)>& define) {
  StreamsBuilder builder{config};
  define(builder);
  return builder.build();
}

}  // namespace streamlab
