// JSONL files: a file replayed as a topic (with control lines) through a topology whose results
// go to a JSONL file with toFile() and to topic files through JsonlFileSink.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "streamlab/streamlab.hpp"

namespace {

using namespace std::chrono_literals;
namespace file = streamlab::connectors::file;
namespace serdes = streamlab::serdes;

struct Event {
  std::string user;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Event, user)

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(FileConnector, JsonlFileReplaysWithControlLinesAndResultsLandInJsonlFiles) {
  const std::string dir = STREAMLAB_BINARY_DIR;
  const std::string input = dir + "/dsl_file_input.jsonl";
  {
    std::ofstream out(input);
    out << R"({"user":"ann","ts":"2025-06-22T10:00:01Z"})" << '\n'
        << R"({"user":"bob","ts":"2025-06-22T10:00:02Z"})" << '\n'
        << '\n'
        << R"({"user":"ann","ts":"2025-06-22T10:00:03Z"})" << '\n'
        << R"({"$watermark":"2025-06-22T10:01:00Z"})" << '\n'
        << R"({"user":"ann","ts":"2025-06-22T10:00:04Z"})" << '\n'  // behind the mark: late
        << R"({"user":"bob"})" << '\n';                             // line 7: no ts
  }
  streamlab::StreamsBuilder b{{"files", streamlab::WatermarkStrategy::manual()}};
  b.stream("events", streamlab::Consumed{serdes::String(), serdes::Json<Event>()}.withTimestampField("ts"))
      .groupByKey()
      .windowedBy(streamlab::TimeWindows::ofSize(1min))
      .count()
      .toStream()
      .toFile(dir + "/dsl_file_counts.jsonl");
  auto topo = b.build();
  file::JsonlFileSource source{input, {"events", "user", {}}};
  file::JsonlFileSink sink{dir};
  streamlab::Runtime rt{topo, source, sink};
  rt.run();

  const auto counts = lines_of(dir + "/dsl_file_counts.jsonl");
  ASSERT_EQ(counts.size(), 2U);
  auto ann = nlohmann::json::parse(counts[0]);
  EXPECT_EQ(ann.at("key"), "ann");
  EXPECT_EQ(ann.at("value").at("window_start"), "2025-06-22T10:00:00Z");
  EXPECT_EQ(ann.at("value").at("window_end"), "2025-06-22T10:01:00Z");
  EXPECT_EQ(ann.at("value").at("value"), 2);
  EXPECT_EQ(ann.at("value").at("pane"), "ON_TIME");
  EXPECT_EQ(ann.at("timestamp"), "2025-06-22T10:00:59.999Z");

  const auto dead = lines_of(sink.path_for("files-dead-letters"));
  ASSERT_EQ(dead.size(), 1U);
  EXPECT_EQ(nlohmann::json::parse(dead[0]).at("value").at("offset"), 6);  // line 7
  const auto late = lines_of(sink.path_for("files-late"));
  ASSERT_EQ(late.size(), 1U);
  EXPECT_EQ(nlohmann::json::parse(late[0]).at("value").at("key"), "ann");
  EXPECT_EQ(rt.accounting().records_in, 5);
  EXPECT_EQ(rt.accounting().late_output, 1);
  EXPECT_EQ(rt.accounting().dead_letters, 1);
  EXPECT_TRUE(rt.accounting().invariant_holds());
  EXPECT_EQ(source.committed(), 6);
}

TEST(FileConnector, MalformedControlLineIsReportedWithFileAndLine) {
  const std::string input = std::string{STREAMLAB_BINARY_DIR} + "/dsl_file_bad.jsonl";
  {
    std::ofstream out(input);
    out << R"({"user":"ann","ts":1})" << '\n' << R"({"$advance":"soon"})" << '\n';
  }
  try {
    file::JsonlFileSource source{input, {"events", {}, {}}};
    FAIL() << "expected an InputError";
  } catch (const streamlab::InputError& e) {
    EXPECT_EQ(e.where().line, 2);
    EXPECT_EQ(e.where().field, "$advance");
  }
}

// Issue 14's rule for every reader: a line that mixes a control key with fields is neither a
// control line nor a record. It is read, counted and sent to the dead letters with the reason,
// and moves neither the watermark nor processing time.
TEST(FileConnector, ControlKeyMixedWithFieldsIsAnAmbiguousDeadLetterNotAControlLine) {
  const std::string dir = STREAMLAB_BINARY_DIR;
  const std::string input = dir + "/dsl_file_ambiguous.jsonl";
  {
    std::ofstream out(input);
    out << R"({"user":"ann","ts":"2025-06-22T10:00:01Z"})" << '\n'
        << R"({"user":"bob","ts":"2025-06-22T10:00:02Z","$watermark":"2025-06-22T11:00:00Z"})" << '\n'
        << R"({"user":"ann","ts":"2025-06-22T10:00:03Z"})" << '\n';
  }
  streamlab::StreamsBuilder b{{"ambiguous", streamlab::WatermarkStrategy::manual()}};
  b.stream("events", streamlab::Consumed{serdes::String(), serdes::Json<Event>()}.withTimestampField("ts"))
      .groupByKey()
      .windowedBy(streamlab::TimeWindows::ofSize(1min))
      .count()
      .toStream()
      .toFile(dir + "/dsl_file_ambiguous_counts.jsonl");
  auto topo = b.build();
  file::JsonlFileSource source{input, {"events", "user", {}}};
  file::JsonlFileSink sink{dir};
  streamlab::Runtime rt{topo, source, sink};
  rt.run();

  // Had line 2 raised the watermark to 11:00, ann's 10:00:03 would be late; it is not.
  const auto counts = lines_of(dir + "/dsl_file_ambiguous_counts.jsonl");
  ASSERT_EQ(counts.size(), 1U);
  EXPECT_EQ(nlohmann::json::parse(counts[0]).at("key"), "ann");
  EXPECT_EQ(nlohmann::json::parse(counts[0]).at("value").at("value"), 2);
  const auto dead = lines_of(sink.path_for("ambiguous-dead-letters"));
  ASSERT_EQ(dead.size(), 1U);
  const auto letter = nlohmann::json::parse(dead[0]).at("value");
  EXPECT_EQ(letter.at("offset"), 1);  // line 2
  EXPECT_EQ(letter.at("reason").get<std::string>().rfind("ambiguous control line", 0), 0U) << letter;
  EXPECT_EQ(rt.accounting().records_in, 3);
  EXPECT_EQ(rt.accounting().contributed, 2);
  EXPECT_EQ(rt.accounting().dead_letters, 1);
  EXPECT_EQ(rt.accounting().late_output, 0);
  EXPECT_TRUE(rt.accounting().invariant_holds());
}

}  // namespace
