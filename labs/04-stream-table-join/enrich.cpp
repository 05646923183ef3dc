// Lab 04, part 1: write enrich(), the value joiner (see enrich.hpp and README.md).
#include "enrich.hpp"

#include "streamlab/labs/not_implemented.hpp"

namespace lab04 {

EnrichedOrder enrich(const Order& /*order*/, const std::optional<Profile>& /*profile*/) {
  throw streamlab::labs::NotImplemented("labs/04-stream-table-join/enrich.cpp: lab04::enrich");
}

}  // namespace lab04
