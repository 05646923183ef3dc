// The late sale of lab 02's handout (labs/02-windowed-sales/late-sale.jsonl), shared by the
// `streamlab compare` tests, with the flags of lab 02: 5-minute tumbling windows of revenue per
// category, the watermark 30 s behind the latest sale, an allowed lateness of 2 minutes.
#pragma once

#include <string>
#include <vector>

namespace streamlab::test {

/// Six sales of one category, in arrival order. Worked by hand (W = max - 30 s):
/// #3 (10:05:40) moves W to 10:05:10 >= 10:05: [10:00,10:05) fires ON_TIME 10 + 5 = 15 (2 sales);
/// #4 (10:03, 2.5) is late (end 10:05 <= W) but W < end + 2m = 10:07: LATE 17.5 (3 sales);
/// #5 (10:08) moves W to 10:07:30 >= 10:07: [10:00,10:05) is freed;
/// #6 (10:02, 4) is too late: the late output; end of input fires [10:05,10:10) ON_TIME 1 + 3 = 4.
inline const char* const kLateSaleInput =
    "{\"category\":\"books\",\"amount\":10,\"time\":\"2025-06-22T10:01:00Z\"}\n"
    "{\"category\":\"books\",\"amount\":5,\"time\":\"2025-06-22T10:04:00Z\"}\n"
    "{\"category\":\"books\",\"amount\":1,\"time\":\"2025-06-22T10:05:40Z\"}\n"
    "{\"category\":\"books\",\"amount\":2.5,\"time\":\"2025-06-22T10:03:00Z\"}\n"
    "{\"category\":\"books\",\"amount\":3,\"time\":\"2025-06-22T10:08:00Z\"}\n"
    "{\"category\":\"books\",\"amount\":4,\"time\":\"2025-06-22T10:02:00Z\"}\n";

/// `streamlab compare` with lab 02's flags over `input`, then `extra`.
inline std::vector<std::string> late_sale_compare_args(const std::string& input,
                                                       const std::vector<std::string>& extra) {
  std::vector<std::string> args{"compare",     "--input",     input,         "--time-field",       "time",
                                "--key-field", "category",    "--agg",       "sum:amount",         "--window",
                                "tumbling:5m", "--watermark", "bounded:30s", "--allowed-lateness", "2m"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace streamlab::test
