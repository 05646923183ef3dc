// Lab 01 graded tests, part 2: the word-count topology on the simulator. Expected values come from
// hand-worked cases and from the batch oracles (oracle/words.hpp for tokens and counts,
// oracle/windows.hpp for the per-minute windows), never from the reference solution.
#include <gtest/gtest.h>

#include <map>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

#include "oracle/windows.hpp"
#include "oracle/words.hpp"
#include "support/harness.hpp"
#include "support/result_diff.hpp"
#include "word_count.hpp"

namespace {

using streamlab::parse_timestamp;
using streamlab::Timestamp;

const lab01::WordCountConfig kConfig{};

labtest::Event line_at(const std::string& text, const std::string& time, std::int32_t partition = 0,
                       std::optional<std::string> arrival = std::nullopt) {
  const Timestamp t = parse_timestamp(time);
  const nlohmann::json value = {{"line", text}, {"time", time}};
  return labtest::Event{kConfig.lines, std::nullopt, value.dump(), t, arrival ? parse_timestamp(*arrival) : t,
                        partition};
}

labtest::RunResult run(const std::vector<labtest::Event>& events, std::int32_t partitions = 1) {
  return labtest::run_topology(lab01::streams_config(kConfig),
                               [](streamlab::StreamsBuilder& b) { lab01::build_word_count(b, kConfig); },
                               events, {{kConfig.lines, partitions}});
}

std::map<std::string, std::int64_t> latest_counts(const labtest::RunResult& r) {
  std::map<std::string, std::int64_t> out;
  const auto it = r.topics.find(kConfig.running_counts);
  if (it == r.topics.end()) return out;
  for (const auto& rec : it->second) out[rec.key.value_or("")] = std::stoll(rec.value);
  return out;
}

std::vector<oracle::PaneOut<std::int64_t>> panes_of(const labtest::RunResult& r) {
  std::vector<oracle::PaneOut<std::int64_t>> out;
  for (const auto& j : labtest::json_values(r, kConfig.counts_per_minute)) {
    out.push_back({j.at("key").get<std::string>(),
                   streamlab::to_millis(parse_timestamp(j.at("window_start").get<std::string>())),
                   streamlab::to_millis(parse_timestamp(j.at("window_end").get<std::string>())),
                   j.at("value").get<std::int64_t>(), j.at("pane").get<std::string>(),
                   j.at("count").get<std::int64_t>()});
  }
  return oracle::sorted(out);
}

std::vector<oracle::PaneOut<std::int64_t>> expected_panes(const std::vector<labtest::Event>& events,
                                                          std::int32_t partitions) {
  std::vector<oracle::WindowInput<int>> inputs;
  for (const auto& e : events) {
    const auto line = nlohmann::json::parse(e.value).at("line").get<std::string>();
    for (const auto& w : oracle::words(line))
      inputs.push_back({w, streamlab::to_millis(e.event_time), e.partition, 1});
  }
  const oracle::WindowRules rules{60'000, 60'000, kConfig.watermark_delay.count(), 0, partitions};
  auto run = oracle::run_windows<int, std::int64_t>(
      inputs, rules, [] { return std::int64_t{0}; }, [](std::int64_t& a, const int&) { ++a; });
  return oracle::sorted(run.panes);
}

/// Per-minute counts as result rows keyed by (word, window_start, pane), times in ISO form.
std::vector<labtest::ResultRow> rows(const std::vector<oracle::PaneOut<std::int64_t>>& panes) {
  std::vector<labtest::ResultRow> out;
  for (const auto& p : panes)
    out.push_back({{"key", p.key},
                   {"window_start", labtest::iso(p.start)},
                   {"pane", p.pane},
                   {"window_end", labtest::iso(p.end)},
                   {"value", std::to_string(p.value)},
                   {"count", std::to_string(p.count)}});
  return out;
}

/// Checks the per-minute counts a run wrote against the expected ones.
bool expect_panes(const std::vector<oracle::PaneOut<std::int64_t>>& expected, const labtest::RunResult& r,
                  std::string_view why, std::source_location where = std::source_location::current()) {
  return labtest::expect_same_results(kConfig.counts_per_minute, rows(expected), rows(panes_of(r)), 3, why,
                                      where);
}

TEST(Lab01WordCount, HandWorkedCountsPerMinute) {
  const auto r = run({line_at("a b", "2025-06-22T10:00:10Z"), line_at("b", "2025-06-22T10:00:50Z"),
                      line_at("A", "2025-06-22T10:01:05Z")});
  const auto t = [](const char* s) { return streamlab::to_millis(parse_timestamp(s)); };
  const std::vector<oracle::PaneOut<std::int64_t>> expected = {
      {"a", t("2025-06-22T10:00:00Z"), t("2025-06-22T10:01:00Z"), 1, "ON_TIME", 1},
      {"a", t("2025-06-22T10:01:00Z"), t("2025-06-22T10:02:00Z"), 1, "ON_TIME", 1},
      {"b", t("2025-06-22T10:00:00Z"), t("2025-06-22T10:01:00Z"), 2, "ON_TIME", 2},
  };
  expect_panes(expected, r,
               "words are lowercased, so \"A\" at 10:01:05 is \"a\" in [10:01, 10:02); \"b\" occurs twice in "
               "[10:00, 10:01)");
}

TEST(Lab01WordCount, KafkaInAnyCaseIsOneCyrillicWord) {
  const auto r = run({line_at("Кафка, КАФКА и кафка.", "2025-06-22T10:00:00Z")});
  const auto counts = latest_counts(r);
  EXPECT_EQ(counts.at("кафка"), 3);
  EXPECT_EQ(counts.at("и"), 1);
  EXPECT_EQ(counts.size(), 2u);
}

TEST(Lab01WordCount, RunningCountsEqualABatchCountOfTheDataset) {
  const auto events = labtest::in_order_events(kConfig.lines, "alice-lines.jsonl");
  std::vector<std::string> lines;
  for (const auto& e : events) lines.push_back(nlohmann::json::parse(e.value).at("line"));
  const auto r = run(events);
  EXPECT_EQ(latest_counts(r), oracle::word_counts(lines));
}

TEST(Lab01WordCount, RunningCountsEmitOneUpdatePerOccurrence) {
  const auto r =
      run({line_at("to be or not to be", "2025-06-22T10:00:00Z"), line_at("To BE", "2025-06-22T10:00:30Z")});
  std::map<std::string, std::vector<std::int64_t>> updates;
  for (const auto& rec : r.topics.at(kConfig.running_counts))
    updates[rec.key.value_or("")].push_back(std::stoll(rec.value));
  EXPECT_EQ(updates["to"], (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(updates["be"], (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(updates["or"], (std::vector<std::int64_t>{1}));
  EXPECT_EQ(updates["not"], (std::vector<std::int64_t>{1}));
}

TEST(Lab01WordCount, CountsPerMinuteMatchTheWindowOracleInOrder) {
  const auto events = labtest::in_order_events(kConfig.lines, "alice-lines.jsonl");
  expect_panes(expected_panes(events, 1), run(events),
               "the window oracle: every word of every line counted in the minute of the line's time");
}

TEST(Lab01WordCount, CountsPerMinuteMatchTheWindowOracleUnderJitter) {
  std::int32_t partitions = 1;
  const auto events = labtest::scenario_events(kConfig.lines, "alice-lines.jsonl", "jitter", partitions);
  expect_panes(
      expected_panes(events, partitions), run(events, partitions),
      "the window oracle over the same arrivals: a word counts in the minute of its line's event "
      "time, whenever the line arrives (a line late by more than the 10s watermark delay is dropped)");
}

TEST(Lab01WordCount, EveryLineIsAccountedFor) {
  const auto events = labtest::in_order_events(kConfig.lines, "alice-lines.jsonl");
  const auto r = run(events);
  EXPECT_EQ(r.accounting.records_in, static_cast<std::int64_t>(events.size()));
  EXPECT_TRUE(r.accounting.invariant_holds());
  EXPECT_EQ(r.accounting.dead_letters, 0);
}

}  // namespace
