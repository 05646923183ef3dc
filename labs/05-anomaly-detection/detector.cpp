// Lab 05, part 1: write observe(), the anomaly rules (see detector.hpp and README.md).
#include "detector.hpp"

#include "streamlab/labs/not_implemented.hpp"

namespace lab05 {

std::optional<Alert> observe(HostState& /*state*/, const Reading& /*reading*/,
                             const DetectorConfig& /*config*/) {
  throw streamlab::labs::NotImplemented("labs/05-anomaly-detection/detector.cpp: lab05::observe");
}

}  // namespace lab05
