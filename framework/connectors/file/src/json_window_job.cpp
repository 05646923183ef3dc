#include "streamlab/connectors/file/json_window_job.hpp"

#include <charconv>
#include <cstdint>
#include <istream>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "dead_letter_line.hpp"
#include "streamlab/connectors/file/jsonl_stream_source.hpp"
#include "streamlab/dsl/detail/window_aggregate_operator.hpp"
#include "streamlab/engine/json_key.hpp"
#include "streamlab/engine/json_record_codec.hpp"
#include "streamlab/engine/number_accumulator.hpp"
#include "streamlab/error.hpp"

namespace streamlab {

namespace {

using OrderedJson = nlohmann::ordered_json;
using namespace std::string_view_literals;

std::string dump_key(const JsonKey& key) {
  return key.dump(-1, ' ', false, JsonKey::error_handler_t::replace);
}

void append_integer(std::string& out, std::int64_t n) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

// Whether dump_key() writes the string `s` as it is between quotes: printable ASCII other than
// the quote and the backslash, the only bytes the serializer neither escapes nor checks as UTF-8.
bool verbatim_in_json(std::string_view s) {
  for (const char c : s) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
  }
  return true;
}

// Appends dump_key(key) to `out`, the common string and integer keys without the serializer.
void append_key(std::string& out, const JsonKey& key) {
  if (key.is_string()) {
    const auto& s = key.get_ref<const std::string&>();
    if (verbatim_in_json(s)) {
      out += '"';
      out += s;
      out += '"';
      return;
    }
  } else if (key.is_number_integer()) {
    if (key.is_number_unsigned()) {
      char buf[24];
      const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, key.get<std::uint64_t>());
      out.append(buf, end);
    } else {
      append_integer(out, key.get<std::int64_t>());
    }
    return;
  }
  out += dump_key(key);
}

nlohmann::json acc_to_json(const NumberAcc& a) {
  return {a.any,     a.all_int, a.int_overflow, a.int_sum,   a.double_sum,
          a.int_min, a.int_max, a.double_min,   a.double_max};
}

NumberAcc acc_from_json(const nlohmann::json& j) {
  return NumberAcc{j.at(0).get<bool>(),         j.at(1).get<bool>(),   j.at(2).get<bool>(),
                   j.at(3).get<std::int64_t>(), j.at(4).get<double>(), j.at(5).get<std::int64_t>(),
                   j.at(6).get<std::int64_t>(), j.at(7).get<double>(), j.at(8).get<double>()};
}

// The job's one operator: decodes each record with the codec, feeds the engine's window
// operator (which keeps its own copy of the job's watermark strategy, so it fires exactly as
// the topology's watermark moves), renders panes, and reports to the run's observer.
class JsonWindowOperator final : public detail::Operator {
 public:
  using Engine = WindowOperator<JsonKey, JsonNumber, NumberAcc, JsonKeyHash, JsonKeyLess, JsonKeyEqual>;

  JsonWindowOperator(const WindowJobOptions& options, std::string name)
      : name_(std::move(name)),
        kind_(options.aggregation.kind),
        processing_(options.config.time_domain == TimeDomain::Processing),
        codec_(JsonRecordSchema{processing_ ? std::string() : options.time_field, options.key_field,
                                options.aggregation},
               partition_field_of(options)),
        engine_(
            partitions_of(options), number_aggregate(kind_),
            [this](const Engine::Result& r) { on_result(r); },
            [this](const Engine::Late& l) { on_late(l); }) {}

  // The source binding: one input record.
  std::optional<Timestamp> handle(detail::RunContext& run, const ConsumedRecord& record) {
    bind(run);
    codec_.decode(record.record.value, line_);
    if (line_.kind == JsonLine::Kind::Bad) {
      run.dead_letter(line_.reason, line_.field);
      return std::nullopt;
    }
    if (line_.kind == JsonLine::Kind::Control) {
      run.dead_letter(
          "a control line where a record was expected (the source does not interpret control lines)");
      return std::nullopt;
    }
    raw_ = &record.record.value;
    current_key_ = &line_.key;
    const RecordFate fate =
        engine_.process(line_.key, line_.value, line_.time, static_cast<PartitionId>(line_.partition));
    current_key_ = nullptr;
    raw_ = nullptr;
    if (fate == RecordFate::AcceptedLate) run.count_late_accepted(1);
    if (fate != RecordFate::Dropped) run.mark_contributed();  // a dropped one was sent late
    note_watermark();
    if (processing_) return std::nullopt;
    return line_.time;
  }

  [[nodiscard]] std::string name() const override { return name_; }

  void on_watermark(detail::RunContext& run, Timestamp watermark) override {
    bind(run);
    if (watermark == kMaxTimestamp) {
      engine_.end_of_input();  // its watermark line follows the end of input (on_finished)
      return;
    }
    engine_.on_watermark(watermark);
    note_watermark();
  }

  void on_processing_time(detail::RunContext& run, Timestamp now) override {
    bind(run);
    engine_.advance_processing_time(now);
    note_watermark();
  }

  void on_finished(detail::RunContext& run) override {
    bind(run);
    note_watermark();
  }

  [[nodiscard]] nlohmann::json snapshot() const override {
    const auto s = engine_.snapshot();
    nlohmann::json windows = nlohmann::json::array();
    for (const auto& e : s.windows) {
      windows.push_back({{"key", e.key},
                         {"start", to_millis(e.window.start)},
                         {"end", to_millis(e.window.end)},
                         {"acc", acc_to_json(e.acc)},
                         {"count", e.count},
                         {"changed_since_pane", e.changed_since_pane},
                         {"changed_in_batch", e.changed_in_batch}});
    }
    return {{"windows", windows},
            {"tracker", detail::tracker_state_to_json(s.tracker)},
            {"watermark", to_millis(s.watermark)},
            {"processing_time", to_millis(s.processing_time)},
            {"ended", s.ended},
            {"counters", detail::counters_to_json(s.counters)},
            {"reported_watermark", to_millis(reported_watermark_)}};
  }

  void restore(const nlohmann::json& j) override {
    Engine::State s;
    for (const auto& w : j.at("windows")) {
      s.windows.push_back(Engine::State::Entry{w.at("key"),
                                               Window{from_millis(w.at("start").get<std::int64_t>()),
                                                      from_millis(w.at("end").get<std::int64_t>())},
                                               acc_from_json(w.at("acc")), w.at("count").get<std::int64_t>(),
                                               w.at("changed_since_pane").get<bool>(),
                                               w.at("changed_in_batch").get<bool>()});
    }
    s.tracker = detail::tracker_state_from_json(j.at("tracker"));
    s.watermark = from_millis(j.at("watermark").get<std::int64_t>());
    s.processing_time = from_millis(j.at("processing_time").get<std::int64_t>());
    s.ended = j.at("ended").get<bool>();
    s.counters = detail::counters_from_json(j.at("counters"));
    engine_.restore(s);
    reported_watermark_ = from_millis(j.at("reported_watermark").get<std::int64_t>());
  }

  [[nodiscard]] std::size_t windows_held() const override { return engine_.windows_in_state(); }

  [[nodiscard]] std::size_t windows_open() const override {
    const auto s = engine_.snapshot();
    std::size_t n = 0;
    for (const auto& e : s.windows) n += e.window.end > s.watermark ? 1 : 0;
    return n;
  }

 private:
  static std::optional<JsonPartitionField> partition_field_of(const WindowJobOptions& options) {
    if (!options.partition_field) return std::nullopt;
    return JsonPartitionField{*options.partition_field, static_cast<std::int32_t>(options.config.partitions)};
  }

  // The engine keeps one watermark per input partition, as the Runtime does, with the same
  // WatermarkTracker rule: one partition unless the records name theirs.
  static WindowOperatorConfig partitions_of(const WindowJobOptions& options) {
    WindowOperatorConfig config = options.config;
    if (!options.partition_field) config.partitions = 1;
    return config;
  }

  void bind(detail::RunContext& run) {
    run_ = &run;
    RunObserver* observer = run.observer();
    if (observer != observer_) {
      observer_ = observer;
      if (observer_ != nullptr) {
        engine_.set_trace_sink([this](const RecordTrace& t) { on_trace(t); });
      } else {
        engine_.set_trace_sink({});
      }
    }
  }

  std::int64_t line() const { return run_->origin().offset + 1; }

  void on_trace(const RecordTrace& t) {
    if (t.fate != RecordFate::Dropped) {
      observer_->record(line(), t, current_key_ ? dump_key(*current_key_) : "null", "");
    } else {
      pending_trace_ = t;
      trace_deferred_ = true;  // reported by on_late, with the reason
    }
  }

  void on_late(const Engine::Late& late) {
    if (observer_ != nullptr && trace_deferred_) {
      observer_->record(line(), pending_trace_, dump_key(late.key), late.reason);
      trace_deferred_ = false;
    }
    const detail::Origin& o = run_->origin();
    run_->send_late(LateOutputRecord{o.source, o.offset, late.timestamp, late.watermark, late.reason, name_,
                                     late.key, raw_ != nullptr ? nlohmann::json(*raw_) : nlohmann::json()});
  }

  void on_result(const Engine::Result& r) {
    note_watermark();
    const std::string value = render_number_value(kind_, r.value, r.count);
    const std::string& window = window_text(r.window);
    std::string out;
    out.reserve(64 + window.size() + value.size() +
                (r.key.is_string() ? r.key.get_ref<const std::string&>().size() + 2 : 24));
    out += "{\"key\":"sv;
    const std::size_t key_at = out.size();
    append_key(out, r.key);
    const std::size_t key_end = out.size();
    out += window;
    out += value;
    out += ",\"count\":"sv;
    append_integer(out, r.count);
    out += ",\"pane\":\""sv;
    out += to_string(r.pane);
    out += "\"}"sv;
    const Timestamp at = r.window.end - Duration{1};
    if (observer_ == nullptr) {
      run_->emit(results_topic_, Record{std::nullopt, std::move(out), at, {}}, true);
      return;
    }
    std::string key = out.substr(key_at, key_end - key_at);
    run_->emit(results_topic_, Record{std::nullopt, out, at, {}}, true);
    observer_->pane(PaneTrace{out, r.pane, r.window, std::move(key), value, r.count});
  }

  // The part of a pane line from after the key up to the value, which depends on the window
  // only: `,"window_start":"...","window_end":"...","value":`. Panes of one window come out
  // together, so the text of the last window is kept.
  const std::string& window_text(const Window& window) {
    if (window_text_.empty() || window != text_window_) {
      text_window_ = window;
      window_text_.assign(",\"window_start\":\""sv);
      append_timestamp(window_text_, window.start);
      window_text_ += "\",\"window_end\":\""sv;
      append_timestamp(window_text_, window.end);
      window_text_ += "\",\"value\":"sv;
    }
    return window_text_;
  }

  // Reports the operator's watermark when it moved.
  void note_watermark() {
    if (observer_ == nullptr) return;
    const Timestamp now = engine_.watermark();
    if (now != reported_watermark_) {
      observer_->watermark(reported_watermark_, now);
      reported_watermark_ = now;
    }
  }

  std::string name_;
  const std::string results_topic_{kWindowJobResultsTopic};
  AggregationKind kind_;
  bool processing_;
  JsonRecordCodec codec_;
  Engine engine_;
  JsonLine line_;
  detail::RunContext* run_{nullptr};
  RunObserver* observer_{nullptr};
  const std::string* raw_{nullptr};
  const JsonKey* current_key_{nullptr};
  RecordTrace pending_trace_;
  bool trace_deferred_{false};
  Timestamp reported_watermark_{kMinTimestamp};
  Window text_window_{};     // the window window_text_ was written for
  std::string window_text_;  // empty until the first pane
};

}  // namespace

Topology window_job_topology(const WindowJobOptions& options) {
  if (options.config.time_domain != TimeDomain::Processing && options.time_field.empty())
    throw std::invalid_argument("a time field is needed for event-time windows");
  if (options.aggregation.kind != AggregationKind::Count && options.aggregation.field.empty())
    throw std::invalid_argument(options.aggregation.describe() + " needs a value field");
  auto graph = std::make_shared<detail::Graph>();
  graph->config.application_id = "window";
  graph->config.watermark = options.config.watermark;
  auto op = std::make_shared<JsonWindowOperator>(options, graph->make_name("WINDOW-AGGREGATE"));
  graph->operators.push_back(op);
  graph->sources.push_back(detail::SourceBinding{
      kWindowJobInputTopic, false,
      [op = op.get()](detail::RunContext& run, const ConsumedRecord& r) { return op->handle(run, r); }});
  graph->output_topics.emplace_back(kWindowJobResultsTopic);
  return Topology(std::move(graph));
}

RuntimeOptions window_job_runtime_options(RunObserver* observer) {
  RuntimeOptions o;
  o.delivery = Delivery::AtLeastOnce;
  o.checkpoint_every = 0;
  o.checkpoint_interval = std::nullopt;
  o.observer = observer;
  o.start = Timestamp{};
  o.log_records = false;
  return o;
}

WindowJobSink::WindowJobSink(const Topology& topology, WindowJobOutputs outputs, std::string input_name)
    : outputs_(outputs),
      input_name_(std::move(input_name)),
      late_topic_(topology.config().late_topic()),
      dead_letter_topic_(topology.config().dead_letter_topic()) {}

void WindowJobSink::write(std::string_view topic, const Record& record) {
  if (topic == kWindowJobResultsTopic) {
    if (outputs_.results != nullptr) {
      outputs_.results->write(record.value.data(), static_cast<std::streamsize>(record.value.size()));
      outputs_.results->put('\n');
    }
    return;
  }
  if (topic == late_topic_) {
    if (outputs_.late == nullptr) return;
    // The late topic carries LateOutputRecord's JSON; its value is the raw input line.
    const nlohmann::json late = nlohmann::json::parse(record.value);
    const nlohmann::json& value = late.at("value");
    const std::string raw = value.is_string() ? value.get<std::string>() : value.dump();
    // The decoder accepted the line, so nlohmann reads it too; keep the raw text if it ever does not.
    OrderedJson original = OrderedJson::parse(raw, nullptr, false);
    if (original.is_discarded() || !original.is_object()) original = OrderedJson{{"$raw", raw}};
    original["$late"] = OrderedJson{{"watermark", late.at("watermark")}, {"reason", late.at("reason")}};
    *outputs_.late << original.dump(-1, ' ', false, OrderedJson::error_handler_t::replace) << '\n';
    return;
  }
  if (topic == dead_letter_topic_) {
    connectors::file::write_dead_letter_line(nlohmann::json::parse(record.value).get<DeadLetter>(),
                                             input_name_, outputs_.dead_letters, outputs_.diagnostics);
  }
}

Accounting run_window_job(std::istream& input, const WindowJobOptions& options,
                          const WindowJobOutputs& outputs) {
  Topology topology = window_job_topology(options);
  connectors::file::JsonlPartitioning partitioning;
  if (options.partition_field) {
    partitioning.partitions = static_cast<std::int32_t>(options.config.partitions);
    partitioning.field = options.partition_field;
  }
  connectors::file::JsonlStreamSource source(input, kWindowJobInputTopic, partitioning);
  WindowJobSink sink(topology, outputs, options.input_name);
  std::unique_ptr<TraceWriter> trace;
  if (outputs.trace != nullptr && outputs.observer == nullptr)
    trace = std::make_unique<TraceWriter>(*outputs.trace, outputs.trace_format);
  RunObserver* observer = outputs.observer != nullptr ? outputs.observer : trace.get();
  Runtime runtime(topology, source, sink, window_job_runtime_options(observer));
  runtime.run();
  return runtime.accounting();
}

std::string describe_window_job(const Accounting& a) {
  return "records read: " + std::to_string(a.records_in) + ", panes out: " + std::to_string(a.results_out) +
         ", late accepted: " + std::to_string(a.late_accepted) +
         ", dropped late: " + std::to_string(a.dropped_late) +
         ", dead letters: " + std::to_string(a.dead_letters);
}

}  // namespace streamlab
