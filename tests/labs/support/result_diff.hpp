// Comparing the result set a lab produced with the one an oracle (or a hand-worked case) expects,
// with a failure message a student can act on: which rows are missing, which are extra, and for a
// row produced with the right key but wrong values, each field that differs ("pages_viewed:
// expected 5, got 3"), all with field names and ISO times.
#pragma once

#include <cstddef>
#include <cstdint>
#include <source_location>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace labtest {

/// One result row as a list of (field name, printed value), key fields first.
using ResultRow = std::vector<std::pair<std::string, std::string>>;

/// A time in milliseconds since the epoch, as ISO-8601 UTC (`2025-06-22T10:00:00Z`).
std::string iso(std::int64_t ms);

/// Describes how `produced` differs from `expected` as a multiset of rows; empty when they are
/// equal. Rows with equal first `key_fields` fields are paired as "different" and each field that
/// differs is named (so are rows left over that share only the first field, when they pair one to
/// one); the rest are "missing" (expected, not produced) or "extra". `what` names the
/// rows ("sessions"), `why` says what the expected rows rest on (it is printed after the rows).
std::string diff_results(std::string_view what, const std::vector<ResultRow>& expected,
                         const std::vector<ResultRow>& produced, std::size_t key_fields,
                         std::string_view why = {});

/// Adds a GoogleTest failure at the caller's line with diff_results() when the two differ.
/// @returns whether they were equal (so a test can stop with `if (!expect_same_results(...)) return;`).
bool expect_same_results(std::string_view what, const std::vector<ResultRow>& expected,
                         const std::vector<ResultRow>& produced, std::size_t key_fields,
                         std::string_view why = {},
                         std::source_location where = std::source_location::current());

}  // namespace labtest
