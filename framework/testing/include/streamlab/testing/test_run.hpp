/// @file
/// Runs a topology over a scripted input and returns what it wrote: a test in one call.
#pragma once

#include "streamlab/runtime/accounting.hpp"
#include "streamlab/testing/capturing_sink.hpp"

namespace streamlab {
class Source;
class Topology;
}  // namespace streamlab

namespace streamlab::testing {

/// What one run of a topology produced.
struct TestRun {
  CapturingSink output;   ///< Every record written, per topic (results, late output, dead letters).
  Accounting accounting;  ///< The runtime's counts: in, contributed, late, dead letters, results.
};

/// Runs `topology` over `input` to its end (the watermark then becomes +infinity, so every open
/// window fires) and returns what it wrote. Results are released as they are produced.
///
/// @code
/// streamlab::StreamsBuilder builder{config};
/// build_windowed_sales(builder, config);
/// streamlab::Topology topology = builder.build();
/// auto run = streamlab::testing::run_topology(topology, input);
/// EXPECT_EQ(run.output.values("revenue-per-category").size(), 2u);
/// EXPECT_TRUE(run.accounting.invariant_holds());
/// @endcode
TestRun run_topology(Topology& topology, Source& input);

}  // namespace streamlab::testing
