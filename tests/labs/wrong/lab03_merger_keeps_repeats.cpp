// A deliberately wrong lab 03 (the meta tests link the graded tests against it): the merger adds
// the other session's pages without removing repeats, so a page both sessions viewed counts twice
// once a click bridges them. The adder is right, so only merging shows the mistake.
#include <algorithm>
#include <iterator>

#include "session_summary.hpp"

namespace lab03 {

void add_click(SessionStats& stats, const Click& click) {
  ++stats.pages_viewed;
  const auto at = std::lower_bound(stats.distinct_pages.begin(), stats.distinct_pages.end(), click.page);
  if (at == stats.distinct_pages.end() || *at != click.page) stats.distinct_pages.insert(at, click.page);
  stats.first_click = std::min(stats.first_click, click.time);
  stats.last_click = std::max(stats.last_click, click.time);
}

void merge_sessions(SessionStats& into, const SessionStats& other) {
  into.pages_viewed += other.pages_viewed;
  std::vector<std::string> pages;
  std::merge(into.distinct_pages.begin(), into.distinct_pages.end(), other.distinct_pages.begin(),
             other.distinct_pages.end(), std::back_inserter(pages));
  into.distinct_pages = std::move(pages);
  into.first_click = std::min(into.first_click, other.first_click);
  into.last_click = std::max(into.last_click, other.last_click);
}

}  // namespace lab03
