// Each rule below is a documented difference of docs/peers.md, asserted by the conformance test
// it names; explain_window() picks the one whose transformation of StreamLab's panes gives the
// engine's, or the one the run's flags make applicable.
#include "compare_rules.hpp"

namespace streamlab::cli {

namespace {

const DifferenceRule kKsFinalOneResult{
    "kafka-streams-final-one-result",
    "Kafka Streams `final` is suppress(untilWindowCloses): one result per window, emitted when stream "
    "time reaches end + grace (grace = watermark delay + allowed lateness, i.e. W >= end + L), carrying "
    "the window's final value; StreamLab and Flink emit ON_TIME at W >= end and a LATE pane per accepted "
    "late event",
    "docs/peers.md, Kafka Streams difference 1 (tests/peers/kafka_streams_conformance_test.cpp "
    "KafkaStreamsHandWorked.AllowedLatenessGivesLatePanesInStreamLabAndOneDelayedResultInKafkaStreams)"};

const DifferenceRule kKsSessionMerged{
    "kafka-streams-session-merged-after-firing",
    "a late event within the allowed lateness merged this session into a bigger one after StreamLab had "
    "emitted it; StreamLab does not retract panes, Kafka Streams' suppression only emits the merged session",
    "docs/peers.md, Kafka Streams difference 2"};

const DifferenceRule kKsSessionBoundary{
    "kafka-streams-session-boundary",
    "Kafka Streams judges session lateness strictly (drops only when last + gap + grace < stream time), "
    "StreamLab and Flink when end + L <= W; at equality Kafka Streams emits the session and drops the record",
    "docs/peers.md, Kafka Streams difference 3 (KafkaStreamsHandWorked."
    "ASessionEndingExactlyAtTheWatermarkIsLateForStreamLabButNotForKafkaStreams)"};

const DifferenceRule kKsBeforeEpoch{
    "kafka-streams-no-windows-before-epoch",
    "Kafka Streams starts no window before 1970-01-01 (TimeWindows.windowsFor clamps the first start at 0); "
    "StreamLab and Flink keep hopping windows that start before the epoch",
    "docs/peers.md, Kafka Streams difference 4 (KafkaStreamsHandWorked."
    "HoppingWindowsBeforeTheEpochExistOnlyInStreamLab)"};

const DifferenceRule kSparkNoLateness{
    "spark-no-allowed-lateness",
    "Spark has no allowed lateness and never emits a LATE pane: an event behind its watermark for a window "
    "already emitted is dropped (StreamLab keeps the window until W >= end + L)",
    "docs/peers.md, Spark difference 1 (tests/peers/spark_conformance_test.cpp SparkMicroBatch)"};

const DifferenceRule kSparkSessionLateness{
    "spark-session-lateness-before-merging",
    "Spark judges a session event late on its own window [t, t + gap) before merging (dropped when "
    "t + gap <= W); StreamLab judges the merged session and extends it",
    "docs/peers.md, Spark difference 2 (SparkHandWorked.ASessionEventIsJudgedLateOnItsOwnWindow)"};

const DifferenceRule kSparkComplete{
    "spark-complete-keeps-everything",
    "in complete mode Spark's watermark frees no window and drops no event: every table holds every window",
    "docs/peers.md, Spark difference 3 (SparkHandWorked.CompleteModeKeepsEveryWindowAndLateEvent)"};

const DifferenceRule kSparkNoWatermarkLines{
    "spark-no-watermark-lines",
    "Spark has no explicit watermark: the input's {\"$watermark\": T} lines are skipped, its watermark "
    "follows the events only",
    "docs/peers.md, Spark flag mapping"};

const DifferenceRule kBytewaxPerKey{
    "bytewax-watermark-per-key",
    "Bytewax keeps one watermark per key (its EventClock and windower are built for each key), so an "
    "event behind another key's watermark is on time in Bytewax; StreamLab, like Flink, Kafka Streams and "
    "Spark, keeps one watermark for the whole stream and drops it once its windows have fired",
    "docs/peers.md, Bytewax difference 1 (tests/peers/bytewax_conformance_test.cpp, bytewax-hand.per-key)"};

const DifferenceRule kBytewaxBehind{
    "bytewax-late-behind-watermark",
    "Bytewax sends every event with t < W of its key to the late stream, even into a window that is still "
    "open; StreamLab drops an event only when every window it belongs to has fired (end <= W)",
    "docs/peers.md, Bytewax difference 2 (bytewax-hand.behind, bytewax-hand.behind-session)"};

const DifferenceRule kBytewaxSessionClose{
    "bytewax-session-closes-strictly",
    "Bytewax closes a session [first, last] only when W > last + gap, so an event at exactly t = W = last + "
    "gap still joins it; StreamLab fires and frees [first, last + gap) when W >= last + gap",
    "docs/peers.md, Bytewax difference 3 (bytewax-hand.session-close)"};

const DifferenceRule kBytewaxNoWatermarkLines{
    "bytewax-no-watermark-lines",
    "Bytewax has no explicit watermark: the input's {\"$watermark\": T} lines are skipped, its watermark "
    "follows each key's events only",
    "docs/peers.md, Bytewax difference 4"};

DifferenceRule undocumented_rule(const std::string& engine) {
  return {"undocumented",
          "no documented difference of " + engine +
              " explains this: either a rule docs/peers.md does not state yet or a bug (please report it)",
          "docs/peers.md"};
}

// StreamLab's panes without its LATE panes (what an engine without allowed lateness emits).
std::vector<PaneFacts> without_late_panes(const std::vector<PaneFacts>& panes) {
  std::vector<PaneFacts> out;
  for (const auto& p : panes) {
    if (p.pane != "LATE") out.push_back(p);
  }
  return out;
}

}  // namespace

bool same_panes(const std::vector<PaneFacts>& a, const std::vector<PaneFacts>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].pane != b[i].pane || a[i].value != b[i].value || a[i].count != b[i].count) return false;
  }
  return true;
}

DifferenceRule explain_window(const std::string& engine, const DifferenceContext& context,
                              const WindowFacts& window, const std::vector<PaneFacts>& streamlab,
                              const std::vector<PaneFacts>& theirs) {
  const bool session = context.window_kind == "session";
  if (engine == "kafka-streams") {
    if (context.emit == "final" && context.allowed_lateness_ms > 0 && !streamlab.empty() &&
        theirs.size() == 1 && theirs.front().value == streamlab.back().value &&
        theirs.front().count == streamlab.back().count) {
      return kKsFinalOneResult;
    }
    if (session && theirs.empty() && window.merged_later) return kKsSessionMerged;
    if (window.start_ms < 0 && theirs.empty()) return kKsBeforeEpoch;
    if (session) return kKsSessionBoundary;
    if (context.emit == "final" && context.allowed_lateness_ms > 0) return kKsFinalOneResult;
  }
  if (engine == "spark") {
    if (context.emit == "complete") return kSparkComplete;
    if (context.allowed_lateness_ms > 0 && same_panes(without_late_panes(streamlab), theirs))
      return kSparkNoLateness;
    if (session) return kSparkSessionLateness;
    if (context.has_watermark_lines) return kSparkNoWatermarkLines;
    if (context.allowed_lateness_ms > 0) return kSparkNoLateness;
  }
  if (engine == "bytewax") {
    // How many events the window's last pane holds: Bytewax holding fewer dropped one StreamLab kept.
    const auto events = [](const std::vector<PaneFacts>& panes) {
      return panes.empty() ? 0 : panes.back().count;
    };
    if (session && window.bounds_differ) return kBytewaxSessionClose;
    if (events(theirs) < events(streamlab)) return kBytewaxBehind;
    if (context.has_watermark_lines) return kBytewaxNoWatermarkLines;
    return kBytewaxPerKey;
  }
  return undocumented_rule(engine);
}

std::string firing_rule(const std::string& engine, const DifferenceContext& context) {
  if (engine == "kafka-streams") {
    if (context.emit == "final") {
      return "emits a window when stream time (the largest timestamp seen) reaches end + grace, grace = "
             "delay + "
             "allowed lateness";
    }
    return "emits an update on every record";
  }
  if (engine == "flink") {
    if (context.emit == "update")
      return "fires on every element (a trigger of its own): the same arrivals as StreamLab";
    return "fires when its watermark max - delay - 1 reaches end - 1: the arrival that fires it in StreamLab";
  }
  if (engine == "bytewax") {
    if (context.emit == "update") return "emits on every item, as StreamLab does";
    return "emits a window when its key's watermark (the key's largest timestamp - delay) passes its end";
  }
  if (engine == "spark") {
    if (context.emit == "update") return "emits at the end of each micro-batch that changed a window";
    if (context.emit == "complete") return "emits the whole table at the end of each micro-batch";
    return "emits at the end of the micro-batch whose watermark passes a window's end";
  }
  return "when is not reported";
}

DifferenceRule explain_late(const std::string& engine, const DifferenceContext& context,
                            std::size_t streamlab_late, std::size_t their_late) {
  const bool session = context.window_kind == "session";
  if (engine == "bytewax") {
    if (context.has_watermark_lines && their_late < streamlab_late) return kBytewaxNoWatermarkLines;
    return their_late > streamlab_late ? kBytewaxBehind : kBytewaxPerKey;
  }
  if (engine == "kafka-streams" && session) return kKsSessionBoundary;
  if (engine == "spark") {
    if (context.emit == "complete") return kSparkComplete;
    if (context.allowed_lateness_ms > 0) return kSparkNoLateness;
    if (session) return kSparkSessionLateness;
    if (context.has_watermark_lines) return kSparkNoWatermarkLines;
  }
  return undocumented_rule(engine);
}

}  // namespace streamlab::cli
