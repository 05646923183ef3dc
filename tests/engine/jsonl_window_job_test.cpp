// The JSONL windowing job (its topology on the Runtime) in-process: every line is accounted for on random
// disordered input with bad lines mixed in, and its panes equal the typed operator's on the same records.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "operator_harness.hpp"
#include "streamlab/connectors/file/json_window_job.hpp"
#include "streamlab/sim/random.hpp"

namespace streamlab::test {
namespace {

std::vector<nlohmann::json> parse_lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST(JsonlWindowJob, EveryLineIsContributedLateOrDeadLetteredAndPanesMatchTheOperator) {
  for (std::uint64_t seed = 1; seed <= 25; ++seed) {
    sim::SplitMix64 rng(seed);
    std::string input;
    Harness typed(config(WindowSpec::hopping(ms(1000), ms(500)), 300, 200));
    std::int64_t bad = 0;
    std::int64_t records = 0;
    for (int i = 0; i < 200; ++i) {
      const std::int64_t t = i * 100 + sim::uniform_int(rng, -400, 400);
      const std::string key = std::string(1, static_cast<char>('a' + sim::uniform_below(rng, 3)));
      const std::int64_t v = sim::uniform_int(rng, 0, 50);
      switch (sim::uniform_below(rng, 12)) {
        case 0:
          input += "{\"t\": " + std::to_string(t) + ", \"k\": \"" + key + "\"\n";
          ++bad;
          ++records;
          break;
        case 1:
          input += "{\"k\": \"" + key + "\", \"v\": 1}\n";
          ++bad;
          ++records;
          break;
        case 2:
          input += "{\"t\": true, \"k\": \"" + key + "\", \"v\": 1}\n";
          ++bad;
          ++records;
          break;
        case 3:
          input += "{\"t\": " + std::to_string(t) + ", \"k\": \"" + key + "\", \"v\": \"x\"}\n";
          ++bad;
          ++records;
          break;
        case 4: input += "{\"$advance\": \"1s\"}\n"; break;
        case 5: input += "\n"; break;
        default:
          input += "{\"t\": " + std::to_string(t) + ", \"k\": \"" + key + "\", \"v\": " + std::to_string(v) +
                   "}\n";
          typed.rec(key, t, v);
          ++records;
      }
    }
    typed.end();
    WindowJobOptions options;
    options.time_field = "t";
    options.key_field = "k";
    options.aggregation = parse_aggregation("sum:v");
    options.config = config(WindowSpec::hopping(ms(1000), ms(500)), 300, 200);
    std::istringstream in(input);
    std::ostringstream results;
    std::ostringstream late;
    std::ostringstream dead;
    WindowJobOutputs outputs;
    outputs.results = &results;
    outputs.late = &late;
    outputs.dead_letters = &dead;
    const Accounting summary = run_window_job(in, options, outputs);
    EXPECT_EQ(summary.records_in, records);
    EXPECT_EQ(summary.dead_letters, bad);
    EXPECT_EQ(summary.records_in, summary.contributed + summary.dropped_late + summary.dead_letters);
    EXPECT_EQ(static_cast<std::int64_t>(parse_lines(dead.str()).size()), bad);
    EXPECT_EQ(static_cast<std::int64_t>(parse_lines(late.str()).size()), summary.dropped_late);
    EXPECT_EQ(summary.dropped_late, typed.op().counters().dropped_late);
    const auto panes = parse_lines(results.str());
    ASSERT_EQ(panes.size(), typed.panes.size()) << "seed " << seed;
    for (std::size_t i = 0; i < panes.size(); ++i) {
      const ExpectedPane& p = typed.panes[i];
      EXPECT_EQ(panes[i]["key"], p.key);
      EXPECT_EQ(panes[i]["window_start"], format_timestamp(from_millis(p.start)));
      EXPECT_EQ(panes[i]["window_end"], format_timestamp(from_millis(p.end)));
      EXPECT_EQ(panes[i]["value"], p.value);
      EXPECT_EQ(panes[i]["count"], p.count);
      EXPECT_EQ(panes[i]["pane"], std::string(to_string(p.pane)));
    }
  }
}

TEST(JsonlWindowJob, ProcessingTimeDomainNeedsNoTimeField) {
  WindowJobOptions options;
  options.config.window = WindowSpec::tumbling(ms(10'000));
  options.config.time_domain = TimeDomain::Processing;
  std::istringstream in("{\"a\":1}\n{\"$advance\":\"10s\"}\n{\"a\":2}\n");
  std::ostringstream results;
  WindowJobOutputs outputs;
  outputs.results = &results;
  const auto summary = run_window_job(in, options, outputs);
  EXPECT_EQ(summary.records_in, 2);
  EXPECT_EQ(summary.dead_letters, 0);
  EXPECT_EQ(summary.results_out, 2);
}

TEST(JsonlWindowJob, EventTimeWithoutATimeFieldIsRejected) {
  WindowJobOptions options;
  std::istringstream in("");
  EXPECT_THROW((void)run_window_job(in, options, WindowJobOutputs{}), std::invalid_argument);
}

}  // namespace
}  // namespace streamlab::test
