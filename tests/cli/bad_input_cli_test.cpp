// The `streamlab` command under hostile input (issue 14), run as a subprocess: write errors exit 1
// naming the file, unreadable inputs exit 1, a BOM is skipped, records mixed with control keys
// are counted dead letters, overflowing or empty flags are usage errors naming the flag, and the
// issue's crash and hang reproducers finish with the hand-worked results.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <sys/wait.h>

#include "cli_runner.hpp"

namespace streamlab::test {
namespace {

class BadInputCli : public CliFixture {
 protected:
  // Runs a shell command line as it is (for redirections the fixture's run() does not offer).
  static int shell(const std::string& command) {
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string two_records() const {
    return write("in.jsonl", "{\"t\":0,\"k\":\"a\"}\n{\"t\":1,\"k\":\"a\"}\n");
  }
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(BadInputCli, WriteErrorsOnOutputExitOneNamingTheFile) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  const auto r = run({"window", "--input", two_records(), "--time-field", "t", "--window", "tumbling:1s",
                      "--output", "/dev/full"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(has(r.err, "--output: cannot write to '/dev/full'")) << r.err;
}

TEST_F(BadInputCli, WriteErrorsOnStandardOutputExitOne) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  const std::string input = two_records();
  const std::string err = path("err.txt");
  const std::string bin = STREAMLAB_CLI_BINARY;
  EXPECT_EQ(shell("'" + bin + "' window --input '" + input +
                  "' --time-field t --window tumbling:1s >/dev/full 2>'" + err + "'"),
            1);
  EXPECT_TRUE(has(read(err), "cannot write to standard output")) << read(err);
  EXPECT_EQ(shell("'" + bin + "' scenario apply --dataset '" + input +
                  "' --time-field t --scenario late-arrivals >/dev/full 2>'" + err + "'"),
            1);
  EXPECT_TRUE(has(read(err), "cannot write to standard output")) << read(err);
  EXPECT_EQ(shell("'" + bin + "' gen sales --events 10 >/dev/full 2>'" + err + "'"), 1);
  EXPECT_TRUE(has(read(err), "cannot write to standard output")) << read(err);
}

TEST_F(BadInputCli, WriteErrorsOnDeadLettersExitOneNamingTheFlag) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  const auto input = write("bad.jsonl", "{\"t\":0}\nnot json\n");
  const auto r = run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:1s", "--output",
                      path("out.jsonl"), "--dead-letters", "/dev/full"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(has(r.err, "--dead-letters: cannot write to '/dev/full'")) << r.err;
}

TEST_F(BadInputCli, ADirectoryAsInputExitsOne) {
  const auto window = run({"window", "--input", path(""), "--time-field", "t", "--window", "tumbling:1s"});
  EXPECT_EQ(window.exit_code, 1) << window.err;
  EXPECT_TRUE(has(window.err, "is a directory")) << window.err;
  const auto apply = run({"scenario", "apply", "--dataset", path(""), "--scenario", "late-arrivals"});
  EXPECT_EQ(apply.exit_code, 1) << apply.err;
  EXPECT_TRUE(has(apply.err, "is a directory")) << apply.err;
}

TEST_F(BadInputCli, AByteOrderMarkOnLineOneIsSkipped) {
  const auto input = write("bom.jsonl", "\xEF\xBB\xBF{\"t\":0,\"k\":\"a\"}\n");
  const auto r =
      run({"window", "--input", input, "--time-field", "t", "--key-field", "k", "--window", "tumbling:1s"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto panes = lines(r.out);
  ASSERT_EQ(panes.size(), 1U) << r.err;
  EXPECT_EQ(panes[0]["key"], "a");
  EXPECT_EQ(panes[0]["count"], 1);
}

TEST_F(BadInputCli, ARecordWithAControlKeyIsACountedDeadLetterNotAControlLine) {
  // Line 1 mixes a record with $advance: a dead letter, so only line 2 counts, in [2s, 3s).
  const auto input =
      write("mixed.jsonl", "{\"time\":1000,\"k\":\"a\",\"$advance\":\"30s\"}\n{\"time\":2000,\"k\":\"a\"}\n");
  const auto r = run({"window", "--input", input, "--time-field", "time", "--key-field", "k", "--window",
                      "tumbling:1s", "--dead-letters", path("dead.jsonl")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto dead = lines(read(path("dead.jsonl")));
  ASSERT_EQ(dead.size(), 1U);
  EXPECT_EQ(dead[0]["line"], 1);
  EXPECT_TRUE(has(dead[0]["reason"].get<std::string>(), "ambiguous control line"));
  const auto panes = lines(r.out);
  ASSERT_EQ(panes.size(), 1U);
  EXPECT_EQ(panes[0]["window_start"], "1970-01-01T00:00:02Z");
  EXPECT_TRUE(has(r.err, "records read: 2")) << r.err;
  EXPECT_TRUE(has(r.err, "dead letters: 1")) << r.err;
  // `scenario apply` counts it as a dead letter too, not as an event.
  const auto apply = run({"scenario", "apply", "--dataset", input, "--scenario", "late-arrivals",
                          "--dead-letters", path("apply-dead.jsonl")});
  EXPECT_EQ(apply.exit_code, 0) << apply.err;
  EXPECT_TRUE(has(apply.err, "1 events")) << apply.err;
  EXPECT_TRUE(has(apply.err, "1 dead letters")) << apply.err;
}

TEST_F(BadInputCli, AnOverflowingDurationFlagIsAUsageErrorNamingIt) {
  const auto r = run({"window", "--input", two_records(), "--time-field", "t", "--window", "tumbling:1s",
                      "--allowed-lateness", "106751991167d106751991167d"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(has(r.err, "--allowed-lateness")) << r.err;
  EXPECT_TRUE(has(r.err, "too long")) << r.err;
}

TEST_F(BadInputCli, MisleadingInputsGetClearUsageErrors) {
  const auto empty_key = run({"window", "--input", two_records(), "--time-field", "t", "--key-field", "",
                              "--window", "tumbling:1s"});
  EXPECT_EQ(empty_key.exit_code, 2);
  EXPECT_TRUE(has(empty_key.err, "--key-field")) << empty_key.err;
  const auto hopping =
      run({"window", "--input", two_records(), "--time-field", "t", "--window", "hopping:100s,1ms"});
  EXPECT_EQ(hopping.exit_code, 2);
  EXPECT_TRUE(has(hopping.err, "100000 windows")) << hopping.err;
  const auto keys = run({"gen", "clicks", "--events", "3", "--keys", "18446744073709551615"});
  EXPECT_EQ(keys.exit_code, 2);
  EXPECT_TRUE(has(keys.err, "--keys must be at most")) << keys.err;
  const auto rate = run({"gen", "metrics", "--events", "3", "--rate", "1e-300"});
  EXPECT_EQ(rate.exit_code, 2);
  EXPECT_TRUE(has(rate.err, "--rate must be between")) << rate.err;
  const auto start = run({"gen", "sales", "--events", "3", "--start", "9200000000000000000"});
  EXPECT_EQ(start.exit_code, 2);
  EXPECT_TRUE(has(start.err, "out of range")) << start.err;
  // The port is refused at once, without waiting for a broker.
  const auto begin = std::chrono::steady_clock::now();
  const auto kafka = run({"replay", two_records(), "--time-field", "t", "--to", "kafka://localhost:abc/t"});
  EXPECT_EQ(kafka.exit_code, 2) << kafka.err;
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(5));
}

TEST_F(BadInputCli, TheSessionMicroBatchReproducerGivesTwoKeys) {
  const auto input =
      write("keys.jsonl", "{\"t\":0,\"k\":9007199254740992.0}\n{\"t\":1,\"k\":9007199254740993}\n");
  const auto r = run({"window", "--input", input, "--time-field", "t", "--key-field", "k", "--window",
                      "session:1s", "--trigger", "micro-batch:1s", "--emit", "update"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto panes = lines(r.out);
  ASSERT_EQ(panes.size(), 2U) << r.out;
  EXPECT_EQ(panes[0]["key"].dump(), "9007199254740992");
  EXPECT_EQ(panes[1]["key"].dump(), "9007199254740993");
}

TEST_F(BadInputCli, BurstsAsLongAsTheirPeriodAreRefusedInsteadOfHanging) {
  const auto scenario = write("burst.json", "{\n  \"bursts\": {\"every\": \"1m\", \"length\": \"1m\"}\n}\n");
  const auto r =
      run({"scenario", "apply", "--dataset", two_records(), "--time-field", "t", "--scenario", scenario});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(has(r.err, "burst.json:2: field 'bursts.length'")) << r.err;
}

TEST_F(BadInputCli, EventTimesOutOfRangeAreDeadLetters) {
  const auto input = write("far.jsonl", "{\"t\":1e18}\n{\"t\":\"2025-06-22T10:00:00+99:99\"}\n{\"t\":0}\n");
  const auto r = run({"window", "--input", input, "--time-field", "t", "--window", "tumbling:1s",
                      "--dead-letters", path("dead.jsonl")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto dead = lines(read(path("dead.jsonl")));
  ASSERT_EQ(dead.size(), 2U);
  for (const auto& d : dead)
    EXPECT_TRUE(has(d["reason"].get<std::string>(), "time out of range")) << d.dump();
  EXPECT_EQ(lines(r.out).size(), 1U);
}

}  // namespace
}  // namespace streamlab::test
