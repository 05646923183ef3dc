// Builds the rows of a comparison (one per key and window, ordered by window end, start, then the
// key's first appearance) and writes them as text or JSON.
#include "compare_report.hpp"

#include <algorithm>
#include <fstream>
#include <istream>
#include <map>
#include <ostream>
#include <tuple>

#include <fmt/format.h>

#include "streamlab/time.hpp"

namespace streamlab::cli {

namespace {

using OrderedJson = nlohmann::ordered_json;

bool is_control_object(const nlohmann::json& j) {
  return j.size() == 1 && (j.contains("$watermark") || j.contains("$advance"));
}

EnginePane pane_from_json(const nlohmann::json& j) {
  EnginePane p;
  p.key = j.at("key");
  p.window_start = j.at("window_start").get<std::string>();
  p.window_end = j.at("window_end").get<std::string>();
  p.start_ms = to_millis(parse_timestamp(p.window_start));
  p.end_ms = to_millis(parse_timestamp(p.window_end));
  p.value = j.at("value");
  p.count = j.at("count").get<std::int64_t>();
  p.pane = j.at("pane").get<std::string>();
  return p;
}

// One (key, window) and each engine's panes for it.
struct CompareRow {
  nlohmann::json key;
  std::size_t key_rank{0};
  std::string window_start, window_end;
  std::int64_t start_ms{0}, end_ms{0};
  std::map<std::string, std::vector<const EnginePane*>> panes;  // by engine
};

std::vector<PaneFacts> facts_of(const std::vector<const EnginePane*>& panes) {
  std::vector<PaneFacts> out;
  out.reserve(panes.size());
  for (const auto* p : panes) out.push_back({p->pane, p->value, p->count});
  return out;
}

std::vector<const EnginePane*> panes_in(const CompareRow& row, const std::string& engine) {
  const auto it = row.panes.find(engine);
  return it == row.panes.end() ? std::vector<const EnginePane*>{} : it->second;
}

const EngineRun* run_of(const Comparison& c, const std::string& engine) {
  for (const auto& r : c.runs) {
    if (r.engine == engine) return &r;
  }
  return nullptr;
}

// The engines shown that ran (status ok).
std::vector<const EngineRun*> shown_ok(const Comparison& c) {
  std::vector<const EngineRun*> out;
  for (const auto& name : c.shown) {
    const auto* r = run_of(c, name);
    if (r != nullptr && r->status == "ok") out.push_back(r);
  }
  return out;
}

std::vector<CompareRow> rows_of(const Comparison& c) {
  std::vector<nlohmann::json> keys;  // in order of first appearance
  std::map<std::tuple<std::int64_t, std::int64_t, std::size_t>, CompareRow> rows;
  for (const auto& run : c.runs) {
    if (run.status != "ok" || std::find(c.shown.begin(), c.shown.end(), run.engine) == c.shown.end())
      continue;
    for (const auto& p : run.panes) {
      auto k = std::find(keys.begin(), keys.end(), p.key);
      if (k == keys.end()) k = keys.insert(keys.end(), p.key);
      const auto rank = static_cast<std::size_t>(k - keys.begin());
      auto& row = rows[{p.end_ms, p.start_ms, rank}];
      row.key = p.key;
      row.key_rank = rank;
      row.window_start = p.window_start;
      row.window_end = p.window_end;
      row.start_ms = p.start_ms;
      row.end_ms = p.end_ms;
      row.panes[run.engine].push_back(&p);
    }
  }
  std::vector<CompareRow> out;
  for (auto& [order, row] : rows) out.push_back(std::move(row));
  return out;
}

// True when a later StreamLab pane of the same key has a window strictly containing this row's.
bool merged_later(const Comparison& c, const CompareRow& row) {
  const auto* sl = run_of(c, "streamlab");
  if (sl == nullptr) return false;
  return std::any_of(sl->panes.begin(), sl->panes.end(), [&row](const EnginePane& p) {
    return p.key == row.key && p.start_ms <= row.start_ms && p.end_ms >= row.end_ms &&
           (p.start_ms != row.start_ms || p.end_ms != row.end_ms);
  });
}

// True when StreamLab or `engine` emitted, for the row's key, a window that overlaps the row's
// with other bounds: the two cut the key's events into different sessions.
bool bounds_differ(const Comparison& c, const CompareRow& row, const std::string& engine) {
  const auto overlaps = [&row](const EngineRun* run) {
    return run != nullptr && std::any_of(run->panes.begin(), run->panes.end(), [&row](const EnginePane& p) {
             return p.key == row.key && p.start_ms < row.end_ms && row.start_ms < p.end_ms &&
                    (p.start_ms != row.start_ms || p.end_ms != row.end_ms);
           });
  };
  return overlaps(run_of(c, "streamlab")) || overlaps(run_of(c, engine));
}

// Whether the shown engines that ran emitted the same panes for a row.
bool row_differs(const Comparison& c, const CompareRow& row) {
  const auto ok = shown_ok(c);
  for (std::size_t i = 1; i < ok.size(); ++i) {
    if (!same_panes(facts_of(panes_in(row, ok[0]->engine)), facts_of(panes_in(row, ok[i]->engine))))
      return true;
  }
  return false;
}

// The rules that explain each shown peer's difference from StreamLab for a row.
std::vector<std::pair<std::string, DifferenceRule>> row_explanations(const Comparison& c,
                                                                     const CompareRow& row) {
  std::vector<std::pair<std::string, DifferenceRule>> out;
  const auto sl = facts_of(panes_in(row, "streamlab"));
  WindowFacts facts{row.start_ms, row.end_ms, merged_later(c, row)};
  for (const auto* run : shown_ok(c)) {
    if (run->engine == "streamlab") continue;
    const auto theirs = facts_of(panes_in(row, run->engine));
    if (same_panes(sl, theirs)) continue;
    facts.bounds_differ = bounds_differ(c, row, run->engine);
    out.emplace_back(run->engine, explain_window(run->engine, c.context, facts, sl, theirs));
  }
  return out;
}

bool same_late(const std::vector<LateRecord>& a, const std::vector<LateRecord>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].record != b[i].record) return false;
  }
  return true;
}

bool late_differs(const Comparison& c) {
  const auto ok = shown_ok(c);
  for (std::size_t i = 1; i < ok.size(); ++i) {
    if (!same_late(ok[0]->late, ok[i]->late)) return true;
  }
  return false;
}

std::vector<std::pair<std::string, DifferenceRule>> late_explanations(const Comparison& c) {
  std::vector<std::pair<std::string, DifferenceRule>> out;
  const auto* sl = run_of(c, "streamlab");
  if (sl == nullptr) return out;
  for (const auto* run : shown_ok(c)) {
    if (run->engine == "streamlab" || same_late(sl->late, run->late)) continue;
    out.emplace_back(run->engine, explain_late(run->engine, c.context, sl->late.size(), run->late.size()));
  }
  return out;
}

std::string describe_trigger(const nlohmann::json& t) {
  if (t.is_null()) return "";
  if (t.contains("arrival")) {
    return fmt::format("at arrival #{} (line {})", t["arrival"].get<std::int64_t>(),
                       t["line"].get<std::int64_t>());
  }
  if (t.contains("watermark_line"))
    return fmt::format("at the $watermark line {}", t["watermark_line"].get<std::int64_t>());
  if (t.contains("advance_to")) return "when processing time reached " + t["advance_to"].get<std::string>();
  if (t.contains("end_of_input")) return "at end of input";
  return "";
}

std::string describe_late(const LateRecord& r) {
  if (r.arrival.is_null()) return r.record.dump();
  return fmt::format("#{} (line {}) {}", r.arrival.get<std::int64_t>(), r.line.get<std::int64_t>(),
                     r.record.dump());
}

OrderedJson pane_json(const EnginePane& p) {
  OrderedJson j;
  j["pane"] = p.pane;
  j["value"] = p.value;
  j["count"] = p.count;
  j["trigger"] = p.trigger;
  return j;
}

OrderedJson late_json(const LateRecord& r) {
  return OrderedJson{{"arrival", r.arrival}, {"line", r.line}, {"record", r.record}};
}

OrderedJson rule_json(const std::string& engine, const DifferenceRule& rule) {
  return OrderedJson{{"engine", engine}, {"rule", rule.id}, {"explanation", rule.text}, {"see", rule.see}};
}

constexpr int kEngineColumn = 15;

}  // namespace

std::vector<InputRecord> read_input_records(std::istream& in) {
  std::vector<InputRecord> out;
  std::int64_t line_no = 0;
  std::int64_t arrival = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && is_control_object(j)) continue;
    ++arrival;
    if (j.is_object()) out.push_back({j, arrival, line_no});
  }
  return out;
}

std::vector<EnginePane> read_pane_file(const std::string& file) {
  std::ifstream in(file);
  std::vector<EnginePane> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    out.push_back(pane_from_json(nlohmann::json::parse(line)));
  }
  return out;
}

std::vector<LateRecord> read_late_records(std::istream& in, const std::vector<InputRecord>& input) {
  std::vector<LateRecord> out;
  std::vector<bool> matched(input.size(), false);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    j.erase("$late");
    LateRecord r{j, nullptr, nullptr};
    for (std::size_t i = 0; i < input.size(); ++i) {
      if (!matched[i] && input[i].record == j) {
        matched[i] = true;
        r.arrival = input[i].arrival;
        r.line = input[i].line;
        break;
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<EnginePane> panes_of_trace(std::istream& trace) {
  std::vector<EnginePane> out;
  nlohmann::json trigger;
  for (std::string line; std::getline(trace, line);) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line);
    const auto type = j.value("type", std::string{});
    if (type == "event") {
      trigger = {{"arrival", j["arrival"]}, {"line", j["line"]}};
    } else if (type == "mark") {
      trigger = {{"watermark_line", j["line"]}};
    } else if (type == "processing_time") {
      trigger = {{"advance_to", j["to"]}};
    } else if (type == "watermark" && j.value("to", std::string{}) == "+inf") {
      trigger = {{"end_of_input", true}};
    } else if (type == "pane") {
      auto p = pane_from_json(j);
      p.trigger = trigger;
      out.push_back(std::move(p));
    }
  }
  return out;
}

std::size_t differing_windows(const Comparison& c) {
  const auto rows = rows_of(c);
  return static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [&c](const CompareRow& r) { return row_differs(c, r); }));
}

void write_comparison_text(std::ostream& out, const Comparison& c) {
  out << "streamlab compare";
  for (const auto& [name, value] : c.flags.items()) {
    std::string flag = name;
    std::replace(flag.begin(), flag.end(), '_', '-');
    out << " --" << flag << ' ' << value.get<std::string>();
  }
  out << "\n\nengines:\n";
  for (const auto& name : c.shown) {
    const auto* r = run_of(c, name);
    if (r == nullptr) continue;
    out << fmt::format("  {:<{}}", name, kEngineColumn);
    if (r->status == "ok") {
      out << "ran";
    } else {
      out << r->status << ": " << r->reason;
    }
    if (!r->note.empty()) out << "; " << r->note;
    if (r->status == "ok" && !r->triggers_known) out << "; " << firing_rule(name, c.context);
    out << '\n';
  }
  const auto rows = rows_of(c);
  std::size_t differ = 0;
  for (const auto& row : rows) {
    const bool differs = row_differs(c, row);
    if (differs) ++differ;
    out << fmt::format("\nkey {}  window [{}, {})  {}\n", row.key.dump(), row.window_start, row.window_end,
                       differs ? "** ENGINES DIFFER **" : "same in every engine");
    for (const auto* run : shown_ok(c)) {
      const auto panes = panes_in(row, run->engine);
      if (panes.empty()) out << fmt::format("  {:<{}}(nothing)\n", run->engine, kEngineColumn);
      for (std::size_t i = 0; i < panes.size(); ++i) {
        const auto* p = panes[i];
        const std::string trigger = describe_trigger(p->trigger);
        out << fmt::format("  {:<{}}{} {} ({} event{}){}\n", i == 0 ? run->engine : "", kEngineColumn,
                           p->pane, p->value.dump(), p->count, p->count == 1 ? "" : "s",
                           trigger.empty() ? "" : " " + trigger);
      }
    }
    if (differs) {
      for (const auto& [engine, rule] : row_explanations(c, row)) {
        out << fmt::format("  why {}: [{}] {}\n      see {}\n", engine, rule.id, rule.text, rule.see);
      }
    }
  }
  const bool late_differ = late_differs(c);
  out << fmt::format("\nlate output (records dropped as too late)  {}\n",
                     late_differ ? "** ENGINES DIFFER **" : "same in every engine");
  for (const auto* run : shown_ok(c)) {
    if (run->late.empty()) out << fmt::format("  {:<{}}(none)\n", run->engine, kEngineColumn);
    for (std::size_t i = 0; i < run->late.size(); ++i) {
      out << fmt::format("  {:<{}}{}\n", i == 0 ? run->engine : "", kEngineColumn,
                         describe_late(run->late[i]));
    }
  }
  if (late_differ) {
    for (const auto& [engine, rule] : late_explanations(c)) {
      out << fmt::format("  why {}: [{}] {}\n      see {}\n", engine, rule.id, rule.text, rule.see);
    }
  }
  out << fmt::format("\n{} window{}, {} with differences; late output {}.\n", rows.size(),
                     rows.size() == 1 ? "" : "s", differ, late_differ ? "differs" : "the same");
  bool unknown = false;
  for (const auto* run : shown_ok(c)) unknown = unknown || !run->triggers_known;
  if (unknown) {
    out << "Peer runners report panes in emission order, not which arrival fired them (see each engine's "
           "line above).\n";
  }
}

nlohmann::ordered_json comparison_json(const Comparison& c) {
  OrderedJson j;
  j["flags"] = c.flags;
  j["engines"] = OrderedJson::array();
  for (const auto& name : c.shown) {
    const auto* r = run_of(c, name);
    if (r == nullptr) continue;
    OrderedJson e{{"engine", name}, {"status", r->status}};
    if (!r->reason.empty()) e["reason"] = r->reason;
    if (!r->note.empty()) e["note"] = r->note;
    e["triggers_known"] = r->triggers_known;
    if (!r->triggers_known) e["fires"] = firing_rule(name, c.context);
    j["engines"].push_back(std::move(e));
  }
  j["windows"] = OrderedJson::array();
  const auto rows = rows_of(c);
  std::size_t differ = 0;
  for (const auto& row : rows) {
    const bool differs = row_differs(c, row);
    if (differs) ++differ;
    OrderedJson w{{"key", row.key},
                  {"window_start", row.window_start},
                  {"window_end", row.window_end},
                  {"differ", differs},
                  {"panes", OrderedJson::object()}};
    for (const auto* run : shown_ok(c)) {
      w["panes"][run->engine] = OrderedJson::array();
      for (const auto* p : panes_in(row, run->engine)) w["panes"][run->engine].push_back(pane_json(*p));
    }
    w["differences"] = OrderedJson::array();
    if (differs) {
      for (const auto& [engine, rule] : row_explanations(c, row))
        w["differences"].push_back(rule_json(engine, rule));
    }
    j["windows"].push_back(std::move(w));
  }
  const bool late_differ = late_differs(c);
  OrderedJson late{
      {"differ", late_differ}, {"records", OrderedJson::object()}, {"differences", OrderedJson::array()}};
  for (const auto* run : shown_ok(c)) {
    late["records"][run->engine] = OrderedJson::array();
    for (const auto& r : run->late) late["records"][run->engine].push_back(late_json(r));
  }
  if (late_differ) {
    for (const auto& [engine, rule] : late_explanations(c))
      late["differences"].push_back(rule_json(engine, rule));
  }
  j["late"] = std::move(late);
  j["summary"] =
      OrderedJson{{"windows", rows.size()}, {"differing_windows", differ}, {"late_differ", late_differ}};
  return j;
}

}  // namespace streamlab::cli
