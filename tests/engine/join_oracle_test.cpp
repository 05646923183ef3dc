// Randomized check of `streamlab join`'s job (run_join_job): many seeded disordered two-sided
// streams, run through the job and through an independent oracle, a plain batch computation that
// applies the rules of docs/semantics.md ("Joins") directly: compute both sides' watermarks after
// every line, then for each record decide by brute force when it is late, when it is released or
// closed, and which records it pairs with. Rows must match in order; unmatched/late records as a
// set; the per-side accounting exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "streamlab/connectors/file/json_join_job.hpp"

namespace streamlab::test {
namespace {

constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::min();  // -infinity
constexpr std::int64_t kEnd = std::numeric_limits<std::int64_t>::max();   // +infinity

enum class Kind { Left, Right, Mark };

struct Line {
  Kind kind;
  int key;
  std::int64_t t;  // event time, or the mark
  int id;          // unique per record
};

// One row: key, time, left id, right id, right time (-1 / kNone when absent).
using RowT = std::tuple<int, std::int64_t, int, int, std::int64_t>;
// One record without a row: id, fate.
using DropT = std::tuple<int, std::string>;

struct Params {
  JoinMode mode;
  JoinType type;
  bool manual;
  std::int64_t delay;
  std::int64_t within;
  std::int64_t grace;
  std::optional<std::int64_t> history;
};

struct Outcome {
  std::vector<RowT> rows;
  std::vector<DropT> drops;
  JoinSideCounts left;
  JoinSideCounts right;
};

std::string describe(const Params& p) {
  std::ostringstream os;
  os << to_string(p.mode) << " " << to_string(p.type) << (p.manual ? " manual" : " bounded:") << p.delay
     << " within " << p.within << " grace " << p.grace << " history "
     << (p.history ? std::to_string(*p.history) : "all");
  return os.str();
}

std::vector<Line> generate(std::uint64_t seed, bool manual) {
  std::mt19937_64 rng(seed);
  const auto uniform = [&rng](std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
  };
  std::vector<Line> lines;
  const int n = static_cast<int>(uniform(20, 70));
  std::int64_t max_t = 1000;
  for (int i = 0; i < n; ++i) {
    const std::int64_t roll = uniform(0, 99);
    if (roll < 8 || (manual && roll < 16)) {
      lines.push_back({Kind::Mark, 0, max_t - uniform(0, 60), -1});
      continue;
    }
    const Kind kind = uniform(0, 1) == 0 ? Kind::Left : Kind::Right;
    // Times move forward about 10 per line, with disorder; the right side is often behind.
    std::int64_t t = 1000 + i * 10 + uniform(-50, 30) - (kind == Kind::Right ? uniform(0, 60) : 0);
    if (uniform(0, 9) == 0 && !lines.empty()) t = lines.back().t;  // ties
    max_t = std::max(max_t, t);
    lines.push_back({kind, static_cast<int>(uniform(0, 2)), t, i});
  }
  return lines;
}

std::string to_jsonl(const std::vector<Line>& lines) {
  std::string out;
  for (const Line& l : lines) {
    if (l.kind == Kind::Mark) {
      out += "{\"$watermark\":" + std::to_string(l.t) + "}\n";
      continue;
    }
    out += std::string("{\"$source\":\"") + (l.kind == Kind::Left ? "left" : "right") +
           "\",\"k\":" + std::to_string(l.key) + ",\"t\":" + std::to_string(l.t) +
           ",\"id\":" + std::to_string(l.id) + "}\n";
  }
  return out;
}

Outcome run_job(const std::vector<Line>& lines, const Params& p) {
  JoinJobOptions o;
  o.input_name = "random.jsonl";
  o.time_field = "t";
  o.key_field = "k";
  o.mode = p.mode;
  o.type = p.type;
  if (p.mode == JoinMode::Window) o.within = Duration{p.within};
  if (p.mode != JoinMode::AsOfArrival && p.grace >= 0) o.grace = Duration{p.grace};  // -1: no --grace
  if (p.mode == JoinMode::Temporal && p.history) o.history = Duration{*p.history};
  o.watermark = p.manual ? WatermarkStrategy::manual() : WatermarkStrategy::bounded(Duration{p.delay});
  std::istringstream in(to_jsonl(lines));
  std::ostringstream rows;
  std::ostringstream unmatched;
  std::ostringstream dead;
  const JoinJobSummary s = run_join_job(in, o, JoinJobOutputs{&rows, &unmatched, &dead, nullptr});
  EXPECT_EQ(dead.str(), "");
  Outcome out;
  std::istringstream rs(rows.str());
  for (std::string line; std::getline(rs, line);) {
    const auto j = nlohmann::json::parse(line);
    const auto ms = [](const nlohmann::json& v) {
      return v.is_null() ? kNone : to_millis(parse_timestamp(v.get<std::string>()));
    };
    out.rows.emplace_back(j.at("key").get<int>(), ms(j.at("time")),
                          j.at("left").is_null() ? -1 : j.at("left").at("id").get<int>(),
                          j.at("right").is_null() ? -1 : j.at("right").at("id").get<int>(),
                          ms(j.at("right_time")));
  }
  std::istringstream us(unmatched.str());
  for (std::string line; std::getline(us, line);) {
    const auto j = nlohmann::json::parse(line);
    out.drops.emplace_back(j.at("id").get<int>(), j.at("$unmatched").at("fate").get<std::string>());
  }
  std::sort(out.drops.begin(), out.drops.end());
  out.left = s.left;
  out.right = s.right;
  return out;
}

// ------------------------------------------------------------------ the oracle

struct Watermarks {
  std::vector<std::int64_t> left;   // after line i
  std::vector<std::int64_t> right;  // after line i
  std::vector<std::int64_t> left_max;
};

Watermarks watermarks(const std::vector<Line>& lines, const Params& p) {
  Watermarks w;
  std::int64_t wl = kNone;
  std::int64_t wr = kNone;
  std::int64_t left_max = kNone;
  for (const Line& l : lines) {
    if (l.kind == Kind::Mark) {
      wl = std::max(wl, l.t);
      wr = std::max(wr, l.t);
    } else if (l.kind == Kind::Left) {
      left_max = std::max(left_max, l.t);
      if (!p.manual) wl = std::max(wl, l.t - p.delay);
    } else if (!p.manual) {
      wr = std::max(wr, l.t - p.delay);
    }
    w.left.push_back(wl);
    w.right.push_back(wr);
    w.left_max.push_back(left_max);
  }
  return w;
}

std::int64_t before(const std::vector<std::int64_t>& after, std::size_t i) {
  return i == 0 ? kNone : after[i - 1];
}

Outcome oracle_arrival(const std::vector<Line>& lines, const Params& p) {
  Outcome out;
  std::vector<bool> used(lines.size(), false);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].kind != Kind::Left) continue;
    ++out.left.read;
    std::optional<std::size_t> row;
    for (std::size_t k = 0; k < i; ++k) {
      if (lines[k].kind == Kind::Right && lines[k].key == lines[i].key) row = k;
    }
    if (row) {
      used[*row] = true;
      ++out.left.joined;
      out.rows.emplace_back(lines[i].key, lines[i].t, lines[i].id, lines[*row].id, lines[*row].t);
    } else {
      ++out.left.unmatched;
      if (p.type == JoinType::Left) {
        out.rows.emplace_back(lines[i].key, lines[i].t, lines[i].id, -1, kNone);
      } else {
        out.drops.emplace_back(lines[i].id, "unmatched");
      }
    }
  }
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if (lines[k].kind != Kind::Right) continue;
    ++out.right.read;
    if (used[k]) {
      ++out.right.joined;
    } else {
      ++out.right.unmatched;
      out.drops.emplace_back(lines[k].id, "unmatched");
    }
  }
  return out;
}

Outcome oracle_temporal(const std::vector<Line>& lines, const Params& p) {
  const Watermarks w = watermarks(lines, p);
  const std::size_t n = lines.size();
  const auto horizon_before = [&](std::size_t i) -> std::optional<std::int64_t> {
    const std::int64_t wr = before(w.right, i);
    if (!p.history || wr == kNone) return std::nullopt;
    return wr - *p.history;
  };
  std::vector<bool> late(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    if (lines[i].kind == Kind::Mark) continue;
    const auto h = horizon_before(i);
    late[i] = h && lines[i].t < *h;
  }
  // Release index of each on-time left record: the first line after which W_R > t or t <= S - G.
  std::vector<std::size_t> release(n, n);
  for (std::size_t i = 0; i < n; ++i) {
    if (lines[i].kind != Kind::Left || late[i]) continue;
    for (std::size_t j = i; j < n; ++j) {
      if (w.right[j] > lines[i].t || (p.grace >= 0 && lines[i].t <= w.left_max[j] - p.grace)) {
        release[i] = j;
        break;
      }
    }
  }
  Outcome out;
  std::vector<bool> used(n, false);
  for (std::size_t j = 0; j <= n; ++j) {  // j == n: the end of input
    std::vector<std::size_t> now;
    for (std::size_t i = 0; i < n; ++i) {
      if (lines[i].kind == Kind::Left && !late[i] && release[i] == j) now.push_back(i);
    }
    std::sort(now.begin(), now.end(), [&](std::size_t a, std::size_t b) {
      return std::tie(lines[a].t, a) < std::tie(lines[b].t, b);
    });
    for (const std::size_t i : now) {
      std::optional<std::size_t> version;
      for (std::size_t k = 0; k < n && k <= j; ++k) {
        if (lines[k].kind != Kind::Right || late[k] || lines[k].key != lines[i].key ||
            lines[k].t > lines[i].t)
          continue;
        if (!version || lines[k].t >= lines[*version].t) version = k;
      }
      if (version) {
        used[*version] = true;
        out.rows.emplace_back(lines[i].key, lines[i].t, lines[i].id, lines[*version].id, lines[*version].t);
        ++out.left.joined;
      } else {
        ++out.left.unmatched;
        if (p.type == JoinType::Left) {
          out.rows.emplace_back(lines[i].key, lines[i].t, lines[i].id, -1, kNone);
        } else {
          out.drops.emplace_back(lines[i].id, "unmatched");
        }
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (lines[i].kind == Kind::Mark) continue;
    JoinSideCounts& c = lines[i].kind == Kind::Left ? out.left : out.right;
    ++c.read;
    if (late[i]) {
      ++c.late;
      out.drops.emplace_back(lines[i].id, "late");
    } else if (lines[i].kind == Kind::Right) {
      if (used[i]) {
        ++c.joined;
      } else {
        ++c.unmatched;
        out.drops.emplace_back(lines[i].id, "unmatched");
      }
    }
  }
  return out;
}

Outcome oracle_window(const std::vector<Line>& lines, const Params& p) {
  const Watermarks w = watermarks(lines, p);
  const std::size_t n = lines.size();
  const std::int64_t grace = std::max<std::int64_t>(p.grace, 0);  // no --grace: 0
  std::vector<std::int64_t> join(n);
  for (std::size_t i = 0; i < n; ++i) join[i] = std::min(w.left[i], w.right[i]);
  std::vector<bool> late(n, false);
  std::vector<std::size_t> close(n, n);
  for (std::size_t i = 0; i < n; ++i) {
    if (lines[i].kind == Kind::Mark) continue;
    late[i] = before(join, i) > lines[i].t + grace;
    for (std::size_t j = i; j < n; ++j) {
      if (join[j] > lines[i].t + p.within + grace) {
        close[i] = j;
        break;
      }
    }
  }
  const auto record = [&](std::size_t i) { return lines[i].kind != Kind::Mark && !late[i]; };
  Outcome out;
  std::vector<bool> matched(n, false);
  const auto closing = [&](std::size_t j) {
    std::vector<std::size_t> now;
    for (std::size_t i = 0; i < n; ++i) {
      if (record(i) && close[i] == j) now.push_back(i);
    }
    std::sort(now.begin(), now.end(), [&](std::size_t a, std::size_t b) {
      return std::tie(lines[a].t, a) < std::tie(lines[b].t, b);
    });
    for (const std::size_t i : now) {
      if (matched[i]) continue;
      const bool left = lines[i].kind == Kind::Left;
      const bool emit = left ? p.type != JoinType::Inner : p.type == JoinType::Outer;
      if (!emit) {
        out.drops.emplace_back(lines[i].id, "unmatched");
      } else if (left) {
        out.rows.emplace_back(lines[i].key, lines[i].t, lines[i].id, -1, kNone);
      } else {
        out.rows.emplace_back(lines[i].key, lines[i].t, -1, lines[i].id, lines[i].t);
      }
    }
  };
  for (std::size_t j = 0; j < n; ++j) {
    if (record(j)) {
      for (std::size_t i = 0; i < j; ++i) {
        if (!record(i) || lines[i].kind == lines[j].kind || lines[i].key != lines[j].key) continue;
        if (std::llabs(lines[i].t - lines[j].t) > p.within || close[i] < j) continue;
        matched[i] = matched[j] = true;
        const std::size_t l = lines[i].kind == Kind::Left ? i : j;
        const std::size_t r = l == i ? j : i;
        out.rows.emplace_back(lines[l].key, std::max(lines[l].t, lines[r].t), lines[l].id, lines[r].id,
                              lines[r].t);
      }
    }
    closing(j);
  }
  closing(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (lines[i].kind == Kind::Mark) continue;
    JoinSideCounts& c = lines[i].kind == Kind::Left ? out.left : out.right;
    ++c.read;
    if (late[i]) {
      ++c.late;
      out.drops.emplace_back(lines[i].id, "late");
    } else if (matched[i]) {
      ++c.joined;
    } else {
      ++c.unmatched;
    }
  }
  return out;
}

Outcome oracle(const std::vector<Line>& lines, const Params& p) {
  Outcome out;
  switch (p.mode) {
    case JoinMode::AsOfArrival: out = oracle_arrival(lines, p); break;
    case JoinMode::Temporal: out = oracle_temporal(lines, p); break;
    case JoinMode::Window: out = oracle_window(lines, p); break;
  }
  std::sort(out.drops.begin(), out.drops.end());
  return out;
}

void check(JoinMode mode, JoinType type, std::uint64_t seeds) {
  std::mt19937_64 pick(static_cast<std::uint64_t>(mode) * 1000 + static_cast<std::uint64_t>(type));
  JoinSideCounts total;  // both sides: the streams must exercise every fate
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    Params p{mode,
             type,
             pick() % 4 == 0,
             static_cast<std::int64_t>(pick() % 4) * 20,
             static_cast<std::int64_t>(pick() % 4) * 15,
             static_cast<std::int64_t>(pick() % 4) * 25,
             std::nullopt};
    if (const auto h = pick() % 4; h != 0) p.history = static_cast<std::int64_t>(h - 1) * 40;
    if (pick() % 5 == 0) p.grace = -1;  // no --grace
    const std::vector<Line> lines = generate(seed * 7919 + static_cast<std::uint64_t>(mode), p.manual);
    const Outcome expected = oracle(lines, p);
    const Outcome actual = run_job(lines, p);
    SCOPED_TRACE("seed " + std::to_string(seed) + ", " + describe(p) + "\n" + to_jsonl(lines));
    ASSERT_EQ(actual.rows, expected.rows);
    ASSERT_EQ(actual.drops, expected.drops);
    ASSERT_EQ(actual.left, expected.left);
    ASSERT_EQ(actual.right, expected.right);
    EXPECT_EQ(actual.left.pending(), 0);
    EXPECT_EQ(actual.right.pending(), 0);
    for (const JoinSideCounts& c : {actual.left, actual.right}) {
      total.joined += c.joined;
      total.unmatched += c.unmatched;
      total.late += c.late;
    }
  }
  EXPECT_GT(total.joined, 0);
  EXPECT_GT(total.unmatched, 0);
  if (mode != JoinMode::AsOfArrival) {
    EXPECT_GT(total.late, 0) << "no stream exercised lateness";
  }
}

constexpr std::uint64_t kSeeds = 300;

TEST(JoinOracle, AsOfArrivalInner) { check(JoinMode::AsOfArrival, JoinType::Inner, kSeeds); }
TEST(JoinOracle, AsOfArrivalLeft) { check(JoinMode::AsOfArrival, JoinType::Left, kSeeds); }
TEST(JoinOracle, TemporalInner) { check(JoinMode::Temporal, JoinType::Inner, kSeeds); }
TEST(JoinOracle, TemporalLeft) { check(JoinMode::Temporal, JoinType::Left, kSeeds); }
TEST(JoinOracle, WindowInner) { check(JoinMode::Window, JoinType::Inner, kSeeds); }
TEST(JoinOracle, WindowLeft) { check(JoinMode::Window, JoinType::Left, kSeeds); }
TEST(JoinOracle, WindowOuter) { check(JoinMode::Window, JoinType::Outer, kSeeds); }

}  // namespace
}  // namespace streamlab::test
