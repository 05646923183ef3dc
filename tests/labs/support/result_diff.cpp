#include "support/result_diff.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "streamlab/time.hpp"

namespace labtest {

namespace {

constexpr std::size_t kMaxListed = 8;

std::string print_row(const ResultRow& row) {
  std::string out = "{";
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i) out += ", ";
    out += row[i].first + ": " + row[i].second;
  }
  return out + "}";
}

std::string print_key(const ResultRow& row, std::size_t key_fields) {
  std::string out;
  for (std::size_t i = 0; i < std::min(key_fields, row.size()); ++i) {
    if (i) out += ", ";
    out += row[i].first + " " + row[i].second;
  }
  return out;
}

bool same_key(const ResultRow& a, const ResultRow& b, std::size_t key_fields) {
  if (a.size() < key_fields || b.size() < key_fields) return false;
  return std::equal(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(key_fields), b.begin());
}

std::string field_differences(const ResultRow& expected, const ResultRow& produced) {
  std::string out;
  for (const auto& [name, value] : expected) {
    const auto it =
        std::find_if(produced.begin(), produced.end(), [&](const auto& f) { return f.first == name; });
    const std::string got = it == produced.end() ? "(no such field)" : it->second;
    if (got == value) continue;
    if (!out.empty()) out += "; ";
    out += name + ": expected " + value + ", got " + got;
  }
  return out;
}

}  // namespace

std::string iso(std::int64_t ms) { return streamlab::format_timestamp(streamlab::from_millis(ms)); }

std::string diff_results(std::string_view what, const std::vector<ResultRow>& expected,
                         const std::vector<ResultRow>& produced, std::size_t key_fields,
                         std::string_view why) {
  std::vector<ResultRow> missing = expected;
  std::vector<ResultRow> extra;
  for (const auto& row : produced) {
    const auto it = std::find(missing.begin(), missing.end(), row);
    if (it != missing.end())
      missing.erase(it);
    else
      extra.push_back(row);
  }
  if (missing.empty() && extra.empty()) return {};

  // Pair a missing row with an extra one of the same key: one row with wrong values. Then, for
  // what is left, rows that share the first key field (the same user, host, word) when that
  // pairs them one to one: a row whose window or time is wrong.
  std::vector<std::string> different;
  const auto pair_up = [&](std::size_t fields, bool only_one_to_one) {
    for (auto m = missing.begin(); m != missing.end();) {
      const auto matches = [&](const ResultRow& x) { return same_key(*m, x, fields); };
      const auto e = std::find_if(extra.begin(), extra.end(), matches);
      const bool one_to_one = e != extra.end() && std::count_if(extra.begin(), extra.end(), matches) == 1 &&
                              std::count_if(missing.begin(), missing.end(),
                                            [&](const ResultRow& x) { return same_key(*e, x, fields); }) == 1;
      if (e == extra.end() || (only_one_to_one && !one_to_one)) {
        ++m;
        continue;
      }
      different.push_back(print_key(*m, fields) + ": " + field_differences(*m, *e));
      extra.erase(e);
      m = missing.erase(m);
    }
  };
  pair_up(key_fields, false);
  if (key_fields > 1) pair_up(1, true);

  std::ostringstream out;
  out << what << ": expected " << expected.size() << ", produced " << produced.size() << "; "
      << different.size() << " different, " << missing.size() << " missing, " << extra.size() << " extra\n";
  const auto list = [&](const char* label, const auto& items, const auto& print) {
    for (std::size_t i = 0; i < items.size() && i < kMaxListed; ++i)
      out << "  " << label << print(items[i]) << '\n';
    if (items.size() > kMaxListed) out << "  ... and " << items.size() - kMaxListed << " more\n";
  };
  list("different  ", different, [](const std::string& s) { return s; });
  list("missing    ", missing, print_row);
  list("extra      ", extra, print_row);
  if (!why.empty()) out << "why: " << why << '\n';
  return out.str();
}

bool expect_same_results(std::string_view what, const std::vector<ResultRow>& expected,
                         const std::vector<ResultRow>& produced, std::size_t key_fields, std::string_view why,
                         std::source_location where) {
  const std::string diff = diff_results(what, expected, produced, key_fields, why);
  if (diff.empty()) return true;
  ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line())) << diff;
  return false;
}

}  // namespace labtest
