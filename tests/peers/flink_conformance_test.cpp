// StreamLab against Flink (peers/flink: DataStream jobs on a MiniCluster, parallelism 1,
// punctuated watermarks) on every conformance case. The mapping (docs/peers.md, "Flink"):
// bounded:D is a watermark of max - D - 1 after every record that raises the maximum (Flink's
// watermark is inclusive, StreamLab's exclusive), {"$watermark": T} is T - 1, allowed lateness is
// allowedLateness, the late file is sideOutputLateData, `update` is a trigger firing on every
// element. After it every supported case must be identical: StreamLab follows Flink's model.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "peer_support.hpp"

namespace {

using streamlab::peers::CaseOutput;
using streamlab::peers::Pane;
using streamlab::peers::PeerCase;

constexpr const char* kFlink = "flink";

/// Flink's rules: no complete mode; everything else identical.
streamlab::peers::EngineRules flink_rules() {
  return {[](const PeerCase& c) {
            return c.flags.at("emit") == "complete" ? std::string("complete") : std::string();
          },
          [](const PeerCase&, const CaseOutput& sl) { return sl.panes; }};
}

class FlinkConformance : public ::testing::TestWithParam<std::string> {};

TEST_P(FlinkConformance, EveryCaseMatchesStreamLab) {
  streamlab::peers::check_dataset(kFlink, GetParam(), flink_rules());
}

INSTANTIATE_TEST_SUITE_P(Datasets, FlinkConformance, ::testing::ValuesIn(streamlab::peers::matrix_datasets()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return streamlab::peers::dataset_test_name(info.param);
                         });

// Hand-worked cases (times 2025-06-22T10:00:SS), computed by hand from docs/semantics.md; the
// inputs are in peer_support.cpp (hand_inputs()).

Pane flink_pane(const char* key, const char* start, const char* end, int value, int count, const char* pane) {
  return streamlab::peers::hand_pane(key, start, end, value, count, pane);
}

std::vector<nlohmann::json> flink_late_record(const char* key, int v, const char* t) {
  return {streamlab::peers::hand_record(key, v, t)};
}

/// Checks a hand-worked case: StreamLab (live) and Flink both give exactly `panes` and `late`.
void flink_expect(const std::string& id, const std::vector<Pane>& panes,
                  const std::vector<nlohmann::json>& late) {
  const CaseOutput sl = streamlab::peers::run_streamlab(streamlab::peers::hand_case_by_id(id));
  const CaseOutput fl = streamlab::peers::read_peer_output(kFlink, id);
  for (const auto& [who, out] :
       {std::pair<std::string, const CaseOutput*>{"streamlab", &sl}, {"flink", &fl}}) {
    if (const auto d = streamlab::peers::diff_panes(panes, out->panes, "hand-worked", who)) {
      ADD_FAILURE() << id << ": " << *d;
    }
    if (const auto d = streamlab::peers::diff_late(late, out->late))
      ADD_FAILURE() << id << " (" << who << "): " << *d;
  }
}

TEST(FlinkHandWorked, AWatermarkLineClosesWindowsAndMakesARecordLate) {
  // a@01 a@09.5 b@12 a@05 (behind nothing: W = 7), $watermark 30 fires [00,10) and [10,20);
  // a@25 is late for the closed [20,30) (L = 0: side output); a@41 fires at end of input.
  flink_expect("hand.late-tumbling",
               {flink_pane("a", "00", "10", 7, 3, "ON_TIME"), flink_pane("b", "10", "20", 3, 1, "ON_TIME"),
                flink_pane("a", "40", "50", 6, 1, "ON_TIME")},
               flink_late_record("a", 5, "25"));
}

TEST(FlinkHandWorked, UpdateModeFiresOnEveryElement) {
  flink_expect("hand.late-tumbling-update",
               {flink_pane("a", "00", "10", 1, 1, "UPDATE"), flink_pane("a", "00", "10", 3, 2, "UPDATE"),
                flink_pane("b", "10", "20", 3, 1, "UPDATE"), flink_pane("a", "00", "10", 7, 3, "UPDATE"),
                flink_pane("a", "40", "50", 6, 1, "UPDATE")},
               flink_late_record("a", 5, "25"));
}

TEST(FlinkHandWorked, ASessionEndingExactlyAtTheWatermarkIsLate) {
  // Sessions of 5 s, D = 0: a@05 bridges into [09.5, 14.5) ([01, 06) was freed at W = 09.5);
  // after $watermark 30 (Flink: 29.999), a@25's session [25, 30) has maxTimestamp 29.999 <=
  // watermark: late in both (Kafka Streams differs here).
  flink_expect(
      "hand.session-boundary",
      {flink_pane("a", "01", "06", 1, 1, "UPDATE"), flink_pane("a", "09.500", "14.500", 2, 1, "UPDATE"),
       flink_pane("b", "12", "17", 3, 1, "UPDATE"), flink_pane("a", "05", "14.500", 6, 2, "UPDATE"),
       flink_pane("a", "41", "46", 6, 1, "UPDATE")},
      flink_late_record("a", 5, "25"));
}

TEST(FlinkHandWorked, AllowedLatenessGivesALatePaneThenDropsAfterExpiry) {
  // Tumbling 10 s, D = 0, L = 10 s: [00,10) fires at a@12, a@05 adds a LATE pane, a@25 fires
  // [10,20) and expires [00,10), a@03 goes to the side output.
  flink_expect("hand.lateness-final",
               {flink_pane("a", "00", "10", 1, 1, "ON_TIME"), flink_pane("a", "00", "10", 5, 2, "LATE"),
                flink_pane("a", "10", "20", 2, 1, "ON_TIME"), flink_pane("a", "20", "30", 8, 1, "ON_TIME")},
               flink_late_record("a", 16, "03"));
}

TEST(FlinkHandWorked, AllowedLatenessInUpdateMode) {
  flink_expect("hand.lateness-update",
               {flink_pane("a", "00", "10", 1, 1, "UPDATE"), flink_pane("a", "10", "20", 2, 1, "UPDATE"),
                flink_pane("a", "00", "10", 5, 2, "UPDATE"), flink_pane("a", "20", "30", 8, 1, "UPDATE")},
               flink_late_record("a", 16, "03"));
}

TEST(FlinkHandWorked, AManualWatermarkMovesOnlyWithWatermarkLines) {
  // --watermark manual: no watermark until $watermark 30, which fires [00,10) and [10,20); a@25
  // is then late; a@41 moves nothing and fires at end of input.
  flink_expect("hand.manual-watermark",
               {flink_pane("a", "00", "10", 7, 3, "ON_TIME"), flink_pane("b", "10", "20", 3, 1, "ON_TIME"),
                flink_pane("a", "40", "50", 6, 1, "ON_TIME")},
               flink_late_record("a", 5, "25"));
}

TEST(FlinkHandWorked, AvgIsADoubleOfTheExactSum) {
  // avg:v over the late input: [00,10) holds 1, 2, 4: 7 / 3 as a double; avg is always a double.
  auto p = [](const char* key, const char* start, const char* end, double value, int count) {
    const std::string day = "2025-06-22T10:00:";
    return Pane{key, day + start + "Z", day + end + "Z", value, count, "ON_TIME"};
  };
  flink_expect("hand.avg",
               {p("a", "00", "10", 7.0 / 3.0, 3), p("b", "10", "20", 3.0, 1), p("a", "40", "50", 6.0, 1)},
               flink_late_record("a", 5, "25"));
}

TEST(FlinkHandWorked, HoppingWindowsMayStartBeforeTheEpoch) {
  // hopping:10s,5s; a@1000 ms, a@7000 ms: [-5 s, 5 s) fires at a@7000 (W = 7 s), the others at end.
  auto p = [](const char* start, const char* end, int value, int count) {
    return Pane{"a", start, end, value, count, "ON_TIME"};
  };
  flink_expect("hand.hopping-epoch",
               {p("1969-12-31T23:59:55Z", "1970-01-01T00:00:05Z", 1, 1),
                p("1970-01-01T00:00:00Z", "1970-01-01T00:00:10Z", 3, 2),
                p("1970-01-01T00:00:05Z", "1970-01-01T00:00:15Z", 2, 1)},
               {});
}

TEST(FlinkRunner, IsDeterministic) {
  // The runner again, in a second JVM, on every case of two datasets: byte-identical files.
  for (const char* dataset : {"sales", "hand"}) {
    if (const auto d = streamlab::peers::rerun_differs(kFlink, dataset)) ADD_FAILURE() << *d;
  }
}

}  // namespace

int main(int argc, char** argv) { return streamlab::peers::peer_test_main(argc, argv); }
