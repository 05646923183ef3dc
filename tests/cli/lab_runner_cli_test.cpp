// Process-level tests of the lab runner's flags (streamlab-lab-solution, what `streamlab run`
// executes): usage errors exit 2 with one line naming the culprit, --help exits 0, and --limit
// bounds every printed table. STREAMLAB_CLI_BINARY is the runner here.
#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace streamlab::test {
namespace {

const std::string kDatasets = std::string(STREAMLAB_SOURCE_DIR) + "/datasets";

/// The number of lines of `text` (a last line without '\n' counts).
std::size_t line_count(const std::string& text) {
  const auto newlines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  return newlines + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

/// What the runner printed for one table: the count in its `== topic (N results) ==` header and
/// the rows shown under it.
struct Table {
  std::size_t results{0};
  std::size_t rows{0};
  std::size_t more{0};  ///< N from the `... N more` line, 0 without one.
};

/// The result tables of a run's stdout, by topic. A row is an indented line that is neither the
/// column header of a window table (`  window  key ...`) nor the `... N more` line.
std::map<std::string, Table> tables(const std::string& out) {
  std::map<std::string, Table> found;
  std::istringstream in(out);
  std::string line;
  Table* current = nullptr;
  while (std::getline(in, line)) {
    if (line.rfind("== ", 0) == 0) {
      current = nullptr;
      const auto open = line.find(" (");
      const auto close = line.find(" results) ==");
      if (open == std::string::npos || close == std::string::npos) continue;  // the late section
      current = &found[line.substr(3, open - 3)];
      current->results = std::stoul(line.substr(open + 2, close - open - 2));
    } else if (current != nullptr && line.rfind("  ", 0) == 0) {
      if (line.rfind("  ... ", 0) == 0) {
        current->more = std::stoul(line.substr(6));
      } else if (line.rfind("  window ", 0) != 0) {
        ++current->rows;
      }
    } else if (line.empty() || line.rfind("#", 0) == 0) {
      current = nullptr;
    }
  }
  return found;
}

/// Non-empty lines of a file: the records of a JSONL dataset.
std::size_t records_in(const std::string& file) {
  std::ifstream in(file);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) n += line.empty() ? 0 : 1;
  return n;
}

class LabRunnerCli : public CliFixture {
 protected:
  /// Expects a usage error: exit 2, nothing on stdout, one line on stderr mentioning `culprit`.
  void expect_usage_error(const std::vector<std::string>& args, const std::string& culprit) {
    const auto r = run(args);
    std::string joined;
    for (const auto& a : args) joined += a + ' ';
    EXPECT_EQ(r.exit_code, 2) << joined << "\n" << r.err;
    EXPECT_EQ(line_count(r.err), 1u) << joined << "\n" << r.err;
    EXPECT_NE(r.err.find(culprit), std::string::npos) << joined << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << joined << "\n" << r.out;
  }
};

TEST_F(LabRunnerCli, LimitThatIsNotANonNegativeDecimalNumberExitsTwoNamingTheFlag) {
  expect_usage_error({"01", "--limit", "abc"}, "--limit");
  expect_usage_error({"01", "--limit", "-1"}, "--limit");
  expect_usage_error({"01", "--limit", "3x"}, "--limit");
  expect_usage_error({"01", "--limit", "1.5"}, "--limit");
  expect_usage_error({"01", "--limit", ""}, "--limit");
}

TEST_F(LabRunnerCli, SeedThatIsNotAnUnsigned64BitDecimalNumberExitsTwoNamingTheFlag) {
  expect_usage_error({"01", "--seed", "abc"}, "--seed");
  expect_usage_error({"01", "--seed", "-1"}, "--seed");
  expect_usage_error({"01", "--seed", "0x10"}, "--seed");
  // 2^64: one past the largest uint64, rejected rather than clamped.
  expect_usage_error({"01", "--seed", "18446744073709551616"}, "--seed");
}

TEST_F(LabRunnerCli, FlagWithoutItsValueExitsTwoNamingTheFlag) {
  expect_usage_error({"01", "--limit"}, "--limit");
  expect_usage_error({"01", "--scenario"}, "--scenario");
}

TEST_F(LabRunnerCli, UnknownFlagExitsTwoNamingIt) { expect_usage_error({"01", "--bogus", "1"}, "--bogus"); }

TEST_F(LabRunnerCli, KafkaFlagsWithoutKafkaExitTwo) {
  expect_usage_error({"01", "-X", "acks=all"}, "--kafka");
  expect_usage_error({"01", "--kafka-config", "client.properties"}, "--kafka");
  expect_usage_error({"01", "--follow"}, "--kafka");
}

TEST_F(LabRunnerCli, UnknownOrMissingLabExitsTwo) {
  expect_usage_error({"07", "--datasets", kDatasets}, "'07'");
  expect_usage_error({"wordcount"}, "'wordcount'");
  expect_usage_error({}, "NN");
}

TEST_F(LabRunnerCli, HelpExitsZeroAndListsEveryFlag) {
  const auto r = run({"--help"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* flag : {"NN", "--scenario", "--seed", "--datasets", "--limit", "--kafka", "-X",
                           "--kafka-config", "--follow", "--help"}) {
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag << " missing from\n" << r.out;
  }
}

TEST_F(LabRunnerCli, LimitThreeShowsAtMostThreeRowsPerTableOnTheSimulator) {
  const auto r = run({"01", "--limit", "3", "--datasets", kDatasets});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto shown = tables(r.out);
  // Lab 01 writes the running counts and the counts per minute.
  ASSERT_EQ(shown.count("word-counts"), 1u) << r.out;
  ASSERT_EQ(shown.count("word-counts-per-minute"), 1u) << r.out;
  for (const auto& [topic, t] : shown) {
    EXPECT_EQ(t.rows, std::min<std::size_t>(t.results, 3)) << topic << "\n" << r.out;
    EXPECT_EQ(t.more, t.results > 3 ? t.results - 3 : 0) << topic << "\n" << r.out;
  }
  // The word counts hold one row per word occurrence: far more than three lines' worth.
  EXPECT_GT(shown.at("word-counts").results, 3u);
  // Every line of the shipped dataset is read (counted independently of the runner here).
  const auto lines = records_in(kDatasets + "/alice-lines.jsonl");
  ASSERT_GT(lines, 3u);
  EXPECT_NE(r.out.find("# accounting: in " + std::to_string(lines) + ","), std::string::npos) << r.out;
}

TEST_F(LabRunnerCli, LimitRaisedShowsEveryRowItsHeaderCounts) {
  const auto r = run({"01", "--limit", "1000000", "--datasets", kDatasets});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto shown = tables(r.out);
  ASSERT_FALSE(shown.empty()) << r.out;
  for (const auto& [topic, t] : shown) {
    EXPECT_EQ(t.rows, t.results) << topic;
    EXPECT_EQ(t.more, 0u) << topic;
  }
}

TEST_F(LabRunnerCli, SeedIsReadAsDecimalEvenWithLeadingZeros) {
  // Lab 01 prints its running counts in arrival order, which the jitter scenario's seed shuffles.
  auto with_seed = [&](const std::string& seed) {
    return run({"01", "--scenario", "jitter", "--limit", "1000000", "--datasets", kDatasets, "--seed", seed});
  };
  const auto padded = with_seed("010");
  const auto ten = with_seed("10");
  const auto eight = with_seed("8");
  ASSERT_EQ(padded.exit_code, 0) << padded.err;
  ASSERT_EQ(ten.exit_code, 0) << ten.err;
  ASSERT_EQ(eight.exit_code, 0) << eight.err;
  ASSERT_NE(ten.out, eight.out) << "the seed must matter for this check to mean anything";
  EXPECT_EQ(padded.out, ten.out);  // 010 is ten, not octal eight
}

TEST_F(LabRunnerCli, Lab06ShowsTheSameSalesInFourSettings) {
  const auto r = run({"06", "--limit", "2", "--datasets", kDatasets});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Each setting's section: `#### NAME: N result(s), M sale(s) in the late output`.
  std::map<std::string, std::pair<std::size_t, std::size_t>> sections;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("#### ", 0) != 0) continue;
    const auto colon = line.find(": ");
    const auto results = line.find(" result(s), ");
    ASSERT_NE(results, std::string::npos) << line;
    sections[line.substr(5, colon - 5)] = {std::stoul(line.substr(colon + 2)),
                                           std::stoul(line.substr(results + 12))};
  }
  ASSERT_EQ(sections.size(), 4u) << r.out;
  // Counted from the dataset here: in order, no sale is late; update mode emits one pane per sale,
  // final mode one per category and minute that had a sale.
  std::size_t sales = 0;
  std::set<std::pair<std::string, std::int64_t>> windows;
  std::ifstream data(kDatasets + "/sales.jsonl");
  while (std::getline(data, line)) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line);
    const std::string time = j.at("time");  // one day: the hour and minute name the window
    windows.insert({j.at("category").get<std::string>(),
                    std::stoll(time.substr(11, 2)) * 60 + std::stoll(time.substr(14, 2))});
    ++sales;
  }
  EXPECT_EQ(sections.at("update, continuous, event time").first, sales);
  EXPECT_EQ(sections.at("final, continuous, event time").first, windows.size());
  EXPECT_GT(sections.at("complete, micro-batch:1m, event time").first, windows.size())
      << "a window is in every table until the watermark passes its end";
  EXPECT_EQ(sections.count("final, continuous, processing time"), 1u) << r.out;
  for (const auto& [name, counts] : sections)
    EXPECT_EQ(counts.second, 0u) << name << ": no sale is late in order";
  for (const char* pane : {"ON_TIME", "UPDATE", "COMPLETE"})
    EXPECT_NE(r.out.find(pane), std::string::npos) << pane << " panes missing from\n" << r.out;
}

}  // namespace
}  // namespace streamlab::test
