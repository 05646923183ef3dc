// StreamLab against Spark Structured Streaming (peers/spark: a MemoryStream fed micro-batch
// by micro-batch). The mapping (docs/peers.md, "Spark"): `--trigger micro-batch:P` cuts the input
// into Spark's micro-batches where an `$advance` crosses a multiple of P; `continuous` is
// unsupported (the shared matrix; Spark's own cases are spark_cases()); bounded:D is withWatermark(D);
// `final` is append, `update` update, `complete` complete; windows are window() and session_window(). After
// it the results must be identical, except for the differences docs/peers.md documents, which each test
// asserts case by case:
//   1. Spark has no allowed lateness: a case with L > 0 gives StreamLab's result with L = 0 (no LATE pane).
//   2. A session event is judged late on its own window [t, t + gap) before merging: Spark drops
//      it when t + gap <= W even if it would merge with a session still open; StreamLab judges the
//      merged window.
//   3. complete mode keeps every window and every late event (the watermark frees nothing): StreamLab
//      with an allowed lateness longer than the input.
//   4. No update mode for session windows (Spark rejects the query): unsupported.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "peer_support.hpp"

namespace {

namespace fs = std::filesystem;
using streamlab::peers::CaseOutput;
using streamlab::peers::Pane;
using streamlab::peers::PeerCase;

constexpr const char* kSpark = "spark";

/// Allowed lateness that keeps every window of any input here: Spark's complete mode frees nothing.
constexpr const char* kForever = "3650d";

/// The micro-batch period of each dataset's matrix cases: about two batches over its first 300
/// lines. A micro-batch costs Spark about 0.35 s of CPU whatever it holds, its no-data batch
/// included (docs/peers.md, "Measured"), and the matrix runs about 500 of them, so the batches
/// are long; the fine cases (spark_fine_ids()) and the hand-worked ones have short ones.
const std::map<std::string, std::string>& spark_periods() {
  static const std::map<std::string, std::string> periods = {
      {"alice-lines", "25m"},     {"clicks", "4h"},      {"metrics", "10m"}, {"orders", "45m"},
      {"profile-updates", "10h"}, {"profiles", "2h30m"}, {"sales", "45m"},
  };
  return periods;
}

/// Matrix cases run a second time with batches of 10 minutes (about eight a case): sales under
/// late-arrivals in each kind of query (append with and without allowed lateness, update,
/// sessions), where late events meet closed windows and sessions batch after batch.
const std::vector<std::string>& spark_fine_ids() {
  static const std::vector<std::string> ids = {
      "sales.late-arrivals.tumbling.final", "sales.late-arrivals.hopping.update",
      "sales.late-arrivals.session.final", "sales.late-arrivals.tumbling.final.lateness-1m"};
  return ids;
}

fs::path spark_inputs_dir() { return streamlab::peers::work_dir() / "spark-inputs"; }

/// Hand-worked micro-batch inputs (times 2025-06-22T10:00:SS, key a, value v).
const std::map<std::string, std::string>& spark_hand_inputs() {
  static const std::map<std::string, std::string> inputs = {
      // Sessions, gap 10 s, D = 0, batches of 10 s: batch 1 holds a@00 a@08 (session [00,18)),
      // batch 2 a@12 (W = 8 at its start: [00,22)), batch 3 a@30 (W = 12) and a@01: its own
      // window [01,11) ends before W = 12, so Spark drops it although it overlaps the open session
      // [00,22), which StreamLab extends: StreamLab [00,22) = 1+2+4+16 = 23, count 4; Spark 7, 3.
      {"session-late",
       "{\"k\":\"a\",\"v\":1,\"t\":\"2025-06-22T10:00:00Z\"}\n"
       "{\"k\":\"a\",\"v\":2,\"t\":\"2025-06-22T10:00:08Z\"}\n"
       "{\"$advance\":\"10s\"}\n"
       "{\"k\":\"a\",\"v\":4,\"t\":\"2025-06-22T10:00:12Z\"}\n"
       "{\"$advance\":\"10s\"}\n"
       "{\"k\":\"a\",\"v\":8,\"t\":\"2025-06-22T10:00:30Z\"}\n"
       "{\"k\":\"a\",\"v\":16,\"t\":\"2025-06-22T10:00:01Z\"}\n"},
      // Tumbling 10 s, D = 0, batches of 10 s, every batch holds records: a@01 a@12 | a@05 (late
      // for [00,10) at W = 12) a@15 | a@22. Complete tables: {[00,10):1, [10,20):1};
      // {[00,10):1+4=5 (Spark keeps and updates it), [10,20):2}; {..., [20,30):1}.
      {"complete",
       "{\"k\":\"a\",\"v\":1,\"t\":\"2025-06-22T10:00:01Z\"}\n"
       "{\"k\":\"a\",\"v\":2,\"t\":\"2025-06-22T10:00:12Z\"}\n"
       "{\"$advance\":\"10s\"}\n"
       "{\"k\":\"a\",\"v\":4,\"t\":\"2025-06-22T10:00:05Z\"}\n"
       "{\"k\":\"a\",\"v\":8,\"t\":\"2025-06-22T10:00:15Z\"}\n"
       "{\"$advance\":\"10s\"}\n"
       "{\"k\":\"a\",\"v\":16,\"t\":\"2025-06-22T10:00:22Z\"}\n"},
  };
  return inputs;
}

PeerCase spark_hand_case(const std::string& name, nlohmann::json flags) {
  flags["time_field"] = "t";
  flags["key_field"] = "k";
  flags["agg"] = "sum:v";
  flags["watermark"] = "bounded:0s";
  flags["trigger"] = "micro-batch:10s";
  flags["allowed_lateness"] = "0s";
  return {"spark-hand." + name, "spark-hand", name, spark_inputs_dir() / (name + ".jsonl"), std::move(flags)};
}

const PeerCase* spark_find(const std::vector<PeerCase>& cases, const std::string& id) {
  for (const auto& c : cases) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

/// Spark's own cases: every event-time case of the shared matrix (every dataset, scenario, window
/// kind, output mode and allowed lateness) with `--trigger micro-batch:P` (spark_periods()), and
/// the hand-worked micro-batch cases. The runner runs the cases that share an input and an output
/// mode as one query (peers/spark SparkQuery), about 600 micro-batches in all.
const std::vector<PeerCase>& spark_cases() {
  static const std::vector<PeerCase> cases = [] {
    std::vector<PeerCase> out;
    const auto matrix = streamlab::peers::conformance_cases();
    std::vector<std::pair<PeerCase, std::string>> bases;  // (matrix case, id prefix)
    for (const auto& base : matrix) {
      if (base.dataset != "hand" && !base.flags.contains("time_domain"))
        bases.emplace_back(base, "spark-mb.");
    }
    for (const auto& id : spark_fine_ids()) {
      const PeerCase* base = spark_find(matrix, id);
      if (base == nullptr) throw std::runtime_error("no matrix case " + id);
      bases.emplace_back(*base, "spark-fine.");
    }
    for (const auto& [base, prefix] : bases) {
      PeerCase c = base;
      c.id = prefix + base.id;
      c.flags["trigger"] =
          "micro-batch:" + (prefix == "spark-fine." ? std::string("10m") : spark_periods().at(base.dataset));
      // StreamLab adds a merged session's partial sums, Spark's values are folded in arrival
      // order: a double sum may differ in its last bit, so sessions take the max instead.
      const std::string agg = c.flags.at("agg");
      if (c.flags.at("window").get<std::string>().rfind("session:", 0) == 0 && agg.rfind("sum:", 0) == 0)
        c.flags["agg"] = "max:" + agg.substr(4);
      out.push_back(std::move(c));
    }
    out.push_back(spark_hand_case("session-late", {{"window", "session:10s"}, {"emit", "final"}}));
    out.push_back(spark_hand_case("complete", {{"window", "tumbling:10s"}, {"emit", "complete"}}));
    return out;
  }();
  return cases;
}

/// Spark's own cases for its runner (beside the shared matrix): writes the hand-worked inputs first.
std::vector<PeerCase> spark_own_cases() {
  fs::create_directories(spark_inputs_dir());
  for (const auto& [name, text] : spark_hand_inputs())
    std::ofstream(spark_inputs_dir() / (name + ".jsonl")) << text;
  return spark_cases();
}

/// The late file of a Spark case with its `$late` members: {"watermark": ISO, "record": N}.
std::vector<nlohmann::json> spark_late_with_marks(const std::string& id) {
  std::vector<nlohmann::json> out;
  std::ifstream in(streamlab::peers::late_path(kSpark, id));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

std::int64_t spark_gap_ms(const std::string& window) {
  // session:1m or session:10s (the cases here)
  const std::string g = window.substr(window.find(':') + 1);
  const std::int64_t n = std::atoll(g.c_str());
  if (g.back() == 'm') return n * 60000;
  if (g.back() == 's') return n * 1000;
  throw std::runtime_error("unexpected gap " + g);
}

/// Writes the case's input without the records numbered in `drop` (records counted in arrival order).
fs::path spark_input_without(const PeerCase& c, const std::set<std::int64_t>& drop) {
  const fs::path out = spark_inputs_dir() / (c.id + ".kept.jsonl");
  std::ifstream in(c.input);
  std::ofstream o(out);
  std::int64_t record = 0;
  for (std::string line; std::getline(in, line);) {
    const bool control =
        line.find("\"$advance\"") != std::string::npos || line.find("\"$watermark\"") != std::string::npos;
    if (line.empty() || control) {
      o << line << '\n';
      continue;
    }
    if (drop.count(record++) == 0) o << line << '\n';
  }
  return out;
}

/// StreamLab's complete output with each table that repeats the one before it left out. Complete
/// mode writes the whole result table at every batch end, and StreamLab ends a batch also where an
/// `$advance` crosses a boundary with no record since the last one; that table repeats the last
/// (complete mode frees nothing), and Spark runs no such batch (difference 3). A table is a run of
/// panes that names no window twice.
std::vector<Pane> spark_without_repeated_tables(const std::vector<Pane>& panes) {
  std::vector<std::vector<Pane>> tables;
  std::set<std::string> in_table;
  for (const auto& p : panes) {
    const std::string w = p.key.dump() + " " + p.window_start + " " + p.window_end;
    if (tables.empty() || in_table.count(w) != 0) {
      tables.emplace_back();
      in_table.clear();
    }
    in_table.insert(w);
    tables.back().push_back(p);
  }
  auto same = [](const std::vector<Pane>& a, const std::vector<Pane>& b) {
    return !streamlab::peers::diff_panes(a, b, "a", "b").has_value();
  };
  std::vector<Pane> out;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (i > 0 && same(tables[i - 1], tables[i])) continue;
    out.insert(out.end(), tables[i].begin(), tables[i].end());
  }
  return out;
}

/// Checks one case that ran against StreamLab under the mapping and the documented differences.
void spark_check(const PeerCase& c) {
  SCOPED_TRACE(c.id);
  const CaseOutput spark = streamlab::peers::read_peer_output(kSpark, c.id);
  for (const auto& p : spark.panes) {
    ASSERT_NE(p.pane, "LATE") << c.id << ": Spark never emits LATE panes (" << streamlab::peers::describe(p)
                              << ")";
  }
  const std::string emit = c.flags.at("emit");
  const bool session = c.flags.at("window").get<std::string>().rfind("session:", 0) == 0;
  PeerCase mapped = c;
  if (emit == "complete") {
    mapped.flags["allowed_lateness"] = kForever;  // difference 3
  } else {
    mapped.flags["allowed_lateness"] = "0s";  // difference 1
  }
  if (!session || emit == "complete") {
    CaseOutput sl = streamlab::peers::run_streamlab(mapped);
    if (emit == "complete") sl.panes = spark_without_repeated_tables(sl.panes);
    if (const auto d = streamlab::peers::diff_panes(sl.panes, spark.panes, "streamlab", "spark"))
      ADD_FAILURE() << c.id << ": " << *d;
    if (const auto d = streamlab::peers::diff_late(sl.late, spark.late)) ADD_FAILURE() << c.id << ": " << *d;
    return;
  }
  // Difference 2: each record Spark dropped has its own session [t, t + gap) ended by the
  // watermark at the start of its batch; StreamLab's dropped records are among them; and StreamLab
  // on the input without Spark's dropped records drops nothing and gives Spark's panes.
  const std::int64_t gap = spark_gap_ms(c.flags.at("window"));
  const std::string time_field = c.flags.at("time_field");
  std::set<std::int64_t> dropped;
  for (const auto& r : spark_late_with_marks(c.id)) {
    const std::int64_t t = streamlab::peers::iso_millis(r.at(time_field).get<std::string>());
    const std::int64_t w = streamlab::peers::iso_millis(r.at("$late").at("watermark").get<std::string>());
    EXPECT_LE(t + gap, w) << c.id << ": Spark dropped " << r.dump() << " whose own session ends after W";
    dropped.insert(r.at("$late").at("record").get<std::int64_t>());
  }
  const CaseOutput sl_all = streamlab::peers::run_streamlab(mapped);
  std::multiset<std::string> spark_late;
  for (const auto& r : spark.late) spark_late.insert(r.dump());
  for (const auto& r : sl_all.late) {
    EXPECT_EQ(spark_late.count(r.dump()), 1U)
        << c.id << ": StreamLab dropped " << r.dump() << " but Spark did not";
  }
  mapped.input = spark_input_without(c, dropped);
  const CaseOutput sl = streamlab::peers::run_streamlab(mapped);
  EXPECT_TRUE(sl.late.empty()) << c.id << ": StreamLab still dropped " << sl.late.size() << " records";
  if (const auto d =
          streamlab::peers::diff_panes(sl.panes, spark.panes, "streamlab (Spark's drops removed)", "spark"))
    ADD_FAILURE() << c.id << ": " << *d;
}

/// Whether the case must be unsupported, and a word its reason must contain.
const char* spark_unsupported_because(const PeerCase& c) {
  if (c.flags.value("watermark", "") == "manual") return "manual";
  if (c.flags.value("time_domain", "") == "processing") return "processing-time";
  if (!c.flags.contains("trigger")) return "micro-batch";
  if (c.flags.at("window").get<std::string>().rfind("session:", 0) == 0 && c.flags.at("emit") == "update")
    return "session_window";
  return nullptr;
}

void spark_check_all(const std::vector<PeerCase>& cases, const std::string& dataset, bool some_run) {
  const auto summary = streamlab::peers::read_summary(kSpark);
  ASSERT_FALSE(summary.empty()) << "the runner wrote no summary (see peers-work/spark/runner.log)";
  int compared = 0;
  for (const auto& c : cases) {
    if (c.dataset != dataset) continue;
    const auto it = summary.find(c.id);
    ASSERT_NE(it, summary.end()) << c.id << ": missing from the runner's summary";
    if (const char* word = spark_unsupported_because(c)) {
      EXPECT_EQ(it->second.status, "unsupported") << c.id;
      EXPECT_NE(it->second.reason.find(word), std::string::npos) << c.id << ": " << it->second.reason;
      continue;
    }
    ASSERT_EQ(it->second.status, "ok") << c.id << ": " << it->second.reason;
    spark_check(c);
    ++compared;
  }
  if (some_run) {
    EXPECT_GT(compared, 0) << dataset;
  }
}

std::vector<std::string> spark_datasets() {
  std::vector<std::string> out;
  for (const auto& c : spark_cases()) {
    if (out.empty() || out.back() != c.dataset) out.push_back(c.dataset);
  }
  return out;
}

class SparkMicroBatch : public ::testing::TestWithParam<std::string> {};

// Spark's micro-batch cases: identical results after the mapping and the documented differences.
TEST_P(SparkMicroBatch, EveryCaseMatchesStreamLabAfterTheMapping) {
  spark_check_all(spark_cases(), GetParam(), true);
}

INSTANTIATE_TEST_SUITE_P(Datasets, SparkMicroBatch, ::testing::ValuesIn(spark_datasets()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& ch : name) {
                             if (ch == '-') ch = '_';
                           }
                           return name;
                         });

// The shared matrix runs the continuous trigger: every case is unsupported, with a reason naming
// micro-batch (Spark's only model for aggregations).
TEST(SparkContinuous, TheSharedMatrixIsUnsupported) {
  const auto matrix = streamlab::peers::conformance_cases();
  std::set<std::string> datasets;
  for (const auto& c : matrix) datasets.insert(c.dataset);
  for (const auto& d : datasets) spark_check_all(matrix, d, false);
}

// Hand-worked values (computed from the comments of spark_hand_inputs()), checked on both engines.
Pane spark_pane(const char* start, const char* end, int value, int count, const char* pane) {
  return streamlab::peers::hand_pane("a", start, end, value, count, pane);
}

TEST(SparkHandWorked, ASessionEventIsJudgedLateOnItsOwnWindow) {
  const PeerCase& c = *spark_find(spark_cases(), "spark-hand.session-late");
  const std::vector<Pane> spark_want = {spark_pane("00", "22", 7, 3, "ON_TIME"),
                                        spark_pane("30", "40", 8, 1, "ON_TIME")};
  const std::vector<Pane> sl_want = {spark_pane("00", "22", 23, 4, "ON_TIME"),
                                     spark_pane("30", "40", 8, 1, "ON_TIME")};
  if (const auto d = streamlab::peers::diff_panes(
          spark_want, streamlab::peers::read_peer_output(kSpark, c.id).panes, "hand-worked", "spark"))
    ADD_FAILURE() << c.id << ": " << *d;
  if (const auto d = streamlab::peers::diff_panes(sl_want, streamlab::peers::run_streamlab(c).panes,
                                                  "hand-worked", "streamlab"))
    ADD_FAILURE() << c.id << ": " << *d;
}

TEST(SparkHandWorked, CompleteModeKeepsEveryWindowAndLateEvent) {
  const PeerCase& c = *spark_find(spark_cases(), "spark-hand.complete");
  const std::vector<Pane> want = {
      spark_pane("00", "10", 1, 1, "COMPLETE"),  spark_pane("10", "20", 2, 1, "COMPLETE"),
      spark_pane("00", "10", 5, 2, "COMPLETE"),  spark_pane("10", "20", 10, 2, "COMPLETE"),
      spark_pane("00", "10", 5, 2, "COMPLETE"),  spark_pane("10", "20", 10, 2, "COMPLETE"),
      spark_pane("20", "30", 16, 1, "COMPLETE"),
  };
  if (const auto d = streamlab::peers::diff_panes(
          want, streamlab::peers::read_peer_output(kSpark, c.id).panes, "hand-worked", "spark"))
    ADD_FAILURE() << c.id << ": " << *d;
}

}  // namespace

int main(int argc, char** argv) { return streamlab::peers::peer_test_main(argc, argv, spark_own_cases); }
