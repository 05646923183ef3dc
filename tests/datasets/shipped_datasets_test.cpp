// The JSONL files in datasets/ are exactly what their generator runs write (so anyone can make them
// again), and every line parses with the README's schema: zero dead letters.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "event_schema.hpp"
#include "streamlab/generators/shipped.hpp"
#include "streamlab/generators/writer.hpp"

namespace streamlab::datasets {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string path_of(std::string_view file) {
  return std::string(STREAMLAB_SOURCE_DIR) + "/datasets/" + std::string(file);
}

TEST(ShippedDatasets, AreByteIdenticalToTheirGeneratorRuns) {
  for (const auto& d : shipped_datasets()) {
    SCOPED_TRACE(std::string(d.file));
    const std::string committed = read_file(path_of(d.file));
    ASSERT_FALSE(committed.empty()) << "missing " << path_of(d.file);
    auto generator = make_generator(d.kind, d.options);
    std::ostringstream out;
    const auto summary = write_events(*generator, d.events, out);
    EXPECT_EQ(summary.events, d.events);
    EXPECT_TRUE(out.str() == committed)
        << "regenerate with: " << d.command << " (the file differs from the generator's output)";
  }
}

TEST(ShippedDatasets, ParseWithZeroDeadLetters) {
  for (const auto& d : shipped_datasets()) {
    SCOPED_TRACE(std::string(d.file));
    std::ifstream in(path_of(d.file));
    std::vector<testing::DeadLetter> dead;
    std::string line;
    std::size_t n = 0;
    Timestamp previous = kMinTimestamp;
    while (std::getline(in, line)) {
      ++n;
      if (auto j = testing::check_line(d.kind, line, n, dead)) {
        const Timestamp t = testing::time_of(*j);
        EXPECT_GE(t, previous) << "line " << n;
        previous = t;
      }
    }
    EXPECT_EQ(n, d.events);
    for (const auto& letter : dead)
      ADD_FAILURE() << d.file << ":" << letter.line << ": field '" << letter.field << "' " << letter.reason;
    EXPECT_TRUE(dead.empty());
  }
}

TEST(ShippedDatasets, SizesAreReadableInClass) {
  for (const auto& d : shipped_datasets()) {
    EXPECT_GE(d.events, 100u) << d.file;
    EXPECT_LE(d.events, 5000u) << d.file;
  }
}

TEST(ShippedDatasets, OrdersAndProfilesShareTheirUniverse) {
  // orders.jsonl refers only to users of profiles.jsonl, and some orders precede the profile.
  const auto all = shipped_datasets();
  std::map<std::string, Timestamp> first;
  std::vector<testing::DeadLetter> dead;
  std::ifstream profiles(path_of("profiles.jsonl"));
  std::string line;
  std::size_t n = 0;
  while (std::getline(profiles, line))
    if (auto j = testing::check_line("profiles", line, ++n, dead))
      first.emplace((*j)["user"].get<std::string>(), testing::time_of(*j));
  std::ifstream orders(path_of("orders.jsonl"));
  std::size_t early = 0, unknown = 0;
  n = 0;
  while (std::getline(orders, line)) {
    if (auto j = testing::check_line("orders", line, ++n, dead)) {
      auto it = first.find((*j)["user"].get<std::string>());
      if (it == first.end())
        ++unknown;
      else if (testing::time_of(*j) < it->second)
        ++early;
    }
  }
  EXPECT_EQ(unknown, 0u);
  EXPECT_GT(early, 10u);
  EXPECT_TRUE(dead.empty());
}

}  // namespace
}  // namespace streamlab::datasets
