/// @file
/// Building a topology from a function that defines it, without compiling the DSL.
#pragma once

#include <functional>

#include "streamlab/dsl/fwd.hpp"
#include "streamlab/dsl/streams_config.hpp"
#include "streamlab/dsl/topology.hpp"

namespace streamlab {

/// Hands a fresh StreamsBuilder with `config` to `define` and returns the topology it built.
///
/// For code that runs topologies others define (a lab runner, a command-line tool): it names
/// StreamsBuilder only through a reference, so it includes this header instead of the DSL's
/// templates, and builds faster.
Topology build_topology(const StreamsConfig& config, const std::function<void(StreamsBuilder&)>& define);

}  // namespace streamlab
