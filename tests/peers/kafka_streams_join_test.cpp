// StreamLab's `streamlab join` against Kafka Streams' stream-table join (peers/kafka-streams,
// KafkaStreamsJoin: TopologyTestDriver, KStream.join/leftJoin(KTable)). The mapping
// (docs/peers.md, "Kafka Streams: the stream-table join"):
//   --mode as-of-arrival      a plain KTable (latest value per key by arrival)
//   --mode temporal --grace G a versioned KTable and Joined.withGracePeriod(G) (KIP-923); Kafka
//                             Streams has no watermark, so it gives StreamLab's result with
//                             --watermark manual, where only the grace releases a record
// After it the rows must be identical, in order, and so must the left records that found no row
// (inner join), except for the differences docs/peers.md documents, asserted case by case below.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "join_support.hpp"
#include "peer_support.hpp"

/// The stream-stream join cases, in kafka_streams_window_join_test.cpp.
std::vector<streamlab::peers::PeerCase> kafka_streams_window_join_cases();

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using streamlab::peers::expect_rows;
using streamlab::peers::JoinOutput;
using streamlab::peers::PeerCase;

constexpr const char* kJoinEngine = "kafka-streams";  // the engine with a join runner

fs::path join_inputs_dir() { return streamlab::peers::work_dir() / "join-inputs"; }

// Hand-worked inputs. Times are 2025-06-22T10:MM:00Z; L is a click (left, key user, page), R a
// profile version (right, key user, tier).
std::pair<bool, json> click(const char* user, const char* page, const char* minute) {
  return {true, {{"user", user}, {"page", page}, {"time", std::string("2025-06-22T10:") + minute + ":00Z"}}};
}
std::pair<bool, json> profile(const char* user, const char* tier, const char* minute) {
  return {false, {{"user", user}, {"tier", tier}, {"time", std::string("2025-06-22T10:") + minute + ":00Z"}}};
}

const std::map<std::string, std::vector<std::pair<bool, json>>>& hand_inputs() {
  static const std::map<std::string, std::vector<std::pair<bool, json>>> inputs = {
      // docs/semantics.md, "Worked examples": the silver version arrives after the click at 10:05.
      {"silver",
       {profile("u1", "gold", "00"), click("u1", "/a", "05"), profile("u1", "silver", "03"),
        click("u2", "/b", "06"), profile("u1", "plat", "10"), click("u1", "/c", "30")}},
      // plat (10:10) arrives before silver (10:03): a bounded watermark (D = 0) passes 10:05 with
      // plat and releases /a before silver comes; a grace of 10 minutes waits for /c.
      {"behind-table-watermark",
       {profile("u1", "gold", "00"), click("u1", "/a", "05"), profile("u1", "plat", "10"),
        profile("u1", "silver", "03"), click("u1", "/c", "30")}},
      // Two clicks at the same time, keys in arrival order b, a; both released by /3.
      {"tie",
       {profile("a", "A", "00"), profile("b", "B", "00"), click("b", "/1", "10"), click("a", "/2", "10"),
        click("a", "/3", "15")}},
  };
  return inputs;
}

PeerCase join_case(const std::string& id, const std::string& dataset, const fs::path& input, json flags) {
  flags["key_field"] = "user";
  flags["time_field"] = "time";
  return {"join." + id, dataset, "join", input, std::move(flags)};
}

// Lab 04's data. Part A: orders (left) and profiles (right, the changelog) merged by event time,
// profiles first on ties, as the lab's graded test feeds them. Part B: clicks (left, in order)
// and profile-updates (right) under the `late-profiles` scenario (a third of the updates held
// back 2 to 5 minutes), merged by arrival: a profile arrives at the dataset's earliest time plus
// the scenario's processing time, a click at its event time.
std::vector<json> read_jsonl(const fs::path& file) {
  std::vector<json> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

/// Milliseconds of a StreamLab duration written by `streamlab scenario apply` (`24m19s498ms`).
std::int64_t duration_ms(const std::string& d) {
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < d.size()) {
    std::size_t used = 0;
    const std::int64_t n = std::stoll(d.substr(i), &used);
    i += used;
    const std::size_t unit_end = d.find_first_of("0123456789", i);
    const std::string unit = d.substr(i, unit_end == std::string::npos ? std::string::npos : unit_end - i);
    i = unit_end == std::string::npos ? d.size() : unit_end;
    const std::map<std::string, std::int64_t> per = {
        {"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000}};
    total += n * per.at(unit);
  }
  return total;
}

std::vector<std::pair<bool, json>> merge_by(
    std::vector<std::pair<std::int64_t, std::pair<bool, json>>> right,
    std::vector<std::pair<std::int64_t, std::pair<bool, json>>> left) {
  std::vector<std::pair<std::int64_t, std::pair<bool, json>>> all;
  std::merge(right.begin(), right.end(), left.begin(), left.end(), std::back_inserter(all),
             [](const auto& a, const auto& b) { return a.first < b.first; });  // right first on ties
  std::vector<std::pair<bool, json>> out;
  for (auto& [at, r] : all) out.push_back(std::move(r));
  return out;
}

std::vector<std::pair<std::int64_t, std::pair<bool, json>>> by_event_time(const fs::path& dataset,
                                                                          bool left) {
  std::vector<std::pair<std::int64_t, std::pair<bool, json>>> out;
  for (auto& j : read_jsonl(dataset)) {
    const std::int64_t t = streamlab::peers::iso_millis(j.at("time").get<std::string>());
    out.push_back({t, {left, std::move(j)}});
  }
  return out;
}

void write_lab04_inputs() {
  const fs::path datasets = streamlab::peers::source_dir() / "datasets";
  streamlab::peers::write_join_input(join_inputs_dir() / "orders-profiles.jsonl",
                                     merge_by(by_event_time(datasets / "profiles.jsonl", false),
                                              by_event_time(datasets / "orders.jsonl", true)));

  const fs::path late = join_inputs_dir() / "profile-updates.late-profiles.jsonl";
  const std::string cmd = "'" + streamlab::peers::cli_binary().string() + "' scenario apply --dataset '" +
                          (datasets / "profile-updates.jsonl").string() + "' --scenario '" +
                          (datasets / "scenarios" / "late-profiles.json").string() +
                          "' --time-field time --key-field user --output '" + late.string() + "'";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("failed: " + cmd);
  std::vector<std::pair<std::int64_t, std::pair<bool, json>>> profiles;
  std::int64_t t0 = std::numeric_limits<std::int64_t>::max();
  std::int64_t clock = 0;
  for (auto& j : read_jsonl(late)) {
    if (j.contains("$advance")) {
      clock += duration_ms(j.at("$advance").get<std::string>());
      continue;
    }
    t0 = std::min(t0, streamlab::peers::iso_millis(j.at("time").get<std::string>()));
    profiles.push_back({clock, {false, std::move(j)}});
  }
  for (auto& p : profiles) p.first += t0;
  streamlab::peers::write_join_input(join_inputs_dir() / "clicks-profile-updates.jsonl",
                                     merge_by(profiles, by_event_time(datasets / "clicks.jsonl", true)));
}

/// Kafka Streams' join cases: hand-worked ones and lab 04's data.
const std::vector<PeerCase>& ks_join_cases() {
  static const std::vector<PeerCase> cases = [] {
    auto hand = [](const char* input) {
      return join_inputs_dir() / (std::string("hand.") + input + ".jsonl");
    };
    const json manual = "manual";
    std::vector<PeerCase> out = {
        join_case("hand.as-of-arrival.left", "join-hand", hand("silver"),
                  {{"mode", "as-of-arrival"}, {"type", "left"}}),
        join_case("hand.as-of-arrival.inner", "join-hand", hand("silver"), {{"mode", "as-of-arrival"}}),
        join_case("hand.temporal.left.grace-10m", "join-hand", hand("silver"),
                  {{"mode", "temporal"}, {"type", "left"}, {"grace", "10m"}, {"watermark", manual}}),
        join_case("hand.temporal.inner.grace-0s", "join-hand", hand("silver"),
                  {{"mode", "temporal"}, {"grace", "0s"}, {"watermark", manual}}),
        join_case("hand.temporal.left.behind-table-watermark", "join-hand", hand("behind-table-watermark"),
                  {{"mode", "temporal"}, {"type", "left"}, {"grace", "10m"}, {"watermark", "bounded:0s"}}),
        join_case("hand.temporal.left.tie", "join-hand", hand("tie"),
                  {{"mode", "temporal"}, {"type", "left"}, {"grace", "1m"}, {"watermark", manual}}),
    };
    const fs::path orders = join_inputs_dir() / "orders-profiles.jsonl";
    const fs::path clicks = join_inputs_dir() / "clicks-profile-updates.jsonl";
    for (const char* type : {"inner", "left"}) {
      out.push_back(join_case(std::string("orders.as-of-arrival.") + type, "join-lab04", orders,
                              {{"mode", "as-of-arrival"}, {"type", type}}));
      out.push_back(join_case(std::string("clicks.as-of-arrival.") + type, "join-lab04", clicks,
                              {{"mode", "as-of-arrival"}, {"type", type}}));
      for (const char* grace : {"0s", "5m"}) {
        out.push_back(
            join_case(std::string("orders.temporal.") + type + ".grace-" + grace, "join-lab04", orders,
                      {{"mode", "temporal"}, {"type", type}, {"grace", grace}, {"watermark", manual}}));
        out.push_back(
            join_case(std::string("clicks.temporal.") + type + ".grace-" + grace, "join-lab04", clicks,
                      {{"mode", "temporal"}, {"type", type}, {"grace", grace}, {"watermark", manual}}));
      }
    }
    // Lab 04 part B's own settings: a 10 s watermark delay beside the 5 minute grace.
    out.push_back(
        join_case("clicks.temporal.left.grace-5m.bounded-10s", "join-lab04", clicks,
                  {{"mode", "temporal"}, {"type", "left"}, {"grace", "5m"}, {"watermark", "bounded:10s"}}));
    return out;
  }();
  return cases;
}

/// `--run-peer kafka-streams`: the join inputs are written, and the join cases run beside the matrix.
std::vector<PeerCase> ks_own_cases() {
  for (const auto& [name, records] : hand_inputs())
    streamlab::peers::write_join_input(join_inputs_dir() / ("hand." + name + ".jsonl"), records);
  write_lab04_inputs();
  std::vector<PeerCase> out = ks_join_cases();
  for (auto& c : kafka_streams_window_join_cases()) out.push_back(std::move(c));
  return out;
}

const PeerCase& ks_join_case(const std::string& id) {
  for (const auto& c : ks_join_cases()) {
    if (c.id == id) return c;
  }
  throw std::runtime_error("no join case " + id);
}

/// The case with `--watermark manual`: what Kafka Streams' join must equal.
PeerCase manual_watermark(PeerCase c) {
  if (c.flags.at("mode") == "temporal") c.flags["watermark"] = "manual";
  return c;
}

/// Kafka Streams' rows and unmatched left records equal StreamLab's (live, watermark manual).
void expect_same_as_streamlab(const PeerCase& c) {
  SCOPED_TRACE(c.id);
  const auto summary = streamlab::peers::read_summary(kJoinEngine);
  const auto it = summary.find(c.id);
  ASSERT_NE(it, summary.end()) << c.id << " is missing from the runner's summary";
  ASSERT_EQ(it->second.status, "ok") << it->second.reason;
  const JoinOutput sl = streamlab::peers::run_streamlab_join(manual_watermark(c));
  const JoinOutput ks = streamlab::peers::read_peer_join(kJoinEngine, c.id);
  EXPECT_FALSE(sl.rows.empty()) << "StreamLab wrote no row";
  streamlab::peers::expect_same_join(sl, ks, "streamlab", "kafka-streams", c.id);
}

json row(const std::pair<bool, json>& l, const std::pair<bool, json>* r) {
  return {{"key", l.second.at("user")},
          {"time", l.second.at("time")},
          {"left", l.second},
          {"right", r == nullptr ? json(nullptr) : r->second},
          {"right_time", r == nullptr ? json(nullptr) : r->second.at("time")}};
}

void expect_hand(const std::string& id, const std::vector<json>& rows, const std::vector<json>& unmatched) {
  const PeerCase& c = ks_join_case(id);
  expect_rows("streamlab", streamlab::peers::run_streamlab_join(c), rows, unmatched, id);
  expect_rows("kafka-streams", streamlab::peers::read_peer_join(kJoinEngine, id), rows, unmatched, id);
}

// The records of the "silver" input, by name.
const auto& silver() { return hand_inputs().at("silver"); }
const std::pair<bool, json>& gold = silver()[0];
const std::pair<bool, json>& click_a = silver()[1];
const std::pair<bool, json>& silver_v = silver()[2];
const std::pair<bool, json>& click_b = silver()[3];
const std::pair<bool, json>& plat = silver()[4];
const std::pair<bool, json>& click_c = silver()[5];

TEST(KafkaStreamsJoinHandWorked, AsOfArrivalLeftJoinTakesTheRowThereOnArrival) {
  // /a finds gold (silver comes later), /b no row of u2, /c plat (the latest by arrival).
  expect_hand("join.hand.as-of-arrival.left",
              {row(click_a, &gold), row(click_b, nullptr), row(click_c, &plat)}, {});
}

TEST(KafkaStreamsJoinHandWorked, AsOfArrivalInnerJoinLeavesAClickWithoutARowUnmatched) {
  expect_hand("join.hand.as-of-arrival.inner", {row(click_a, &gold), row(click_c, &plat)}, {click_b.second});
}

TEST(KafkaStreamsJoinHandWorked, TemporalJoinWithGraceWaitsAndTakesTheVersionValidAtTheClickTime) {
  // Grace 10 min: /a (10:05) and /b (10:06) wait until the stream reaches 10:15; /c (10:30)
  // releases both: /a takes silver (valid from 10:03 at 10:05), /b nothing; /c leaves at the end
  // with plat (valid from 10:10).
  expect_hand("join.hand.temporal.left.grace-10m",
              {row(click_a, &silver_v), row(click_b, nullptr), row(click_c, &plat)}, {});
}

TEST(KafkaStreamsJoinHandWorked, TemporalJoinWithoutGraceJoinsOnArrivalByVersion) {
  // Grace 0: each click leaves on arrival with the versions there then: /a gold (silver not yet
  // there), /b none (inner: unmatched), /c plat.
  expect_hand("join.hand.temporal.inner.grace-0s", {row(click_a, &gold), row(click_c, &plat)},
              {click_b.second});
}

TEST(KafkaStreamsJoinHandWorked, AVersionBehindTheTableWatermarkCountsOnlyForKafkaStreams) {
  // Documented difference 6: gold@00, /a@05, plat@10, silver@03, /c@30; grace 10 min, D = 0.
  // StreamLab releases /a when plat moves W_R to 10:10 > 10:05: /a + gold (silver not there yet).
  // Kafka Streams has no watermark: /a waits for the grace, until /c, and takes silver.
  const auto& in = hand_inputs().at("behind-table-watermark");
  const std::string id = "join.hand.temporal.left.behind-table-watermark";
  expect_rows("streamlab", streamlab::peers::run_streamlab_join(ks_join_case(id)),
              {row(in[1], &in[0]), row(in[4], &in[2])}, {}, id);
  expect_rows("kafka-streams", streamlab::peers::read_peer_join(kJoinEngine, id),
              {row(in[1], &in[3]), row(in[4], &in[2])}, {}, id);
  // ... and that is StreamLab's result with --watermark manual: the mapping.
  expect_same_as_streamlab(ks_join_case(id));
}

TEST(KafkaStreamsJoinHandWorked, ClicksReleasedTogetherAtOneTimeLeaveByKeyInKafkaStreams) {
  // Documented difference 7: /1 (key b) and /2 (key a) both at 10:10, released together when /3
  // (10:15) moves the stream past 10:10 + 1 min. StreamLab releases in (time, arrival) order: /1,
  // /2; Kafka Streams' grace buffer is ordered by (time, serialized key, sequence): /2, /1.
  const auto& in = hand_inputs().at("tie");
  const std::string id = "join.hand.temporal.left.tie";
  expect_rows("streamlab", streamlab::peers::run_streamlab_join(ks_join_case(id)),
              {row(in[2], &in[1]), row(in[3], &in[0]), row(in[4], &in[0])}, {}, id);
  expect_rows("kafka-streams", streamlab::peers::read_peer_join(kJoinEngine, id),
              {row(in[3], &in[0]), row(in[2], &in[1]), row(in[4], &in[0])}, {}, id);
}

// Lab 04's data: identical rows, in order, and the same unmatched clicks and orders.
TEST(KafkaStreamsJoinLab04, OrdersWithProfilesAsOfArrivalAndTemporal) {
  for (const auto& c : ks_join_cases()) {
    if (c.id.rfind("join.orders.", 0) == 0) expect_same_as_streamlab(c);
  }
}

TEST(KafkaStreamsJoinLab04, OrdersBeforeTheirProfileAreTheInnerJoinsUnmatched) {
  // datasets/README.md: 55 orders come before their user's profile exists.
  EXPECT_EQ(
      streamlab::peers::read_peer_join(kJoinEngine, "join.orders.as-of-arrival.inner").unmatched_left.size(),
      55U);
}

TEST(KafkaStreamsJoinLab04, ClicksWithLateProfileUpdatesAsOfArrivalAndTemporal) {
  // The modes must be told apart on this input: some clicks take another version temporally
  // (the one valid at their time) than as of arrival (the latest arrived).
  const JoinOutput arrival = streamlab::peers::read_peer_join(kJoinEngine, "join.clicks.as-of-arrival.left");
  const JoinOutput temporal =
      streamlab::peers::read_peer_join(kJoinEngine, "join.clicks.temporal.left.grace-5m");
  ASSERT_EQ(arrival.rows.size(), temporal.rows.size());
  std::map<std::string, json> version_on_arrival;
  for (const auto& r : arrival.rows) version_on_arrival[r.at("left").dump()] = r.at("right_time");
  int other_version = 0;
  for (const auto& r : temporal.rows)
    other_version += version_on_arrival[r.at("left").dump()] != r.at("right_time");
  EXPECT_GT(other_version, 0) << "the late profile updates should make the two modes differ";
  RecordProperty("clicks_with_another_version", other_version);
  for (const auto& c : ks_join_cases()) {
    if (c.id.rfind("join.clicks.", 0) == 0 && c.flags.value("watermark", "") != "bounded:10s")
      expect_same_as_streamlab(c);
  }
}

TEST(KafkaStreamsJoinLab04, WithTheLabsWatermarkStreamLabReleasesEarlierAndKafkaStreamsSeesNewerVersions) {
  // Lab 04 part B's settings (D = 10 s, grace 5 min). Kafka Streams equals StreamLab with the
  // watermark manual (the mapping); StreamLab with D = 10 s releases a click as soon as the
  // profiles' watermark passes it, so a version that arrives later (behind that watermark) is
  // missed: for every click the two join differently, Kafka Streams' version is a later one.
  const PeerCase& c = ks_join_case("join.clicks.temporal.left.grace-5m.bounded-10s");
  expect_same_as_streamlab(c);
  const JoinOutput bounded = streamlab::peers::run_streamlab_join(c);
  const JoinOutput ks = streamlab::peers::read_peer_join(kJoinEngine, c.id);
  ASSERT_EQ(bounded.rows.size(), ks.rows.size()) << "a left join has one row per click";
  std::map<std::string, json> ks_by_click;
  for (const auto& r : ks.rows) ks_by_click[r.at("left").dump()] = r;
  int differ = 0;
  for (const auto& r : bounded.rows) {
    const auto it = ks_by_click.find(r.at("left").dump());
    ASSERT_NE(it, ks_by_click.end()) << "Kafka Streams has no row for " << streamlab::peers::describe_row(r);
    if (it->second == r) continue;
    ++differ;
    ASSERT_FALSE(it->second.at("right_time").is_null()) << streamlab::peers::describe_row(it->second);
    const std::int64_t ks_version =
        streamlab::peers::iso_millis(it->second.at("right_time").get<std::string>());
    const std::int64_t t = streamlab::peers::iso_millis(r.at("time").get<std::string>());
    EXPECT_LE(ks_version, t) << streamlab::peers::describe_row(it->second);
    if (!r.at("right_time").is_null()) {
      EXPECT_LT(streamlab::peers::iso_millis(r.at("right_time").get<std::string>()), ks_version)
          << "StreamLab " << streamlab::peers::describe_row(r) << ", Kafka Streams "
          << streamlab::peers::describe_row(it->second);
    }
  }
  EXPECT_GT(differ, 0) << "the late profile updates should change some clicks' versions";
  RecordProperty("clicks_joined_differently", differ);
}

TEST(KafkaStreamsJoinRunner, IsDeterministic) {
  // The runner again, in a second process, on every join case: byte-identical rows and unmatched files.
  for (const char* dataset : {"join-hand", "join-lab04"}) {
    if (const auto d = streamlab::peers::rerun_differs(kJoinEngine, dataset, ks_join_cases()))
      ADD_FAILURE() << *d;
  }
}

}  // namespace

// The binary's main() is in kafka_streams_conformance_test.cpp; it runs ks_own_cases() with the matrix.
std::vector<PeerCase> kafka_streams_own_cases() { return ks_own_cases(); }
