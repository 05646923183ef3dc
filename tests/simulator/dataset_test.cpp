// Reading JSONL datasets: event times in both accepted forms, keys, and malformed lines reported
// with file, line and field, either thrown or kept as counted dead letters.
#include "streamlab/sim/dataset.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace streamlab::sim {
namespace {

Dataset read(const std::string& text, const DatasetOptions& options = {}) {
  std::istringstream in(text);
  return read_dataset(in, "events.jsonl", options);
}

TEST(ReadDataset, ReadsIntegerAndIsoTimesAndKeepsTheLineUnmodified) {
  DatasetOptions options;
  options.key_field = "user";
  const auto d = read(
      "{\"time\": 1000, \"user\": \"ann\", \"n\": 1}\n"
      "\n"
      "{\"user\": 7, \"time\": \"1970-01-01T00:00:02.500+00:00\"}\r\n"
      "{\"time\": \"2025-06-22T10:00:00Z\"}\n",
      options);
  ASSERT_EQ(d.records.size(), 3u);
  EXPECT_EQ(d.records[0].timestamp, from_millis(1000));
  EXPECT_EQ(d.records[0].key, std::optional<std::string>("ann"));
  EXPECT_EQ(d.records[0].value, "{\"time\": 1000, \"user\": \"ann\", \"n\": 1}");
  EXPECT_EQ(d.records[1].timestamp, from_millis(2500));
  EXPECT_EQ(d.records[1].key, std::optional<std::string>("7"));
  EXPECT_EQ(d.records[1].value, "{\"user\": 7, \"time\": \"1970-01-01T00:00:02.500+00:00\"}");
  EXPECT_EQ(d.records[2].timestamp, from_millis(1750586400000));  // 2025-06-22T10:00:00Z
  EXPECT_EQ(d.records[2].key, std::nullopt);
  EXPECT_EQ(d.line_numbers, (std::vector<std::int64_t>{1, 3, 4}));
  EXPECT_EQ(d.lines_read, 3);
}

TEST(ReadDataset, UsesTheConfiguredTimeField) {
  DatasetOptions options;
  options.time_field = "ts";
  const auto d = read("{\"ts\": 5, \"time\": \"garbage\"}\n", options);
  ASSERT_EQ(d.records.size(), 1u);
  EXPECT_EQ(d.records[0].timestamp, from_millis(5));
}

void expect_error(const std::string& text, std::int64_t line, const std::string& field,
                  const DatasetOptions& options = {}) {
  try {
    (void)read(text, options);
    FAIL() << "expected an InputError for: " << text;
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().source, "events.jsonl");
    EXPECT_EQ(e.where().line, line);
    EXPECT_EQ(e.where().field, field);
    EXPECT_NE(std::string(e.what()).find("events.jsonl:" + std::to_string(line)), std::string::npos)
        << e.what();
  }
}

TEST(ReadDataset, MalformedLinesNameFileLineAndField) {
  expect_error("{\"time\": 1}\n{\"time\": 2\n", 2, "");
  expect_error("{\"time\": 1}\n\n[1, 2]\n", 3, "");
  expect_error("{\"value\": 1}\n", 1, "time");
  expect_error("{\"time\": 1}\n{\"time\": \"yesterday\"}\n", 2, "time");
  expect_error("{\"time\": 1.5}\n", 1, "time");
  DatasetOptions keyed;
  keyed.key_field = "user";
  expect_error("{\"time\": 1, \"user\": {\"id\": 1}}\n", 1, "user", keyed);
}

TEST(ReadDataset, DeadLetterModeCountsEveryMalformedLineAndKeepsGoing) {
  DatasetOptions options;
  options.on_malformed = OnMalformed::DeadLetter;
  const auto d = read(
      "{\"time\": 1}\n"
      "not json\n"
      "{\"time\": 2}\n"
      "{\"time\": \"soon\"}\n"
      "{\"time\": 3}\n",
      options);
  EXPECT_EQ(d.records.size(), 3u);
  ASSERT_EQ(d.dead_letters.size(), 2u);
  EXPECT_EQ(d.dead_letters[0].error.where().line, 2);
  EXPECT_EQ(d.dead_letters[0].line, "not json");
  EXPECT_EQ(d.dead_letters[1].error.where().line, 4);
  EXPECT_EQ(d.dead_letters[1].error.where().field, "time");
  // Every non-blank line is accounted for.
  EXPECT_EQ(d.lines_read, static_cast<std::int64_t>(d.records.size() + d.dead_letters.size()));
}

TEST(LoadDataset, AMissingFileIsAnInputErrorNamingIt) {
  try {
    (void)load_dataset("no-such-dir/none.jsonl");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("none.jsonl"), std::string::npos);
  }
}

}  // namespace
}  // namespace streamlab::sim
