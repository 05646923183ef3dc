// Scenario files: every field read, and every mistake reported with file, line and field. The
// line numbers are counted by hand in the texts below.
#include "streamlab/sim/scenario.hpp"
#include "streamlab/sim/shipped_scenarios.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "streamlab/error.hpp"

namespace streamlab::sim {
namespace {

TEST(ParseScenario, ReadsEveryField) {
  const auto s = parse_scenario(R"({
    "name": "all", "description": "every field", "seed": 18446744073709551615,
    "partitions": 4,
    "delay": {"distribution": "exponential", "min": "100ms", "max": "5s", "mean": "1s"},
    "watermark_delay": "2s",
    "late": {"fraction": 0.25, "extra": "10s", "spread": 30000},
    "duplicates": {"fraction": 0.5, "delay": "1m"},
    "idle": [{"partition": 3, "from": "1m", "for": "1h30m"}],
    "skew": [{"partition": 0, "lag": "750ms"}],
    "bursts": {"every": "5m", "length": "30s", "offset": "1m"}
  })",
                                "all.json");
  EXPECT_EQ(s.name, "all");
  EXPECT_EQ(s.description, "every field");
  EXPECT_EQ(s.seed, 18446744073709551615ULL);
  EXPECT_EQ(s.partitions, 4);
  EXPECT_EQ(s.delay.distribution, DelayDistribution::Exponential);
  EXPECT_EQ(s.delay.min, Duration{100});
  EXPECT_EQ(s.delay.max, Duration{5000});
  EXPECT_EQ(s.delay.mean, Duration{1000});
  EXPECT_EQ(s.watermark_delay, Duration{2000});
  EXPECT_DOUBLE_EQ(s.late.fraction, 0.25);
  EXPECT_EQ(s.late.extra, Duration{10000});
  EXPECT_EQ(s.late.spread, Duration{30000});
  EXPECT_DOUBLE_EQ(s.duplicates.fraction, 0.5);
  EXPECT_EQ(s.duplicates.delay, Duration{60000});
  ASSERT_EQ(s.idle.size(), 1u);
  EXPECT_EQ(s.idle[0].partition, 3);
  EXPECT_EQ(s.idle[0].from, Duration{60000});
  EXPECT_EQ(s.idle[0].length, Duration{5400000});
  ASSERT_EQ(s.skew.size(), 1u);
  EXPECT_EQ(s.skew[0].lag, Duration{750});
  ASSERT_TRUE(s.bursts.has_value());
  EXPECT_EQ(s.bursts->every, Duration{300000});
  EXPECT_EQ(s.bursts->length, Duration{30000});
  EXPECT_EQ(s.bursts->offset, Duration{60000});
}

TEST(ParseScenario, OmittedFieldsMeanNoDisorder) {
  const auto s = parse_scenario("{}", "empty.json");
  EXPECT_EQ(s.partitions, 1);
  EXPECT_EQ(s.delay.max, Duration{0});
  EXPECT_EQ(s.late.fraction, 0.0);
  EXPECT_TRUE(s.idle.empty());
  EXPECT_FALSE(s.bursts.has_value());
}

struct Bad {
  const char* text;
  std::int64_t line;
  const char* field;
  const char* reason_part;
};

TEST(ParseScenario, MistakesNameFileLineAndField) {
  const Bad cases[] = {
      {"{\n  \"seed\": 1,\n  \"late\": {\"fraction\": 1.5}\n}", 3, "late.fraction", "must be in [0,1]"},
      {"{\n  \"late\": {\n    \"extra\": \"10s\",\n    \"fraction\": -0.1\n  }\n}", 4, "late.fraction",
       "must be in [0,1]"},
      {"{\n  \"partitions\": 0\n}", 2, "partitions", "integer in [1,1024]"},
      {"{\n  \"delay\": {\"max\": \"5 seconds\"}\n}", 2, "delay.max", "duration"},
      {"{\n  \"delay\": {\"min\": \"2s\",\n    \"max\": \"1s\"}\n}", 3, "delay.max", "delay.min"},
      {"{\n  \"delay\": {\"distribution\": \"normal\"}\n}", 2, "delay.distribution", "uniform"},
      {"{\"partitions\": 2,\n \"idle\": [\n  {\"partition\": 0, \"for\": \"1m\"},\n  {\"partition\": 2, "
       "\"for\": \"1m\"}\n ]\n}",
       4, "idle[1].partition", "[0,1]"},
      {"{\n \"idle\": [{\"partition\": 0}]\n}", 2, "idle[0].for", "missing"},
      {"{\n \"skew\": [{\"partition\": 0, \"lag\": \"1s\"},\n          {\"partition\": 0, \"lag\": "
       "\"2s\"}]\n}",
       3, "skew[1].partition", "already has a skew"},
      {"{\n \"bursts\": {\"every\": \"1m\",\n  \"length\": \"2m\"}\n}", 3, "bursts.length",
       "below bursts.every"},
      {"{\n  \"seed\": 1,\n  \"lateness\": 0.1\n}", 3, "lateness", "unknown field"},
      {"{\n  \"seed\": -4\n}", 2, "seed", "non-negative"},
      {"{\n  \"seed\": 1,\n  \"late\": {\"fraction\": 0.1,}\n}", 3, "", "not valid JSON"},
      {"{\n  \"seed\": 1\n  \"partitions\": 2\n}", 3, "", "not valid JSON"},
      {"[1, 2]", 1, "", "JSON object"},
  };
  for (const Bad& c : cases) {
    try {
      (void)parse_scenario(c.text, "bad.json");
      ADD_FAILURE() << "no error for: " << c.text;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().source, "bad.json") << c.text;
      EXPECT_EQ(e.where().line, c.line) << c.text << "\n" << e.what();
      EXPECT_EQ(e.where().field, c.field) << c.text << "\n" << e.what();
      EXPECT_NE(e.reason().find(c.reason_part), std::string::npos) << e.what();
    }
  }
}

TEST(LoadScenario, AMissingFileIsAnInputErrorNamingIt) {
  EXPECT_THROW((void)load_scenario("no-such-dir/none.json"), InputError);
}

TEST(ShippedScenarios, AllNamedScenariosShipParseAndMatchTheirFiles) {
  const std::vector<std::string> required{"classroom-demo", "duplicates", "idle-partition",
                                          "in-order",       "jitter",     "late-arrivals"};
  for (const auto& name : required) {
    const auto s = find_shipped_scenario(name);
    ASSERT_TRUE(s.has_value()) << name;
    EXPECT_EQ(s->name, name);
    EXPECT_FALSE(s->description.empty()) << name;
    // The compiled-in text is the file in the source tree.
    const std::filesystem::path file =
        std::filesystem::path(STREAMLAB_SOURCE_DIR) / "datasets" / "scenarios" / (name + ".json");
    const auto from_file = load_scenario(file);
    EXPECT_EQ(from_file.seed, s->seed) << name;
    EXPECT_EQ(from_file.description, s->description) << name;
  }
  EXPECT_FALSE(find_shipped_scenario("no-such-scenario").has_value());
  for (const auto& shipped : shipped_scenarios())
    EXPECT_NO_THROW((void)find_shipped_scenario(shipped.name)) << shipped.name;
}

TEST(ResolveScenario, AShippedNameResolvesToTheShippedScenario) {
  const Scenario s = resolve_scenario("late-arrivals");
  EXPECT_EQ(s.name, find_shipped_scenario("late-arrivals")->name);
}

TEST(ResolveScenario, AFileWinsOverAShippedScenarioOfTheSameName) {
  // A file called `jitter` in the working directory shadows the shipped `jitter`.
  const auto dir = std::filesystem::temp_directory_path() / "streamlab-resolve-scenario";
  std::filesystem::create_directories(dir);
  const auto file = dir / "jitter";
  {
    std::ofstream out(file);
    out << R"({"name": "local", "partitions": 3})";
  }
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  const Scenario s = resolve_scenario("jitter");
  std::filesystem::current_path(cwd);
  EXPECT_EQ(s.name, "local");
  EXPECT_EQ(s.partitions, 3);
}

TEST(ResolveScenario, NeitherAFileNorAShippedNameIsAnInputErrorListingTheShippedNames) {
  try {
    (void)resolve_scenario("no-such-scenario");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("no-such-scenario"), std::string::npos) << what;
    EXPECT_NE(what.find("late-arrivals"), std::string::npos) << what;
    EXPECT_NE(what.find("jitter"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace streamlab::sim
