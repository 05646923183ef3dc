// Lab 04 reference solution, part 1: the value joiner copies the order and, when the table had a
// row for the user at the order's arrival, the profile's descriptive fields.
#include "enrich.hpp"

namespace lab04 {

EnrichedOrder enrich(const Order& order, const std::optional<Profile>& profile) {
  EnrichedOrder out;
  out.order_id = order.order_id;
  out.user = order.user;
  out.amount = order.amount;
  out.time = order.time;
  if (profile) {
    out.matched = true;
    out.name = profile->name;
    out.region = profile->region;
    out.tier = profile->tier;
  }
  return out;
}

}  // namespace lab04
