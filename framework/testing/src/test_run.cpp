#include "streamlab/testing/test_run.hpp"

#include "streamlab/dsl/topology.hpp"
#include "streamlab/io/source.hpp"
#include "streamlab/runtime/runtime.hpp"

namespace streamlab::testing {

TestRun run_topology(Topology& topology, Source& input) {
  TestRun run;
  RuntimeOptions options;
  options.delivery = Delivery::AtLeastOnce;
  options.poll_timeout = Duration{0};
  Runtime runtime{topology, input, run.output, options};
  runtime.run();
  run.accounting = runtime.accounting();
  return run;
}

}  // namespace streamlab::testing
