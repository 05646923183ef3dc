// Your own tests for lab 02: a worked example (docs/guide-testing.md walks through it).
//
// A test scripts the input with streamlab::testing::TestStream, runs your topology with
// streamlab::testing::run_topology() and checks what it wrote against values you worked out by
// hand. Every file named my_*_test.cpp in a lab folder is built into `my_lab02_tests` and runs
// with `ctest --test-dir build/student -L mine` (no points: these are yours).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sales.hpp"
#include "streamlab/streamlab.hpp"
#include "streamlab/testing/test_run.hpp"
#include "streamlab/testing/test_stream.hpp"

namespace {

using streamlab::parse_timestamp;

// One sale as the sales topic carries it; its event time is the `time` field.
std::string sale(const std::string& category, double amount, const std::string& time) {
  return nlohmann::json{{"order_id", "o-" + time},
                        {"store", "store-01"},
                        {"category", category},
                        {"amount", amount},
                        {"time", time}}
      .dump();
}

// One window result in the form the revenue topics carry.
struct Pane {
  std::string key, window_start, window_end, pane;
  double revenue;
  std::int64_t orders;
};

std::vector<Pane> panes(const streamlab::testing::TestRun& run, const std::string& topic) {
  std::vector<Pane> out;
  for (const std::string& value : run.output.values(topic)) {
    const auto j = nlohmann::json::parse(value);
    out.push_back(Pane{j.at("key"), j.at("window_start"), j.at("window_end"), j.at("pane"),
                       j.at("value").at("revenue"), j.at("value").at("orders")});
  }
  return out;
}

// The defaults: 5-minute category windows, watermark 30 s behind the latest sale, 2 minutes of
// allowed lateness. Worked by hand, sale by sale (W is the watermark after the sale):
//   books 10.00 @10:01:00, books 5.00 @10:03:00, toys 7.50 @10:04:00      W = 10:03:30
//   books 2.00 @10:06:00   W = 10:05:30 >= 10:05: [10:00,10:05) fires ON_TIME
//                          (books 15.00 in 2 orders, then toys 7.50 in 1: keys in order)
//   books 1.00 @10:04:30   behind W, but [10:00,10:05) is kept until W >= 10:07: LATE pane
//                          books 16.00 in 3 orders
//   books 4.00 @10:09:00   W = 10:08:30 >= 10:07: [10:00,10:05) is freed
//   books 3.00 @10:02:00   its category window is gone: the category aggregation sends it to the
//                          late output. But it still counts per store: the hopping window
//                          [10:00,10:10) is open until W >= 10:10, so the sale contributed.
//   end of input           W = +inf: [10:05,10:10) fires, books 6.00 in 2 orders
TEST(MySalesTest, AWindowFiresOnTimeThenLateThenDropsWhatComesAfterTheGrace) {
  const lab02::SalesConfig config;
  streamlab::testing::TestStream input;
  for (const auto& [category, amount, time] :
       std::vector<std::tuple<std::string, double, std::string>>{{"books", 10.00, "2025-06-22T10:01:00Z"},
                                                                 {"books", 5.00, "2025-06-22T10:03:00Z"},
                                                                 {"toys", 7.50, "2025-06-22T10:04:00Z"},
                                                                 {"books", 2.00, "2025-06-22T10:06:00Z"},
                                                                 {"books", 1.00, "2025-06-22T10:04:30Z"},
                                                                 {"books", 4.00, "2025-06-22T10:09:00Z"},
                                                                 {"books", 3.00, "2025-06-22T10:02:00Z"}}) {
    input.add(config.sales, sale(category, amount, time), parse_timestamp(time));
  }

  streamlab::StreamsBuilder builder{lab02::streams_config(config)};
  lab02::build_windowed_sales(builder, config);
  streamlab::Topology topology = builder.build();
  const auto run = streamlab::testing::run_topology(topology, input);

  const auto got = panes(run, config.revenue_per_category);
  ASSERT_EQ(got.size(), 4U) << "expected 3 panes of [10:00,10:05) (books, toys, books LATE) and "
                               "one of [10:05,10:10)";
  EXPECT_EQ(got[0].key, "books");
  EXPECT_EQ(got[0].window_start, "2025-06-22T10:00:00Z");
  EXPECT_EQ(got[0].pane, "ON_TIME");
  EXPECT_DOUBLE_EQ(got[0].revenue, 15.00);
  EXPECT_EQ(got[1].key, "toys");
  EXPECT_DOUBLE_EQ(got[1].revenue, 7.50);
  EXPECT_EQ(got[2].key, "books");
  EXPECT_EQ(got[2].pane, "LATE");
  EXPECT_DOUBLE_EQ(got[2].revenue, 16.00);
  EXPECT_EQ(got[2].orders, 3);
  EXPECT_EQ(got[3].window_start, "2025-06-22T10:05:00Z");
  EXPECT_EQ(got[3].window_end, "2025-06-22T10:10:00Z");
  EXPECT_DOUBLE_EQ(got[3].revenue, 6.00);

  // The 10:02 sale is in no category result: the category aggregation wrote it to the late
  // output. It is not late for the store windows, so as an input record it contributed.
  EXPECT_EQ(run.output.values("lab02-sales-late").size(), 1U);
  EXPECT_EQ(run.accounting.records_in, 7);
  EXPECT_EQ(run.accounting.contributed, 7);
  EXPECT_EQ(run.accounting.late_output, 0);
  EXPECT_TRUE(run.accounting.invariant_holds());
}

}  // namespace
