#include "join_support.hpp"

#include <unistd.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace streamlab::peers {
namespace {

namespace fs = std::filesystem;

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::vector<nlohmann::json> read_jsonl(const fs::path& file) {
  std::vector<nlohmann::json> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

/// The left records of an unmatched output, each without `$source` and `$unmatched`.
std::vector<nlohmann::json> left_records(const std::vector<nlohmann::json>& unmatched) {
  std::vector<nlohmann::json> out;
  for (auto j : unmatched) {
    if (j.contains("$source") && j.at("$source") != "left") continue;
    j.erase("$source");
    j.erase("$unmatched");
    out.push_back(std::move(j));
  }
  return out;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

void write_join_input(const fs::path& file,
                      const std::vector<std::pair<bool, nlohmann::json>>& left_and_records) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file);
  for (const auto& [left, record] : left_and_records) {
    nlohmann::ordered_json o;
    o["$source"] = left ? "left" : "right";
    for (const auto& [k, v] : record.items()) o[k] = v;
    out << o.dump() << '\n';
  }
}

JoinOutput run_streamlab_join(const PeerCase& c) {
  // One folder per test process: tests that run the same case may run at the same time.
  const fs::path dir = work_dir() / ("streamlab." + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path rows = dir / (c.id + ".rows.jsonl");
  const fs::path unmatched = dir / (c.id + ".unmatched.jsonl");
  const fs::path log = dir / (c.id + ".log");
  std::string cmd = quote(STREAMLAB_CLI_BINARY) + " join --input " + quote(c.input.string());
  for (const auto& [flag, value] : c.flags.items()) {
    std::string name = flag;
    std::replace(name.begin(), name.end(), '_', '-');
    cmd += " --" + name + " " + quote(value.get<std::string>());
  }
  cmd += " --output " + quote(rows.string()) + " --unmatched-output " + quote(unmatched.string()) + " 2>" +
         quote(log.string());
  const int status = std::system(cmd.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << c.id << ": " << cmd << "\n" << read_text(log);
  return {read_jsonl(rows), left_records(read_jsonl(unmatched))};
}

JoinOutput read_peer_join(const std::string& engine, const std::string& id) {
  return {read_jsonl(panes_path(engine, id)), left_records(read_jsonl(late_path(engine, id)))};
}

std::string describe_row(const nlohmann::json& row) {
  return "key " + row.value("key", nlohmann::json()).dump() + " at " + row.value("time", std::string("?")) +
         ": left " + row.value("left", nlohmann::json()).dump() + " + right " +
         row.value("right", nlohmann::json()).dump() + " (right_time " +
         row.value("right_time", nlohmann::json()).dump() + ")";
}

std::optional<std::string> diff_rows(const std::vector<nlohmann::json>& expected,
                                     const std::vector<nlohmann::json>& actual,
                                     const std::string& expected_name, const std::string& actual_name) {
  const std::size_t n = std::min(expected.size(), actual.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (expected[i] == actual[i]) continue;
    std::string fields;
    for (const char* f : {"key", "time", "left", "right", "right_time"}) {
      if (expected[i].value(f, nlohmann::json()) != actual[i].value(f, nlohmann::json()))
        fields += fields.empty() ? f : std::string(", ") + f;
    }
    return "row #" + std::to_string(i + 1) + ": " + fields + " differ: " + expected_name + " " +
           describe_row(expected[i]) + "; " + actual_name + " " + describe_row(actual[i]);
  }
  if (expected.size() != actual.size()) {
    const bool more = expected.size() > actual.size();
    return expected_name + " wrote " + std::to_string(expected.size()) + " rows, " + actual_name + " " +
           std::to_string(actual.size()) + "; the first unmatched: " + (more ? expected_name : actual_name) +
           " " + describe_row(more ? expected[n] : actual[n]);
  }
  return std::nullopt;
}

void expect_same_join(const JoinOutput& expected, const JoinOutput& actual, const std::string& expected_name,
                      const std::string& actual_name, const std::string& id) {
  if (const auto d = diff_rows(expected.rows, actual.rows, expected_name, actual_name))
    ADD_FAILURE() << id << ": " << *d;
  const auto sorted_dumps = [](const std::vector<nlohmann::json>& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(r.dump());
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(sorted_dumps(expected.unmatched_left), sorted_dumps(actual.unmatched_left))
      << id << ": the left records that found no row differ (" << expected_name << " vs " << actual_name
      << ")";
}

void expect_rows(const std::string& who, const JoinOutput& got, const std::vector<nlohmann::json>& rows,
                 const std::vector<nlohmann::json>& unmatched, const std::string& id) {
  expect_same_join(JoinOutput{rows, unmatched}, got, "hand-worked", who, id);
}

}  // namespace streamlab::peers
