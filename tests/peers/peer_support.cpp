#include "peer_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <unistd.h>
#include <cctype>
#include <cstdio>
#include <stdexcept>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <tuple>
#include <utility>

namespace streamlab::peers {
namespace {

namespace fs = std::filesystem;

/// Dataset lines each case reads: enough for late events, sessions and merges, small enough
/// that the whole label runs in minutes.
constexpr std::size_t kDatasetLines = 300;

/// How a dataset is keyed and aggregated in the matrix (a dataset not listed: one null key, count).
struct DatasetFlags {
  const char* key_field;
  const char* agg;
};

const std::map<std::string, DatasetFlags>& dataset_flags() {
  static const std::map<std::string, DatasetFlags> flags = {
      {"alice-lines", {nullptr, "count"}}, {"clicks", {"user", "count"}},
      {"metrics", {"host", "max:cpu"}},    {"orders", {"user", "sum:amount"}},
      {"profiles", {"tier", "count"}},     {"sales", {"category", "sum:amount"}},
  };
  return flags;
}

/// The window kinds of the matrix, by the short name used in case ids.
const std::vector<std::pair<std::string, std::string>>& matrix_windows() {
  static const std::vector<std::pair<std::string, std::string>> windows = {
      {"tumbling", "tumbling:1m"},
      {"hopping", "hopping:2m,30s"},
      {"hopping-uneven", "hopping:1m,7s"},  // an advance that does not divide the size
      {"session", "session:1m"}};
  return windows;
}

std::string quote_arg(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

/// Runs a shell command; returns its exit status (-1 when it did not exit).
int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<fs::path> sorted_files(const fs::path& dir, const std::string& ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ext) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

fs::path inputs_dir() { return work_dir() / "inputs"; }

fs::path matrix_input(const std::string& dataset, const std::string& scenario) {
  return inputs_dir() / (dataset + "." + scenario + ".jsonl");
}

std::string scenario_delay(const fs::path& scenario_file) {
  std::ifstream in(scenario_file);
  const auto j = nlohmann::json::parse(in);
  return j.value("watermark_delay", std::string("0s"));
}

bool scenario_has_late_events(const fs::path& scenario_file) {
  std::ifstream in(scenario_file);
  return nlohmann::json::parse(in).contains("late");
}

/// The hand-worked inputs: name -> JSONL text.
const std::map<std::string, std::string>& hand_inputs() {
  static const std::map<std::string, std::string> inputs = {
      // A watermark line, a late record, an on-time one behind the watermark.
      {"late",
       "{\"k\":\"a\",\"v\":1,\"t\":\"2025-06-22T10:00:01Z\"}\n"
       "{\"k\":\"a\",\"v\":2,\"t\":\"2025-06-22T10:00:09.5Z\"}\n"
       "{\"k\":\"b\",\"v\":3,\"t\":\"2025-06-22T10:00:12Z\"}\n"
       "{\"k\":\"a\",\"v\":4,\"t\":\"2025-06-22T10:00:05Z\"}\n"
       "{\"$watermark\":\"2025-06-22T10:00:30Z\"}\n"
       "{\"k\":\"a\",\"v\":5,\"t\":\"2025-06-22T10:00:25Z\"}\n"
       "{\"k\":\"a\",\"v\":6,\"t\":\"2025-06-22T10:00:41Z\"}\n"},
      // Near the epoch: hopping windows that start before it.
      {"epoch", "{\"k\":\"a\",\"v\":1,\"t\":1000}\n{\"k\":\"a\",\"v\":2,\"t\":7000}\n"},
      // Allowed lateness: one late record accepted, one dropped after the window expired.
      {"lateness",
       "{\"k\":\"a\",\"v\":1,\"t\":\"2025-06-22T10:00:01Z\"}\n"
       "{\"k\":\"a\",\"v\":2,\"t\":\"2025-06-22T10:00:12Z\"}\n"
       "{\"k\":\"a\",\"v\":4,\"t\":\"2025-06-22T10:00:05Z\"}\n"
       "{\"k\":\"a\",\"v\":8,\"t\":\"2025-06-22T10:00:25Z\"}\n"
       "{\"k\":\"a\",\"v\":16,\"t\":\"2025-06-22T10:00:03Z\"}\n"},
  };
  return inputs;
}

PeerCase hand_case(const std::string& name, const std::string& input, nlohmann::json flags) {
  flags["time_field"] = "t";
  flags["key_field"] = "k";
  if (!flags.contains("agg")) flags["agg"] = "sum:v";
  return {"hand." + name, "hand", name, inputs_dir() / ("hand." + input + ".jsonl"), std::move(flags)};
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The (key, window) a pane belongs to, as a comparable string.
std::string window_id(const Pane& p) {
  return p.key.dump() + " [" + p.window_start + ", " + p.window_end + ")";
}

bool same_value(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.is_number_integer() != b.is_number_integer()) return false;
  if (a.is_number_integer()) return a.get<std::int64_t>() == b.get<std::int64_t>();
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  return a == b;
}

std::string differing_fields(const Pane& a, const Pane& b) {
  std::string out;
  auto add = [&out](const char* f) { out += out.empty() ? f : std::string(", ") + f; };
  if (!same_value(a.value, b.value)) add("value");
  if (a.count != b.count) add("count");
  if (a.pane != b.pane) add("pane");
  return out;
}

}  // namespace

fs::path source_dir() { return STREAMLAB_SOURCE_DIR; }

fs::path cli_binary() { return STREAMLAB_CLI_BINARY; }

fs::path work_dir() { return fs::path(STREAMLAB_BINARY_DIR) / "peers-work"; }

std::vector<PeerCase> hand_cases() {
  return {
      hand_case("late-tumbling", "late",
                {{"window", "tumbling:10s"}, {"watermark", "bounded:5s"}, {"emit", "final"}}),
      hand_case("late-tumbling-update", "late",
                {{"window", "tumbling:10s"}, {"watermark", "bounded:5s"}, {"emit", "update"}}),
      hand_case("session-boundary", "late",
                {{"window", "session:5s"}, {"watermark", "bounded:0s"}, {"emit", "update"}}),
      hand_case("lateness-final", "lateness",
                {{"window", "tumbling:10s"}, {"allowed_lateness", "10s"}, {"emit", "final"}}),
      hand_case("lateness-update", "lateness",
                {{"window", "tumbling:10s"}, {"allowed_lateness", "10s"}, {"emit", "update"}}),
      hand_case(
          "avg", "late",
          {{"window", "tumbling:10s"}, {"watermark", "bounded:5s"}, {"agg", "avg:v"}, {"emit", "final"}}),
      hand_case("hopping-epoch", "epoch", {{"window", "hopping:10s,5s"}, {"emit", "final"}}),
      hand_case("manual-watermark", "late",
                {{"window", "tumbling:10s"}, {"watermark", "manual"}, {"emit", "final"}}),
  };
}

std::vector<PeerCase> conformance_cases() {
  std::vector<PeerCase> out;
  const auto datasets = sorted_files(source_dir() / "datasets", ".jsonl");
  const auto scenarios = sorted_files(source_dir() / "datasets" / "scenarios", ".json");
  for (const auto& d : datasets) {
    const std::string dataset = d.stem().string();
    const auto known = dataset_flags().find(dataset);
    const DatasetFlags df = known == dataset_flags().end() ? DatasetFlags{nullptr, "count"} : known->second;
    for (const auto& s : scenarios) {
      const std::string scenario = s.stem().string();
      nlohmann::json base = {{"agg", df.agg},
                             {"watermark", "bounded:" + scenario_delay(s)},
                             {"allowed_lateness", "0s"},
                             {"time_field", "time"}};
      if (df.key_field != nullptr) base["key_field"] = df.key_field;
      std::vector<std::pair<std::string, std::string>> variants = {{"final", "0s"}, {"update", "0s"}};
      if (scenario_has_late_events(s)) {
        variants.emplace_back("final", "1m");
        variants.emplace_back("update", "1m");
      }
      for (const auto& [kind, spec] : matrix_windows()) {
        for (const auto& [emit, lateness] : variants) {
          nlohmann::json flags = base;
          flags["window"] = spec;
          flags["emit"] = emit;
          flags["allowed_lateness"] = lateness;
          std::string id = dataset + "." + scenario + "." + kind + "." + emit;
          if (lateness != "0s") id += ".lateness-" + lateness;
          out.push_back({id, dataset, scenario, matrix_input(dataset, scenario), flags});
        }
        if (kind == "tumbling") {
          nlohmann::json flags = base;
          flags["window"] = spec;
          flags["emit"] = "complete";
          out.push_back({dataset + "." + scenario + ".tumbling.complete", dataset, scenario,
                         matrix_input(dataset, scenario), flags});
          // Processing time: the scenario's $advance lines drive the virtual clock.
          for (const char* emit : {"final", "update"}) {
            flags["emit"] = emit;
            flags["time_domain"] = "processing";
            out.push_back({dataset + "." + scenario + ".tumbling." + emit + ".processing", dataset, scenario,
                           matrix_input(dataset, scenario), flags});
          }
        }
      }
    }
  }
  for (auto& h : hand_cases()) out.push_back(std::move(h));
  return out;
}

bool prepare_inputs() {
  fs::create_directories(inputs_dir());
  for (const auto& [name, text] : hand_inputs())
    std::ofstream(inputs_dir() / ("hand." + name + ".jsonl")) << text;
  const auto scenarios = sorted_files(source_dir() / "datasets" / "scenarios", ".json");
  for (const auto& d : sorted_files(source_dir() / "datasets", ".jsonl")) {
    const std::string dataset = d.stem().string();
    const fs::path truncated = inputs_dir() / (dataset + ".head.jsonl");
    {
      std::ifstream in(d);
      std::ofstream out(truncated);
      std::string line;
      for (std::size_t n = 0; n < kDatasetLines && std::getline(in, line); ++n) out << line << '\n';
    }
    const auto known = dataset_flags().find(dataset);
    const char* key = known == dataset_flags().end() ? nullptr : known->second.key_field;
    for (const auto& s : scenarios) {
      std::string cmd = quote_arg(STREAMLAB_CLI_BINARY) + " scenario apply --dataset " +
                        quote_arg(truncated.string()) + " --scenario " + quote_arg(s.string()) +
                        " --time-field time --output " +
                        quote_arg(matrix_input(dataset, s.stem().string()).string());
      if (key != nullptr) cmd += std::string(" --key-field ") + key;
      if (shell(cmd) != 0) {
        std::cerr << "peers: failed: " << cmd << "\n";
        return false;
      }
    }
  }
  return true;
}

fs::path panes_path(const std::string& engine, const std::string& id) {
  return work_dir() / engine / (id + ".panes.jsonl");
}

fs::path late_path(const std::string& engine, const std::string& id) {
  return work_dir() / engine / (id + ".late.jsonl");
}

fs::path write_manifest(const std::string& engine, const std::vector<PeerCase>& cases) {
  fs::create_directories(work_dir() / engine);
  nlohmann::json m = nlohmann::json::array();
  for (const auto& c : cases) {
    m.push_back({{"id", c.id},
                 {"input", c.input.string()},
                 {"output", panes_path(engine, c.id).string()},
                 {"late", late_path(engine, c.id).string()},
                 {"flags", c.flags}});
  }
  const fs::path path = work_dir() / engine / "manifest.json";
  std::ofstream(path) << m.dump(1) << '\n';
  return path;
}

namespace {

/// Runs `peers.sh run` on a manifest whose outputs go to work_dir()/DIR; returns the exit status.
int run_manifest(const std::string& engine, const std::string& dir, const std::vector<PeerCase>& cases) {
  for (const auto& c : cases) {
    fs::remove(panes_path(dir, c.id));
    fs::remove(late_path(dir, c.id));
  }
  const fs::path manifest = write_manifest(dir, cases);
  const fs::path summary = work_dir() / dir / "summary.jsonl";
  fs::remove(summary);
  const std::string cmd = quote_arg((source_dir() / "peers" / "peers.sh").string()) + " run " +
                          quote_arg(engine) + " " + quote_arg(manifest.string()) + " " +
                          quote_arg(summary.string()) + " 2>" +
                          quote_arg((work_dir() / dir / "runner.log").string());
  const int status = shell(cmd);
  if (status != 0) {
    std::cerr << "peers: " << cmd << " exited " << status << "; last lines of its log:\n";
    shell("tail -n 30 " + quote_arg((work_dir() / dir / "runner.log").string()) + " >&2");
  }
  return status;
}

}  // namespace

int run_peer(const std::string& engine, const std::vector<PeerCase>& own_cases) {
  std::vector<PeerCase> cases = conformance_cases();
  cases.insert(cases.end(), own_cases.begin(), own_cases.end());
  return run_manifest(engine, engine, cases);
}

std::optional<std::string> rerun_differs(const std::string& engine, const std::string& dataset,
                                         const std::vector<PeerCase>& own_cases) {
  std::vector<PeerCase> cases;
  for (const auto& c : conformance_cases()) {
    if (c.dataset == dataset) cases.push_back(c);
  }
  for (const auto& c : own_cases) {
    if (c.dataset == dataset) cases.push_back(c);
  }
  const std::string dir = engine + ".rerun." + dataset;
  if (const int status = run_manifest(engine, dir, cases); status != 0) {
    return "the second run of " + engine + " exited " + std::to_string(status);
  }
  for (const auto& c : cases) {
    for (const auto& [a, b] : {std::pair{panes_path(engine, c.id), panes_path(dir, c.id)},
                               std::pair{late_path(engine, c.id), late_path(dir, c.id)}}) {
      if (fs::exists(a) != fs::exists(b) || read_file(a) != read_file(b)) {
        return c.id + ": " + b.string() + " differs from the first run's " + a.string();
      }
    }
  }
  return std::nullopt;
}

std::map<std::string, CaseStatus> read_summary(const std::string& engine) {
  std::map<std::string, CaseStatus> out;
  std::ifstream in(work_dir() / engine / "summary.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line);
    out[j.at("id").get<std::string>()] = {j.value("status", ""), j.value("reason", "")};
  }
  return out;
}

std::vector<Pane> read_panes(const fs::path& file) {
  std::vector<Pane> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line);
    out.push_back({j.at("key"), j.at("window_start").get<std::string>(),
                   j.at("window_end").get<std::string>(), j.at("value"), j.at("count").get<std::int64_t>(),
                   j.at("pane").get<std::string>()});
  }
  return out;
}

std::vector<nlohmann::json> read_late(const fs::path& file) {
  std::vector<nlohmann::json> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    j.erase("$late");
    out.push_back(std::move(j));
  }
  return out;
}

CaseOutput read_peer_output(const std::string& engine, const std::string& id) {
  return {read_panes(panes_path(engine, id)), read_late(late_path(engine, id))};
}

CaseOutput run_streamlab(const PeerCase& c) {
  // One folder per test process: the engines' tests run the same cases at the same time.
  const fs::path dir = work_dir() / ("streamlab." + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path panes = dir / (c.id + ".panes.jsonl");
  const fs::path late = dir / (c.id + ".late.jsonl");
  std::string cmd = quote_arg(STREAMLAB_CLI_BINARY) + " window --input " + quote_arg(c.input.string());
  for (const auto& [flag, value] : c.flags.items()) {
    std::string name = flag;
    std::replace(name.begin(), name.end(), '_', '-');
    cmd += " --" + name + " " + quote_arg(value.get<std::string>());
  }
  cmd += " --output " + quote_arg(panes.string()) + " --late-output " + quote_arg(late.string()) + " 2>" +
         quote_arg((dir / (c.id + ".log")).string());
  const int status = shell(cmd);
  EXPECT_EQ(status, 0) << c.id << ": " << cmd << "\n" << read_file(dir / (c.id + ".log"));
  return {read_panes(panes), read_late(late)};
}

std::string describe(const Pane& p) {
  return "{key " + p.key.dump() + ", window [" + p.window_start + ", " + p.window_end + "), value " +
         p.value.dump() + ", count " + std::to_string(p.count) + ", pane " + p.pane + "}";
}

std::optional<std::string> diff_panes(const std::vector<Pane>& expected, const std::vector<Pane>& actual,
                                      const std::string& expected_name, const std::string& actual_name) {
  std::map<std::string, std::vector<const Pane*>> a_by_window;
  for (const auto& p : actual) a_by_window[window_id(p)].push_back(&p);
  std::map<std::string, std::size_t> seen;
  for (const auto& e : expected) {
    const std::string w = window_id(e);
    const std::size_t i = seen[w]++;
    const auto it = a_by_window.find(w);
    if (it == a_by_window.end() || i >= it->second.size()) {
      return "window " + w + ": " + expected_name + " emitted pane #" + std::to_string(i + 1) + " " +
             describe(e) + ", " + actual_name + " " +
             (it == a_by_window.end() ? std::string("emitted nothing for that window")
                                      : "only " + std::to_string(it->second.size()) + " pane(s)");
    }
    const Pane& a = *it->second[i];
    const std::string fields = differing_fields(e, a);
    if (!fields.empty()) {
      return "window " + w + ", pane #" + std::to_string(i + 1) + ": " + fields +
             " differ: " + expected_name + " " + describe(e) + ", " + actual_name + " " + describe(a);
    }
  }
  for (const auto& a : actual) {
    const std::string w = window_id(a);
    if (seen[w]-- == 0) {
      return "window " + w + ": " + actual_name + " emitted " + describe(a) + ", which " + expected_name +
             " did not (extra pane)";
    }
  }
  return std::nullopt;
}

std::optional<std::string> diff_late(const std::vector<nlohmann::json>& expected,
                                     const std::vector<nlohmann::json>& actual) {
  const std::size_t n = std::min(expected.size(), actual.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (expected[i] != actual[i]) {
      return "late record #" + std::to_string(i + 1) + " differs: " + expected[i].dump() + " vs " +
             actual[i].dump();
    }
  }
  if (expected.size() != actual.size()) {
    const bool more = expected.size() > actual.size();
    return std::to_string(expected.size()) + " late records vs " + std::to_string(actual.size()) +
           "; first unmatched: " + (more ? expected[n] : actual[n]).dump();
  }
  return std::nullopt;
}

std::vector<Pane> last_pane_per_window(const std::vector<Pane>& panes, const std::string& pane) {
  std::map<std::string, std::size_t> last;
  for (std::size_t i = 0; i < panes.size(); ++i) last[window_id(panes[i])] = i;
  std::vector<Pane> out;
  for (std::size_t i = 0; i < panes.size(); ++i) {
    if (last[window_id(panes[i])] != i) continue;
    out.push_back(panes[i]);
    out.back().pane = pane;
  }
  return out;
}

std::int64_t iso_millis(const std::string& iso) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &sec) != 6) {
    throw std::runtime_error("not an ISO time: " + iso);
  }
  if (const auto dot = iso.find('.'); dot != std::string::npos) {
    // Up to three digits of a fraction: ".5" is 500 ms.
    int scale = 100;
    for (std::size_t i = dot + 1;
         i < iso.size() && scale > 0 && std::isdigit(static_cast<unsigned char>(iso[i])); ++i, scale /= 10)
      ms += (iso[i] - '0') * scale;
  }
  // Days from the civil date (Howard Hinnant's days_from_civil).
  y -= mo <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
  return ((days * 24 + h) * 60 + mi) * 60000 + sec * 1000 + ms;
}

Pane hand_pane(const char* key, const char* start, const char* end, nlohmann::json value, std::int64_t count,
               const char* pane) {
  const std::string day = "2025-06-22T10:00:";
  return {key, day + start + "Z", day + end + "Z", std::move(value), count, pane};
}

nlohmann::json hand_record(const char* key, int v, const char* t) {
  return {{"k", key}, {"v", v}, {"t", std::string("2025-06-22T10:00:") + t + "Z"}};
}

std::vector<Pane> drop_merged_sessions(const std::vector<Pane>& panes) {
  std::vector<Pane> out;
  for (std::size_t i = 0; i < panes.size(); ++i) {
    const std::int64_t s = iso_millis(panes[i].window_start);
    const std::int64_t e = iso_millis(panes[i].window_end);
    bool merged = false;
    for (std::size_t j = i + 1; j < panes.size() && !merged; ++j) {
      const std::int64_t s2 = iso_millis(panes[j].window_start);
      const std::int64_t e2 = iso_millis(panes[j].window_end);
      merged = panes[j].key == panes[i].key && s2 <= s && e <= e2 && (s2 != s || e2 != e);
    }
    if (!merged) out.push_back(panes[i]);
  }
  return out;
}

std::vector<std::string> matrix_datasets() {
  std::vector<std::string> out;
  for (const auto& c : conformance_cases()) {
    if (c.dataset != "hand" && (out.empty() || out.back() != c.dataset)) out.push_back(c.dataset);
  }
  return out;
}

std::string dataset_test_name(const std::string& dataset) {
  std::string name = dataset;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

void check_dataset(const std::string& engine, const std::string& dataset, const EngineRules& rules) {
  const auto summary = read_summary(engine);
  ASSERT_FALSE(summary.empty()) << engine << "'s runner wrote no summary (see "
                                << (work_dir() / engine / "runner.log").string() << ")";
  int compared = 0;
  for (const auto& c : conformance_cases()) {
    if (c.dataset != dataset) continue;
    const auto it = summary.find(c.id);
    if (it == summary.end()) {
      ADD_FAILURE() << c.id << ": missing from " << engine << "'s summary";
      continue;
    }
    if (const std::string word = rules.unsupported(c); !word.empty()) {
      EXPECT_EQ(it->second.status, "unsupported") << c.id;
      EXPECT_NE(it->second.reason.find(word), std::string::npos)
          << c.id << ": the reason should name '" << word << "': " << it->second.reason;
      continue;
    }
    if (it->second.status != "ok") {
      ADD_FAILURE() << c.id << ": " << engine << " says " << it->second.status << ": " << it->second.reason;
      continue;
    }
    const CaseOutput sl = run_streamlab(c);
    const CaseOutput peer = read_peer_output(engine, c.id);
    if (const auto d = diff_panes(rules.expected_panes(c, sl), peer.panes, "streamlab", engine)) {
      ADD_FAILURE() << c.id << ": " << *d;
    }
    if (const auto d = diff_late(sl.late, peer.late)) ADD_FAILURE() << c.id << ": " << *d;
    ++compared;
  }
  EXPECT_GT(compared, 0) << "no case of " << dataset << " ran";
}

const PeerCase& hand_case_by_id(const std::string& id) {
  static const std::vector<PeerCase> cases = hand_cases();
  for (const auto& c : cases) {
    if (c.id == id) return c;
  }
  throw std::runtime_error("no hand-worked case " + id);
}

int peer_test_main(int argc, char** argv, const OwnCases& own_cases) {
  if (argc >= 2 && std::string(argv[1]) == "--prepare-inputs") return prepare_inputs() ? 0 : 1;
  if (argc >= 3 && std::string(argv[1]) == "--run-peer") {
    return run_peer(argv[2], own_cases ? own_cases() : std::vector<PeerCase>{});
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

}  // namespace streamlab::peers
