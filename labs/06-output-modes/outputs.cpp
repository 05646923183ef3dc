// Lab 06: write build_outputs() (see outputs.hpp and README.md).
#include "outputs.hpp"

#include "streamlab/streamlab.hpp"
#include "streamlab/labs/not_implemented.hpp"

namespace lab06 {

void build_outputs(streamlab::StreamsBuilder& /*builder*/, const OutputConfig& /*config*/) {
  // One aggregation, three settings from `config`: the output mode, the trigger and the time
  // domain. README.md says what each one must emit; predict it before you write anything.
  throw streamlab::labs::NotImplemented("labs/06-output-modes/outputs.cpp: lab06::build_outputs");
}

}  // namespace lab06
