// The sessionization oracle: per user, sort the clicks by event time and cut where two clicks
// are more than the gap apart (windows [t, t + gap) that touch merge, so a gap of exactly `gap`
// does not cut). The plain batch definition, for inputs where no click is late.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "oracle/iso_time.hpp"

namespace oracle {

struct ClickIn {
  std::string user;
  std::string page;
  std::int64_t t;
};

struct SessionOut {
  std::string user;
  std::int64_t start;
  std::int64_t end;
  std::int64_t pages_viewed;
  std::int64_t distinct_pages;
  friend bool operator==(const SessionOut&, const SessionOut&) = default;
  friend auto operator<=>(const SessionOut&, const SessionOut&) = default;
  /// Prints a session in failure messages, with ISO times.
  friend void PrintTo(const SessionOut& s, std::ostream* os) {
    *os << "{user: " << s.user << ", start: " << iso(s.start) << ", end: " << iso(s.end)
        << ", pages_viewed: " << s.pages_viewed << ", distinct_pages: " << s.distinct_pages << "}";
  }
};

inline std::vector<SessionOut> batch_sessions(std::vector<ClickIn> clicks, std::int64_t gap) {
  std::stable_sort(clicks.begin(), clicks.end(), [](const auto& a, const auto& b) {
    return std::tie(a.user, a.t) < std::tie(b.user, b.t);
  });
  std::vector<SessionOut> out;
  std::set<std::string> pages;
  for (std::size_t i = 0; i < clicks.size(); ++i) {
    const auto& c = clicks[i];
    const bool opens = i == 0 || clicks[i - 1].user != c.user || c.t - clicks[i - 1].t > gap;
    if (opens) {
      out.push_back({c.user, c.t, c.t + gap, 0, 0});
      pages.clear();
    }
    auto& s = out.back();
    s.end = c.t + gap;
    ++s.pages_viewed;
    pages.insert(c.page);
    s.distinct_pages = static_cast<std::int64_t>(pages.size());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace oracle
