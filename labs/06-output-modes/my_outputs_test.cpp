// Your own tests for lab 06: tests that pin the differences between the settings (README.md,
// "Your tests"). The first one is worked for you; write the others below it.
//
// A test scripts the input with streamlab::testing::TestStream (each record with its event time
// and, through advance(), the processing time at which it arrives), runs build_outputs() with one
// configuration and checks what it wrote against values you worked out by hand. Every file named
// my_*_test.cpp in this folder is built into `my_lab06_tests` and runs with
// `ctest --test-dir build/student -L mine` (no points: see README.md, "How it is graded").
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "outputs.hpp"
#include "streamlab/streamlab.hpp"
#include "streamlab/testing/test_run.hpp"
#include "streamlab/testing/test_stream.hpp"

namespace {

using namespace std::chrono_literals;
using streamlab::parse_timestamp;

// One sale as the sales topic carries it; its event time is the `time` field.
std::string sale(double amount, const std::string& time) {
  return nlohmann::json{{"category", "books"}, {"amount", amount}, {"time", time}}.dump();
}

// One pane as the revenue topic carries it.
struct Pane {
  std::string window_start, pane;
  double revenue;
  std::int64_t count;
};

// Runs build_outputs() with `config` over `input` and returns the panes it wrote, in order.
std::vector<Pane> panes(const lab06::OutputConfig& config, streamlab::testing::TestStream input) {
  streamlab::StreamsBuilder builder{lab06::streams_config(config)};
  lab06::build_outputs(builder, config);
  streamlab::Topology topology = builder.build();
  const auto run = streamlab::testing::run_topology(topology, input);
  std::vector<Pane> out;
  for (const std::string& value : run.output.values(config.revenue)) {
    const auto j = nlohmann::json::parse(value);
    out.push_back(Pane{j.at("window_start"), j.at("pane"), j.at("value"), j.at("count")});
  }
  return out;
}

// Worked by hand with the defaults (10 s windows, W = largest time seen - 5 s), continuous:
//   3.00 @10:00:01   W = 09:59:56
//   4.00 @10:00:06   W = 10:00:01
//   5.00 @10:00:17   W = 10:00:12 >= 10:00:10: [10:00:00, 10:00:10) is complete
//   end of input     W = +inf: [10:00:10, 10:00:20) is complete
// Final mode reports [10:00:00, 10:00:10) once, with 7.00; update mode reports it after each of
// its two sales, 3.00 then 7.00. Both report [10:00:10, 10:00:20) once: it had one sale.
TEST(MyOutputsTest, FinalReportsAWindowOnceWhereUpdateReportsEveryChange) {
  lab06::OutputConfig config;
  streamlab::testing::TestStream input;
  for (const auto& [amount, time] : std::vector<std::pair<double, std::string>>{
           {3.00, "2025-06-22T10:00:01Z"}, {4.00, "2025-06-22T10:00:06Z"}, {5.00, "2025-06-22T10:00:17Z"}}) {
    input.add(config.sales, sale(amount, time), parse_timestamp(time));
  }

  config.mode = streamlab::EmitMode::Final;
  const auto final_panes = panes(config, input);
  ASSERT_EQ(final_panes.size(), 2U) << "one ON_TIME pane per window";
  EXPECT_EQ(final_panes[0].window_start, "2025-06-22T10:00:00Z");
  EXPECT_EQ(final_panes[0].pane, "ON_TIME");
  EXPECT_DOUBLE_EQ(final_panes[0].revenue, 7.00);
  EXPECT_EQ(final_panes[0].count, 2);

  config.mode = streamlab::EmitMode::Update;
  const auto update_panes = panes(config, input);
  ASSERT_EQ(update_panes.size(), 3U) << "one UPDATE pane per sale";
  EXPECT_EQ(update_panes[0].pane, "UPDATE");
  EXPECT_DOUBLE_EQ(update_panes[0].revenue, 3.00);
  EXPECT_DOUBLE_EQ(update_panes[1].revenue, 7.00);
  EXPECT_EQ(update_panes[1].count, 2);
}

// Your tests. Each one pins one difference on an input of your own, worked by hand first, and
// must fail when the setting it is about is ignored (check: change that setting in your test and
// watch it fail). README.md, "Your tests", lists the four to write:
//   - continuous vs micro-batch: a sale late continuously that counts in a micro-batch;
//   - event time vs processing time: two sales that share a window on one clock, not the other;
//   - complete: a window reported again in a later table, unchanged;
//   - update vs final with a late sale: what each reports for it.
// input.advance_processing_time(10s) moves the processing time of the sales added after it.

}  // namespace
