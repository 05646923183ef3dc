// End-to-end checks of `streamlab gen` and `streamlab replay` as students and instructors run
// them: exit statuses, byte-identical output to the library, and a max-speed replay's panes equal
// to `streamlab window` over `streamlab scenario apply` (two other commands, run here too).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

#include "streamlab/generators/generator.hpp"
#include "streamlab/generators/writer.hpp"

namespace {

namespace fs = std::filesystem;

struct Run {
  int status;
  std::string out;
};

// Runs `streamlab ARGS` through the shell, capturing standard output; stderr goes to a file.
Run streamlab(const std::string& args) {
  const std::string command = std::string("'") + STREAMLAB_TOOL + "' " + args + " 2>" +
                              (fs::temp_directory_path() / "streamlab-datasets-cli.err").string();
  FILE* pipe = ::popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::string out;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int raw = ::pclose(pipe);
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, out};
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "streamlab-datasets-cli";
  fs::create_directories(dir);
  return dir / name;
}

TEST(CliGen, WritesExactlyWhatTheLibraryGenerates) {
  const auto r = streamlab("gen orders --events 500 --seed 9 --keys 50 --profile-rate 0.02");
  ASSERT_EQ(r.status, 0);
  streamlab::datasets::GeneratorOptions o;
  o.seed = 9;
  o.keys = 50;
  o.profile_rate = 0.02;
  auto g = streamlab::datasets::make_generator("orders", o);
  std::ostringstream want;
  streamlab::datasets::write_events(*g, 500, want);
  EXPECT_EQ(r.out, want.str());
}

TEST(CliGen, ShippedRewritesTheCommittedDatasetsByteForByte) {
  const fs::path dir = scratch("shipped");
  fs::create_directories(dir);
  ASSERT_EQ(streamlab("gen shipped --output-dir '" + dir.string() + "'").status, 0);
  for (const char* f : {"alice-lines.jsonl", "sales.jsonl", "clicks.jsonl", "profiles.jsonl", "orders.jsonl",
                        "metrics.jsonl"}) {
    EXPECT_TRUE(slurp(dir / f) == slurp(fs::path(STREAMLAB_SOURCE_DIR) / "datasets" / f)) << f;
  }
}

TEST(CliGen, UsageErrorsExitWithStatus2) {
  EXPECT_EQ(streamlab("gen weather --events 3").status, 2);
  EXPECT_EQ(streamlab("gen sales").status, 2);  // no --events
  EXPECT_EQ(streamlab("gen sales --events 3 --start yesterday").status, 2);
  EXPECT_EQ(streamlab("gen sales --events 3 --rate -1").status, 2);
  EXPECT_EQ(streamlab("gen metrics --events 3 --anomaly-rate 0.9").status, 2);
  EXPECT_EQ(streamlab("gen clicks --events 3 --keys 0").status, 2);
}

TEST(CliGen, HelpShowsAnExample) {
  const auto r = streamlab("gen --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("Example:"), std::string::npos);
}

TEST(CliReplay, MaxSpeedPanesEqualWindowOverScenarioApply) {
  const std::string sales = (fs::path(STREAMLAB_SOURCE_DIR) / "datasets" / "sales.jsonl").string();
  const fs::path arrivals = scratch("arrivals.jsonl");
  const fs::path want = scratch("want-panes.jsonl");
  const fs::path got = scratch("got-panes.jsonl");
  ASSERT_EQ(streamlab("scenario apply --dataset '" + sales +
                      "' --scenario late-arrivals --key-field store --output '" + arrivals.string() + "'")
                .status,
            0);
  ASSERT_EQ(
      streamlab(
          "window --input '" + arrivals.string() +
          "' --time-field time --key-field store "
          "--window tumbling:5m --watermark bounded:5s --allowed-lateness 1m --agg sum:amount --output '" +
          want.string() + "'")
          .status,
      0);
  const auto r = streamlab(
      "replay '" + sales +
      "' --scenario late-arrivals --speed max --plain --key-field store "
      "--window tumbling:5m --watermark bounded:5s --allowed-lateness 1m --agg sum:amount --output '" +
      got.string() + "'");
  ASSERT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("replay complete"), std::string::npos);
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "no ANSI escapes when stdout is not a terminal";
  EXPECT_FALSE(slurp(want).empty());
  EXPECT_TRUE(slurp(got) == slurp(want));
}

TEST(CliReplay, UsageErrorsExitWithStatus2) {
  const std::string sales = (fs::path(STREAMLAB_SOURCE_DIR) / "datasets" / "sales.jsonl").string();
  EXPECT_EQ(streamlab("replay '" + sales + "' --speed fast").status, 2);
  EXPECT_EQ(streamlab("replay '" + sales + "' --scenario no-such-scenario").status, 2);
  EXPECT_EQ(streamlab("replay '" + sales + "' --window weekly:1w").status, 2);
  EXPECT_EQ(streamlab("replay no-such-file.jsonl").status, 2);
}

}  // namespace
