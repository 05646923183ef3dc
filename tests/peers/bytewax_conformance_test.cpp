// StreamLab against Bytewax 0.21 (peers/bytewax/runner.py: one dataflow a case, TestingSource,
// EventClock with a fixed now_getter and to_system_utc = None, the tumbling/sliding/session
// windowers, window(ordered=False) with StreamLab's aggregate). The mapping (docs/peers.md,
// "Bytewax"): bounded:D is EventClock's wait_for_system_duration D; tumbling:S, hopping:S,A and
// session:G are TumblingWindower(S), SlidingWindower(S, A) (aligned to the epoch) and
// SessionWindower(G); `final` emits on close, `update` on every value and merge; `$watermark` and
// `$advance` lines are skipped (no equivalent). Allowed lateness, complete, manual watermarks and
// processing time are unsupported.
//
// Bytewax keeps one watermark per key, so StreamLab is run on the *per-key input*: the case's
// records key by key, each key's times moved by its own multiple of a large period (a multiple of
// every window size and advance), so that StreamLab's one watermark is, for each key, that key's
// own; its panes are moved back. The documented differences, each asserted case by case:
//   1. The watermark is per key (bytewax-hand.per-key): the per-key input above.
//   2. An item is late when t < W of its key, whatever window it falls in (bytewax-hand.behind,
//      bytewax-hand.behind-session): every case's late file must be exactly the records with
//      t < max earlier t of the key - D; StreamLab's drops (per-key input) are among them; and
//      StreamLab on the per-key input without them drops nothing and gives Bytewax's panes exactly.
//   3. A session [first, last] closes only when W > last + G, strictly (bytewax-hand.session-close):
//      a record at exactly t = W = last + G joins it in Bytewax, starts a new session in StreamLab.
//   4. `$watermark` lines have no equivalent and are skipped (hand.late-tumbling).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "peer_support.hpp"

namespace {

namespace fs = std::filesystem;
using streamlab::peers::CaseOutput;
using streamlab::peers::Pane;
using streamlab::peers::PeerCase;

constexpr const char* kBytewax = "bytewax";

/// Where Bytewax's own inputs and the per-key inputs are written: work_dir()/bytewax-inputs.
fs::path bytewax_inputs_dir() { return streamlab::peers::work_dir() / "bytewax-inputs"; }

/// Bytewax's own hand-worked inputs (times 2025-06-22T10:00:SS, key k, value v).
const std::map<std::string, std::string>& bytewax_hand_inputs() {
  static const std::map<std::string, std::string> inputs = {
      // Tumbling 10 s, D = 0. StreamLab (one watermark): b@12 raises W to 12, so a@05 ([00,10)
      // fired) and b@03 are dropped: a [00,10) = 1, b [10,20) = 2. Bytewax (W per key): a's W is
      // 1 when a@05 comes, so it counts: a [00,10) = 1+4 = 5 (2 events); b@03 < W_b = 12 is late.
      {"per-key",
       "{\"k\":\"a\",\"v\":1,\"t\":\"2025-06-22T10:00:01Z\"}\n"
       "{\"k\":\"b\",\"v\":2,\"t\":\"2025-06-22T10:00:12Z\"}\n"
       "{\"k\":\"a\",\"v\":4,\"t\":\"2025-06-22T10:00:05Z\"}\n"
       "{\"k\":\"b\",\"v\":8,\"t\":\"2025-06-22T10:00:03Z\"}\n"},
      // D = 0: a@05 arrives at W = 8. Tumbling 10 s: its window [00,10) has not fired, StreamLab
      // counts it ([00,10) = 7, 3 events); Bytewax drops it (t < W): [00,10) = 3, 2 events.
      // Sessions of 10 s: StreamLab [01,22) = 15 (4 events); Bytewax [01,22) = 11 (3 events).
      {"behind",
       "{\"k\":\"a\",\"v\":1,\"t\":\"2025-06-22T10:00:01Z\"}\n"
       "{\"k\":\"a\",\"v\":2,\"t\":\"2025-06-22T10:00:08Z\"}\n"
       "{\"k\":\"a\",\"v\":4,\"t\":\"2025-06-22T10:00:05Z\"}\n"
       "{\"k\":\"a\",\"v\":8,\"t\":\"2025-06-22T10:00:12Z\"}\n"},
      // Sessions of 10 s, D = 5 s: a@00, then a@15 (W = 10 = 00 + gap) and a@10 (t = W, not late).
      // StreamLab: W = 10 >= end 10 fires [00,10) = 1 and frees it; a@10 merges with [15,25):
      // [10,25) = 6. Bytewax: [00,00] closes only when W > 00 + 10, so a@10 joins it and bridges
      // to [15,15]: one session [00,25) = 7 (3 events).
      {"session-close",
       "{\"k\":\"a\",\"v\":1,\"t\":\"2025-06-22T10:00:00Z\"}\n"
       "{\"k\":\"a\",\"v\":2,\"t\":\"2025-06-22T10:00:15Z\"}\n"
       "{\"k\":\"a\",\"v\":4,\"t\":\"2025-06-22T10:00:10Z\"}\n"},
  };
  return inputs;
}

/// A `bytewax-hand.NAME` case on input INPUT: key k, sum of v, time t, `final`, L = 0, plus `flags`.
PeerCase bytewax_hand_case(const std::string& name, const std::string& input, nlohmann::json flags) {
  flags["time_field"] = "t";
  flags["key_field"] = "k";
  flags["agg"] = "sum:v";
  flags["emit"] = "final";
  flags["allowed_lateness"] = "0s";
  return {"bytewax-hand." + name, "bytewax-hand", name, bytewax_inputs_dir() / (input + ".jsonl"),
          std::move(flags)};
}

/// Bytewax's own hand-worked cases (dataset `bytewax-hand`).
const std::vector<PeerCase>& bytewax_cases() {
  static const std::vector<PeerCase> cases = {
      bytewax_hand_case("per-key", "per-key", {{"window", "tumbling:10s"}, {"watermark", "bounded:0s"}}),
      bytewax_hand_case("behind", "behind", {{"window", "tumbling:10s"}, {"watermark", "bounded:0s"}}),
      bytewax_hand_case("behind-session", "behind", {{"window", "session:10s"}, {"watermark", "bounded:0s"}}),
      bytewax_hand_case("session-close", "session-close",
                        {{"window", "session:10s"}, {"watermark", "bounded:5s"}}),
  };
  return cases;
}

/// Every case the runner gets: the shared matrix (with the shared hand-worked cases) and Bytewax's own.
std::vector<PeerCase> bytewax_all_cases() {
  std::vector<PeerCase> all = streamlab::peers::conformance_cases();
  for (const auto& c : bytewax_cases()) all.push_back(c);
  return all;
}

/// The case with this id among bytewax_all_cases().
const PeerCase& bytewax_find(const std::string& id) {
  static const std::vector<PeerCase> all = bytewax_all_cases();
  for (const auto& c : all) {
    if (c.id == id) return c;
  }
  throw std::runtime_error("no case " + id);
}

/// `s` quoted for the shell.
std::string bytewax_quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

/// `--run-peer bytewax`: one Python process over the matrix and Bytewax's own cases.
int bytewax_run() {
  fs::create_directories(bytewax_inputs_dir());
  for (const auto& [name, text] : bytewax_hand_inputs())
    std::ofstream(bytewax_inputs_dir() / (name + ".jsonl")) << text;
  const auto cases = bytewax_all_cases();
  for (const auto& c : cases) {
    fs::remove(streamlab::peers::panes_path(kBytewax, c.id));
    fs::remove(streamlab::peers::late_path(kBytewax, c.id));
  }
  const fs::path manifest = streamlab::peers::write_manifest(kBytewax, cases);
  const fs::path dir = streamlab::peers::work_dir() / kBytewax;
  fs::remove(dir / "summary.jsonl");
  const std::string cmd = bytewax_quote((streamlab::peers::source_dir() / "peers" / "peers.sh").string()) +
                          " run bytewax " + bytewax_quote(manifest.string()) + " " +
                          bytewax_quote((dir / "summary.jsonl").string()) + " 2>" +
                          bytewax_quote((dir / "runner.log").string());
  if (const int status = std::system(cmd.c_str()); status != 0) {
    std::cerr << "peers: " << cmd << " failed (" << status << "); last lines of its log:\n";
    const std::string tail = "tail -n 30 " + bytewax_quote((dir / "runner.log").string()) + " >&2";
    static_cast<void>(std::system(tail.c_str()));
    return 1;
  }
  return 0;
}

// ---- Times and durations -------------------------------------------------------------------

/// Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil).
std::int64_t bytewax_days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

/// Milliseconds of an input's event time: integer milliseconds, or ISO-8601 UTC with `Z` and any
/// number of fraction digits (`10:00:09.5Z`), as the inputs here write them.
std::int64_t bytewax_time_ms(const nlohmann::json& v) {
  if (v.is_number_integer()) return v.get<std::int64_t>();
  const std::string s = v.get<std::string>();
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &sec) != 6 || s.back() != 'Z') {
    throw std::runtime_error("unexpected time " + s);
  }
  std::int64_t ms = 0;
  if (const auto dot = s.find('.'); dot != std::string::npos) {
    std::string frac = s.substr(dot + 1, s.size() - dot - 2);
    frac = (frac + "000").substr(0, 3);
    ms = std::atoll(frac.c_str());
  }
  return ((bytewax_days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60000 + sec * 1000 + ms;
}

/// A pane's time as StreamLab writes it: ISO-8601 UTC, `Z`, milliseconds only when non-zero.
std::string bytewax_iso(std::int64_t ms) {
  std::int64_t days = ms / 86400000;
  if (ms % 86400000 < 0) --days;
  const std::int64_t rem = ms - days * 86400000;
  // Civil date from days (H. Hinnant's civil_from_days).
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(rem / 3600000),
                static_cast<long long>(rem / 60000 % 60), static_cast<long long>(rem / 1000 % 60));
  std::string out = buf;
  if (rem % 1000 != 0) {
    std::snprintf(buf, sizeof buf, ".%03lld", static_cast<long long>(rem % 1000));
    out += buf;
  }
  return out + "Z";
}

/// Milliseconds of a StreamLab duration (`500ms`, `5s`, `1m`, `1h30m`, integer milliseconds).
std::int64_t bytewax_duration_ms(const std::string& s) {
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j])) != 0) ++j;
    const std::int64_t n = std::atoll(s.substr(i, j - i).c_str());
    std::size_t k = j;
    while (k < s.size() && std::isalpha(static_cast<unsigned char>(s[k])) != 0) ++k;
    const std::string unit = s.substr(j, k - j);
    const std::map<std::string, std::int64_t> scale = {{"", 1},      {"ms", 1},      {"s", 1000},
                                                       {"m", 60000}, {"h", 3600000}, {"d", 86400000}};
    if (j == i || scale.count(unit) == 0) throw std::runtime_error("bad duration " + s);
    total += n * scale.at(unit);
    i = k;
  }
  return total;
}

// ---- The per-key input and the expected late records ------------------------------------------

/// One input record of a case, in arrival order.
struct BytewaxRecord {
  /// The record as read.
  nlohmann::json object;
  /// Its key's compact JSON text.
  std::string key;
  /// Its event time in milliseconds.
  std::int64_t t;
};

/// The case's records in arrival order (control and blank lines left out: the inputs are clean).
std::vector<BytewaxRecord> bytewax_records(const PeerCase& c) {
  std::vector<BytewaxRecord> out;
  std::ifstream in(c.input);
  const std::string time_field = c.flags.at("time_field");
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    if (j.size() == 1 && (j.contains("$watermark") || j.contains("$advance"))) continue;
    const nlohmann::json key =
        c.flags.contains("key_field") ? j.at(c.flags.at("key_field").get<std::string>()) : nlohmann::json();
    const std::int64_t t = bytewax_time_ms(j.at(time_field));
    out.push_back({std::move(j), key.dump(), t});
  }
  return out;
}

/// D of the case's `bounded:D` watermark, in milliseconds (0 when absent).
std::int64_t bytewax_delay(const PeerCase& c) {
  const std::string w = c.flags.value("watermark", std::string("bounded:0s"));
  return bytewax_duration_ms(w.substr(w.find(':') + 1));
}

/// Difference 2: the records Bytewax must drop, with the watermark that drops them: t < W, W the
/// largest earlier t of the same key - D. A dropped record never raises its key's maximum.
std::map<std::size_t, std::int64_t> bytewax_expected_drops(const PeerCase& c,
                                                           const std::vector<BytewaxRecord>& records) {
  const std::int64_t delay = bytewax_delay(c);
  std::map<std::string, std::int64_t> max_t;
  std::map<std::size_t, std::int64_t> drops;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto it = max_t.find(records[i].key);
    if (it != max_t.end() && records[i].t < it->second - delay) {
      drops[i] = it->second - delay;
    } else if (it == max_t.end() || records[i].t > it->second) {
      max_t[records[i].key] = records[i].t;
    }
  }
  return drops;
}

/// The `$late` watermarks of a case's late file, in order.
std::vector<std::string> bytewax_late_watermarks(const std::string& id) {
  std::vector<std::string> out;
  std::ifstream in(streamlab::peers::late_path(kBytewax, id));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty())
      out.push_back(nlohmann::json::parse(line).at("$late").at("watermark").get<std::string>());
  }
  return out;
}

/// The per-key input (difference 1): a period that is a multiple of every window size and advance
/// and longer than the input's span plus the delay and two windows; key number i (in order of first
/// arrival) has its records, in arrival order, moved by i periods, one key after the other.
struct BytewaxPerKey {
  /// The input file written.
  fs::path input;
  /// The period.
  std::int64_t period{0};
  /// Key text -> its number.
  std::map<std::string, std::int64_t> key_index;
  /// A moved record's JSON text -> the original record.
  std::map<std::string, nlohmann::json> original;
};

BytewaxPerKey bytewax_per_key_input(const PeerCase& c, const std::vector<BytewaxRecord>& records,
                                    const std::set<std::size_t>& leave_out, const std::string& suffix) {
  BytewaxPerKey out;
  const std::string window = c.flags.at("window");
  const std::string spec = window.substr(window.find(':') + 1);
  const auto comma = spec.find(',');
  const std::int64_t size = bytewax_duration_ms(spec.substr(0, comma));
  const std::int64_t advance =
      comma == std::string::npos ? size : bytewax_duration_ms(spec.substr(comma + 1));
  const std::int64_t unit = window.rfind("session:", 0) == 0 ? 1 : std::lcm(size, advance);
  std::int64_t lo = 0, hi = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    lo = i == 0 ? records[i].t : std::min(lo, records[i].t);
    hi = i == 0 ? records[i].t : std::max(hi, records[i].t);
  }
  const std::int64_t need = hi - lo + bytewax_delay(c) + 2 * size + 86400000;
  out.period = (need / unit + 1) * unit;
  std::vector<std::string> keys;
  for (const auto& r : records) {
    if (out.key_index.emplace(r.key, static_cast<std::int64_t>(keys.size())).second) keys.push_back(r.key);
  }
  out.input = bytewax_inputs_dir() / (c.id + "." + suffix + ".jsonl");
  std::ofstream o(out.input);
  const std::string time_field = c.flags.at("time_field");
  for (const auto& key : keys) {
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (records[i].key != key || leave_out.count(i) != 0) continue;
      nlohmann::json moved = records[i].object;
      moved[time_field] = records[i].t + out.key_index.at(key) * out.period;
      out.original[moved.dump()] = records[i].object;
      o << moved.dump() << '\n';
    }
  }
  return out;
}

/// StreamLab on a per-key input, its panes and late records moved back to the original times.
CaseOutput bytewax_streamlab_per_key(const PeerCase& c, const BytewaxPerKey& per_key) {
  PeerCase mapped = c;
  mapped.input = per_key.input;
  mapped.id = "bytewax." + per_key.input.stem().string();  // its own files: other engines' tests run c.id
  CaseOutput out = streamlab::peers::run_streamlab(mapped);
  for (auto& p : out.panes) {
    const std::int64_t shift = per_key.key_index.at(p.key.dump()) * per_key.period;
    p.window_start = bytewax_iso(streamlab::peers::iso_millis(p.window_start) - shift);
    p.window_end = bytewax_iso(streamlab::peers::iso_millis(p.window_end) - shift);
  }
  for (auto& r : out.late) r = per_key.original.at(r.dump());
  return out;
}

// ---- The checks --------------------------------------------------------------------------------

/// Checks one case Bytewax ran, under the mapping and the documented differences (the header).
void bytewax_check(const PeerCase& c) {
  SCOPED_TRACE(c.id);
  const auto records = bytewax_records(c);
  const CaseOutput bw = streamlab::peers::read_peer_output(kBytewax, c.id);
  // Difference 2: Bytewax's late file is exactly the records behind their key's watermark.
  const auto drops = bytewax_expected_drops(c, records);
  std::vector<nlohmann::json> expected_late;
  std::vector<std::string> expected_marks;
  std::set<std::size_t> dropped;
  for (const auto& [i, w] : drops) {
    expected_late.push_back(records[i].object);
    expected_marks.push_back(bytewax_iso(w));
    dropped.insert(i);
  }
  if (const auto d = streamlab::peers::diff_late(expected_late, bw.late)) {
    ADD_FAILURE() << c.id << ": Bytewax's late records are not those with t < W of their key: " << *d;
  } else {
    EXPECT_EQ(bytewax_late_watermarks(c.id), expected_marks) << c.id << ": the watermarks of the late file";
  }
  // StreamLab's drops (per key) are among them: StreamLab drops only what is behind the watermark.
  // (Without drops the run below is the same run, and checks that StreamLab drops nothing.)
  if (!drops.empty()) {
    const CaseOutput sl_all = bytewax_streamlab_per_key(c, bytewax_per_key_input(c, records, {}, "per-key"));
    std::multiset<std::string> bw_late;
    for (const auto& r : bw.late) bw_late.insert(r.dump());
    for (const auto& r : sl_all.late) {
      EXPECT_EQ(bw_late.count(r.dump()), 1U)
          << c.id << ": StreamLab dropped " << r.dump() << " but Bytewax did not";
    }
  }
  // Without Bytewax's drops, StreamLab (per key) drops nothing and gives Bytewax's panes exactly...
  const BytewaxPerKey kept = bytewax_per_key_input(c, records, dropped, "kept");
  const CaseOutput sl = bytewax_streamlab_per_key(c, kept);
  EXPECT_TRUE(sl.late.empty()) << c.id << ": StreamLab still dropped " << sl.late.size() << " records";
  // ...unless difference 3: a session record at exactly t = W of its key (the only way a session
  // StreamLab fired at W = last + G can still take a record in Bytewax). Only the hand-worked case
  // bytewax-hand.session-close has one; its panes are asserted by hand below.
  const bool session = c.flags.at("window").get<std::string>().rfind("session:", 0) == 0;
  std::size_t at_watermark = 0;
  if (session) {
    const std::int64_t delay = bytewax_delay(c);
    std::map<std::string, std::int64_t> max_t;
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (dropped.count(i) != 0) continue;
      const auto it = max_t.find(records[i].key);
      if (it != max_t.end() && records[i].t == it->second - delay) ++at_watermark;
      if (it == max_t.end() || records[i].t > it->second) max_t[records[i].key] = records[i].t;
    }
  }
  if (at_watermark != 0) {
    EXPECT_EQ(c.id, "bytewax-hand.session-close")
        << c.id << ": " << at_watermark
        << " session record(s) at exactly t = W: difference 3 in a case not documented";
    return;
  }
  if (const auto d = streamlab::peers::diff_panes(
          sl.panes, bw.panes, "streamlab (per key, Bytewax's drops left out)", "bytewax")) {
    ADD_FAILURE() << c.id << ": " << *d;
  }
}

/// Whether Bytewax must call the case unsupported, and a word its reason must contain.
const char* bytewax_unsupported_because(const PeerCase& c) {
  if (c.flags.value("time_domain", std::string("event")) == "processing") return "processing time";
  if (c.flags.value("emit", std::string("final")) == "complete") return "complete";
  if (c.flags.value("watermark", std::string()) == "manual") return "manual";
  if (c.flags.value("allowed_lateness", std::string("0s")) != "0s") return "allowed lateness";
  return nullptr;
}

/// Checks every case of `dataset` among `cases`: the summary line, then bytewax_check().
void bytewax_check_all(const std::vector<PeerCase>& cases, const std::string& dataset) {
  const auto summary = streamlab::peers::read_summary(kBytewax);
  ASSERT_FALSE(summary.empty()) << "the runner wrote no summary (see peers-work/bytewax/runner.log)";
  int compared = 0;
  for (const auto& c : cases) {
    if (c.dataset != dataset) continue;
    const auto it = summary.find(c.id);
    if (it == summary.end()) {
      ADD_FAILURE() << c.id << ": missing from the runner's summary";
      continue;
    }
    if (const char* word = bytewax_unsupported_because(c)) {
      EXPECT_EQ(it->second.status, "unsupported") << c.id;
      EXPECT_NE(it->second.reason.find(word), std::string::npos) << c.id << ": " << it->second.reason;
      continue;
    }
    if (it->second.status != "ok") {
      ADD_FAILURE() << c.id << ": bytewax says " << it->second.status << ": " << it->second.reason;
      continue;
    }
    bytewax_check(c);
    ++compared;
  }
  EXPECT_GT(compared, 0) << "no case of " << dataset << " ran";
}

/// The matrix test, one instance per dataset.
class BytewaxConformance : public ::testing::TestWithParam<std::string> {};

// The shared matrix: identical after the mapping, with differences 1 and 2 asserted per case.
TEST_P(BytewaxConformance, EveryCaseMatchesStreamLabPerKeyAfterTheMapping) {
  bytewax_check_all(streamlab::peers::conformance_cases(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(Datasets, BytewaxConformance,
                         ::testing::ValuesIn(streamlab::peers::matrix_datasets()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return streamlab::peers::dataset_test_name(info.param);
                         });

// The shared hand-worked cases and Bytewax's own go through the same checks.
TEST(BytewaxConformanceHand, HandWorkedCasesMatchStreamLabPerKeyAfterTheMapping) {
  bytewax_check_all(streamlab::peers::conformance_cases(), "hand");
  bytewax_check_all(bytewax_cases(), "bytewax-hand");
}

// ---- Hand-worked values (the comments of bytewax_hand_inputs()), on both engines -------------

/// A hand-worked `ON_TIME` pane; times are seconds of 2025-06-22T10:00.
Pane bytewax_pane(const char* key, const char* start, const char* end, int value, int count) {
  const std::string day = "2025-06-22T10:00:";
  return {key, day + start + "Z", day + end + "Z", value, count, "ON_TIME"};
}

/// A hand-worked input record `{"k": key, "v": v, "t": 2025-06-22T10:00:t}`.
nlohmann::json bytewax_record(const char* key, int v, const char* t) {
  return {{"k", key}, {"v", v}, {"t", std::string("2025-06-22T10:00:") + t + "Z"}};
}

/// Checks that `who`'s output for case `id` is exactly `panes` and `late`.
void bytewax_expect(const std::string& id, const std::string& who, const CaseOutput& out,
                    const std::vector<Pane>& panes, const std::vector<nlohmann::json>& late) {
  if (const auto d = streamlab::peers::diff_panes(panes, out.panes, "hand-worked", who)) {
    ADD_FAILURE() << id << ": " << *d;
  }
  if (const auto d = streamlab::peers::diff_late(late, out.late))
    ADD_FAILURE() << id << " (" << who << "): " << *d;
}

TEST(BytewaxHandWorked, TheWatermarkIsPerKey) {
  const std::string id = "bytewax-hand.per-key";
  bytewax_expect(id, "bytewax", streamlab::peers::read_peer_output(kBytewax, id),
                 {bytewax_pane("a", "00", "10", 5, 2), bytewax_pane("b", "10", "20", 2, 1)},
                 {bytewax_record("b", 8, "03")});
  bytewax_expect(id, "streamlab", streamlab::peers::run_streamlab(bytewax_find(id)),
                 {bytewax_pane("a", "00", "10", 1, 1), bytewax_pane("b", "10", "20", 2, 1)},
                 {bytewax_record("a", 4, "05"), bytewax_record("b", 8, "03")});
}

TEST(BytewaxHandWorked, AnItemBehindTheWatermarkIsLateWhateverItsWindow) {
  for (const char* id : {"bytewax-hand.behind", "bytewax-hand.behind-session"}) {
    const bool session = std::string(id).find("session") != std::string::npos;
    const std::vector<Pane> bw_want =
        session ? std::vector<Pane>{bytewax_pane("a", "01", "22", 11, 3)}
                : std::vector<Pane>{bytewax_pane("a", "00", "10", 3, 2), bytewax_pane("a", "10", "20", 8, 1)};
    const std::vector<Pane> sl_want =
        session ? std::vector<Pane>{bytewax_pane("a", "01", "22", 15, 4)}
                : std::vector<Pane>{bytewax_pane("a", "00", "10", 7, 3), bytewax_pane("a", "10", "20", 8, 1)};
    bytewax_expect(id, "bytewax", streamlab::peers::read_peer_output(kBytewax, id), bw_want,
                   {bytewax_record("a", 4, "05")});
    bytewax_expect(id, "streamlab", streamlab::peers::run_streamlab(bytewax_find(id)), sl_want, {});
  }
}

TEST(BytewaxHandWorked, ASessionClosesOnlyWhenTheWatermarkPassesLastPlusGap) {
  const std::string id = "bytewax-hand.session-close";
  bytewax_expect(id, "bytewax", streamlab::peers::read_peer_output(kBytewax, id),
                 {bytewax_pane("a", "00", "25", 7, 3)}, {});
  bytewax_expect(id, "streamlab", streamlab::peers::run_streamlab(bytewax_find(id)),
                 {bytewax_pane("a", "00", "10", 1, 1), bytewax_pane("a", "10", "25", 6, 2)}, {});
}

TEST(BytewaxHandWorked, WatermarkLinesAreSkipped) {
  // hand.late-tumbling (tumbling 10 s, D = 5 s): StreamLab's {"$watermark": 30} makes a@25 late
  // for the fired [20,30); Bytewax has no such line: a's watermark is 09.5 - 5 when a@25 comes.
  const std::string id = "hand.late-tumbling";
  bytewax_expect(id, "bytewax", streamlab::peers::read_peer_output(kBytewax, id),
                 {bytewax_pane("a", "00", "10", 7, 3), bytewax_pane("b", "10", "20", 3, 1),
                  bytewax_pane("a", "20", "30", 5, 1), bytewax_pane("a", "40", "50", 6, 1)},
                 {});
  PeerCase own = bytewax_find(id);
  own.id = "bytewax." + id;  // its own output files: Flink's and Kafka Streams' tests run hand.late-tumbling
  bytewax_expect(id, "streamlab", streamlab::peers::run_streamlab(own),
                 {bytewax_pane("a", "00", "10", 7, 3), bytewax_pane("b", "10", "20", 3, 1),
                  bytewax_pane("a", "40", "50", 6, 1)},
                 {bytewax_record("a", 5, "25")});
}

TEST(BytewaxRunner, IsDeterministic) {
  // The runner again, in a second Python process, on every case of two datasets: identical files.
  for (const char* dataset : {"sales", "hand"}) {
    if (const auto d = streamlab::peers::rerun_differs(kBytewax, dataset)) ADD_FAILURE() << *d;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::string(argv[1]) == "--run-peer" && std::string(argv[2]) == kBytewax)
    return bytewax_run();
  return streamlab::peers::peer_test_main(argc, argv);
}
