#include "streamlab/sim/virtual_clock.hpp"

#include <stdexcept>

namespace streamlab::sim {

void VirtualClock::advance_to(Timestamp t) {
  if (t < now_)
    throw std::invalid_argument("processing time cannot go back from " + format_timestamp(now_) + " to " +
                                format_timestamp(t));
  now_ = t;
}

void VirtualClock::advance_by(Duration d) {
  if (d < Duration::zero())
    throw std::invalid_argument("processing time cannot advance by a negative duration " +
                                format_duration(d));
  now_ += d;
}

}  // namespace streamlab::sim
