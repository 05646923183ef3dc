// The window operator against a hand-written loop doing the same tumbling count and sum on an
// in-order stream, plus the JSONL windowing job (its topology on the Runtime) against a hand-written
// simdjson loop doing the same job, and the parser choice (simdjson vs nlohmann).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "streamlab/connectors/file/json_window_job.hpp"
#include "streamlab/engine/window_operator.hpp"

namespace {

using streamlab::Duration;
using streamlab::from_millis;

struct Event {
  std::int64_t key;
  std::int64_t t;
  std::int64_t value;
};

struct CountSum {
  std::int64_t count{0};
  std::int64_t sum{0};
};

constexpr std::int64_t kWindowMs = 1000;

// An in-order stream: one event every 10 ms over `keys` keys, so 100 events per window.
std::vector<Event> in_order_stream(std::size_t n, std::int64_t keys) {
  std::vector<Event> events;
  events.reserve(n);
  std::uint64_t x = 88172645463325252ULL;  // xorshift: a fixed, cheap key sequence
  for (std::size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    events.push_back({static_cast<std::int64_t>(x % static_cast<std::uint64_t>(keys)),
                      static_cast<std::int64_t>(i) * 10, static_cast<std::int64_t>(i % 100)});
  }
  return events;
}

// Both sides fold every pane (window start, key, count, sum) and the number of dropped late
// records into a checksum; the counters `checksum` and `late` of one pass must be equal on both.
void BM_WindowOperatorTumblingCountSum(benchmark::State& state) {
  const auto events = in_order_stream(1 << 16, state.range(0));
  std::int64_t checksum = 0;
  std::int64_t late = 0;
  for (auto _ : state) {
    checksum = 0;
    streamlab::WindowOperatorConfig config;
    config.window = streamlab::WindowSpec::tumbling(Duration{kWindowMs});
    streamlab::Aggregate<std::int64_t, CountSum> aggregate{[] { return CountSum{}; },
                                                           [](CountSum& acc, const std::int64_t& v) {
                                                             ++acc.count;
                                                             acc.sum += v;
                                                           },
                                                           [](CountSum& acc, const CountSum& o) {
                                                             acc.count += o.count;
                                                             acc.sum += o.sum;
                                                           }};
    streamlab::WindowOperator<std::int64_t, std::int64_t, CountSum> op(
        config, aggregate, [&checksum](const streamlab::WindowResult<std::int64_t, CountSum>& r) {
          checksum += streamlab::to_millis(r.window.start) + r.value.count + r.value.sum + r.key;
        });
    for (const Event& e : events) op.process(e.key, e.value, from_millis(e.t));
    op.end_of_input();
    late = static_cast<std::int64_t>(op.counters().dropped_late);
    checksum += late;
  }
  benchmark::DoNotOptimize(checksum);
  state.counters["checksum"] = static_cast<double>(checksum);
  state.counters["late"] = static_cast<double>(late);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.size()));
}
BENCHMARK(BM_WindowOperatorTumblingCountSum)->Arg(16)->Arg(1024);

// The same job by hand: the delay is zero, so a window closes when the first event of a later
// window arrives and its keys are emitted in key order; an event of an already closed window is
// late and dropped (the operator's lateness check; none occur in this in-order stream).
void BM_HandLoopTumblingCountSum(benchmark::State& state) {
  const auto events = in_order_stream(1 << 16, state.range(0));
  std::int64_t checksum = 0;
  std::int64_t late = 0;
  for (auto _ : state) {
    checksum = 0;
    late = 0;
    std::unordered_map<std::int64_t, CountSum> open;
    std::vector<std::int64_t> keys;
    std::int64_t current = INT64_MIN;
    const auto flush = [&] {
      keys.clear();
      for (const auto& [k, acc] : open) keys.push_back(k);
      std::sort(keys.begin(), keys.end());
      for (std::int64_t k : keys) {
        const CountSum& acc = open[k];
        checksum += current + acc.count + acc.sum + k;
      }
      open.clear();
    };
    for (const Event& e : events) {
      const std::int64_t start = e.t - ((e.t % kWindowMs) + kWindowMs) % kWindowMs;
      if (start != current) {
        if (start < current) {
          ++late;
          continue;
        }
        flush();
        current = start;
      }
      CountSum& acc = open[e.key];
      ++acc.count;
      acc.sum += e.value;
    }
    flush();
    checksum += late;
  }
  benchmark::DoNotOptimize(checksum);
  state.counters["checksum"] = static_cast<double>(checksum);
  state.counters["late"] = static_cast<double>(late);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.size()));
}
BENCHMARK(BM_HandLoopTumblingCountSum)->Arg(16)->Arg(1024);

std::string jsonl_stream(std::size_t n) {
  std::string text;
  for (const Event& e : in_order_stream(n, 64)) {
    text += "{\"ts\":" + std::to_string(e.t) + ",\"user\":\"u" + std::to_string(e.key) +
            "\",\"amount\":" + std::to_string(e.value) + ",\"note\":\"some padding text\"}\n";
  }
  return text;
}

// Both JSONL benchmarks write the same pane lines; the checksum is the number of lines plus the
// bytes written, so the counter `checksum` of the two must be equal.
std::int64_t output_checksum(const std::string& out) {
  return static_cast<std::int64_t>(std::count(out.begin(), out.end(), '\n') + out.size());
}

void BM_JsonlWindowJobSumByKey(benchmark::State& state) {
  const std::string text = jsonl_stream(1 << 15);
  streamlab::WindowJobOptions options;
  options.time_field = "ts";
  options.key_field = "user";
  options.aggregation = streamlab::parse_aggregation("sum:amount");
  options.config.window = streamlab::WindowSpec::tumbling(Duration{kWindowMs});
  std::int64_t checksum = 0;
  for (auto _ : state) {
    std::istringstream in(text);
    std::ostringstream out;
    streamlab::WindowJobOutputs outputs;
    outputs.results = &out;
    const auto accounting = streamlab::run_window_job(in, options, outputs);
    benchmark::DoNotOptimize(accounting.results_out);
    checksum = output_checksum(out.str());
  }
  state.counters["checksum"] = static_cast<double>(checksum);
  state.SetItemsProcessed(state.iterations() * (1 << 15));
}
BENCHMARK(BM_JsonlWindowJobSumByKey);

// The same job by hand: read lines, parse with simdjson, sum `amount` per `user` in tumbling
// windows with a zero-delay watermark (the stream is in order, so a window closes when the first
// event of a later one arrives) and write each closed window's panes in key order.
void BM_HandLoopJsonlSumByKey(benchmark::State& state) {
  const std::string text = jsonl_stream(1 << 15);
  std::int64_t checksum = 0;
  for (auto _ : state) {
    std::istringstream in(text);
    std::ostringstream out;
    simdjson::dom::parser parser;
    std::unordered_map<std::string, CountSum> open;
    std::vector<const std::pair<const std::string, CountSum>*> order;
    std::int64_t current = INT64_MIN;
    const auto flush = [&] {
      order.clear();
      for (const auto& e : open) order.push_back(&e);
      std::sort(order.begin(), order.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
      const std::string start = streamlab::format_timestamp(from_millis(current));
      const std::string end = streamlab::format_timestamp(from_millis(current + kWindowMs));
      for (const auto* e : order) {
        out << "{\"key\":\"" << e->first << "\",\"window_start\":\"" << start << "\",\"window_end\":\"" << end
            << "\",\"value\":" << e->second.sum << ",\"count\":" << e->second.count
            << ",\"pane\":\"ON_TIME\"}\n";
      }
      open.clear();
    };
    for (std::string line; std::getline(in, line);) {
      simdjson::dom::element doc;
      if (parser.parse(line).get(doc)) continue;
      const std::int64_t t = doc["ts"].get_int64().value();
      const std::int64_t start = t - ((t % kWindowMs) + kWindowMs) % kWindowMs;
      if (start != current) {
        if (current != INT64_MIN) flush();
        current = start;
      }
      CountSum& acc = open[std::string(doc["user"].get_string().value())];
      ++acc.count;
      acc.sum += doc["amount"].get_int64().value();
    }
    flush();
    checksum = output_checksum(out.str());
  }
  state.counters["checksum"] = static_cast<double>(checksum);
  state.SetItemsProcessed(state.iterations() * (1 << 15));
}
BENCHMARK(BM_HandLoopJsonlSumByKey);

// Parsing alone: the three fields the job reads, with simdjson's DOM parser (the job's choice).
void BM_ParseLineSimdjson(benchmark::State& state) {
  const std::string text = jsonl_stream(1 << 14);
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  simdjson::dom::parser parser;
  std::int64_t checksum = 0;
  for (auto _ : state) {
    for (const std::string& line : lines) {
      simdjson::dom::element doc;
      if (parser.parse(line).get(doc)) continue;
      checksum += doc["ts"].get_int64().value() + doc["amount"].get_int64().value() +
                  static_cast<std::int64_t>(doc["user"].get_string().value().size());
    }
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(lines.size()));
}
BENCHMARK(BM_ParseLineSimdjson);

// The same with nlohmann_json, the alternative the job does not use for input.
void BM_ParseLineNlohmann(benchmark::State& state) {
  const std::string text = jsonl_stream(1 << 14);
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::int64_t checksum = 0;
  for (auto _ : state) {
    for (const std::string& line : lines) {
      const auto doc = nlohmann::json::parse(line, nullptr, false);
      if (doc.is_discarded()) continue;
      checksum += doc["ts"].get<std::int64_t>() + doc["amount"].get<std::int64_t>() +
                  static_cast<std::int64_t>(doc["user"].get_ref<const std::string&>().size());
    }
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(lines.size()));
}
BENCHMARK(BM_ParseLineNlohmann);

}  // namespace
