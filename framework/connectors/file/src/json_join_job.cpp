#include "streamlab/checked_time.hpp"
#include "streamlab/connectors/file/json_join_job.hpp"

#include <algorithm>
#include <istream>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

#include "dead_letter_line.hpp"
#include "streamlab/connectors/file/jsonl_stream_source.hpp"
#include "streamlab/dsl/detail/graph.hpp"
#include "streamlab/dsl/topology.hpp"
#include "streamlab/engine/arrival_join.hpp"
#include "streamlab/engine/interval_join.hpp"
#include "streamlab/engine/json_key.hpp"
#include "streamlab/engine/json_record_codec.hpp"
#include "streamlab/engine/temporal_join.hpp"
#include "streamlab/error.hpp"
#include "streamlab/io/sink.hpp"
#include "streamlab/runtime/runtime.hpp"

namespace streamlab {

// The unity build compiles this file with json_window_job.cpp: its helpers live in a namespace of
// their own.
namespace join_job {
namespace {

using OrderedJson = nlohmann::ordered_json;

constexpr const char* kInputTopic = "input";
constexpr const char* kResultsTopic = "results";
constexpr const char* kUnmatchedTopic = "unmatched";
constexpr const char* kSourceField = "$source";

// One side's record as the join keeps it: the object without `$source`, and the line it came
// from (for the unmatched output, which writes the original object).
struct Payload {
  OrderedJson object;
  std::string raw;
};

using Arrival = ArrivalJoin<JsonKey, Payload, Payload, JsonKeyLess>;
using Temporal = TemporalJoin<JsonKey, Payload, Payload, JsonKeyLess>;
using Interval = IntervalJoin<JsonKey, Payload, Payload, JsonKeyLess>;
using Row = JoinRow<JsonKey, Payload, Payload>;
using Drop = JoinDrop<JsonKey, Payload>;

std::string dump(const OrderedJson& j) {
  return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

std::string dump_key(const JsonKey& key) {
  return key.dump(-1, ' ', false, JsonKey::error_handler_t::replace);
}

// The `$source` of a parsed object: its side, or the reason it has none.
std::variant<JoinSide, std::string> side_of(const OrderedJson& object) {
  auto it = object.find(kSourceField);
  if (it == object.end()) return std::string("missing field '$source': expected \"left\" or \"right\"");
  if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    if (s == "left") return JoinSide::Left;
    if (s == "right") return JoinSide::Right;
  }
  return "field '$source' is " + dump(*it) + ": expected \"left\" or \"right\"";
}

// The job's one operator: decodes each line (JsonRecordCodec reads time and key, the one rule for
// both), routes it by `$source` to the engine join, keeps one watermark per side and writes rows
// and unmatched records through the Runtime.
class JsonJoinOperator final : public detail::Operator {
 public:
  JsonJoinOperator(const JoinJobOptions& options, std::string name)
      : name_(std::move(name)),
        options_(options),
        codec_(JsonRecordSchema{options.time_field, options.key_field, AggregationSpec{}}),
        left_watermark_(options.watermark, 1, Timestamp{}),
        right_watermark_(options.watermark, 1, Timestamp{}) {
    auto row = [this](const Row& r) { on_row(r); };
    auto drop = [this](const Drop& d) { on_drop(d); };
    switch (options.mode) {
      case JoinMode::AsOfArrival: join_.emplace<Arrival>(options.type, row, drop, drop); break;
      case JoinMode::Temporal:
        join_.emplace<Temporal>(
            TemporalJoinConfig{options.type, options.grace.value_or(Duration::max()), options.history}, row,
            drop, drop);
        break;
      case JoinMode::Window:
        join_.emplace<Interval>(IntervalJoinConfig{options.type, options.within.value_or(Duration{0}),
                                                   options.grace.value_or(Duration{0})},
                                row, drop, drop);
        break;
    }
  }

  // The source binding: one input line. Returns no event time: the runtime's own watermark moves
  // with control lines only, and each side's watermark is kept here.
  std::optional<Timestamp> handle(detail::RunContext& run, const ConsumedRecord& record) {
    run_ = &run;
    const std::string& raw = record.record.value;
    codec_.decode(raw, line_);
    if (line_.kind != JsonLine::Kind::Record) {
      const OrderedJson parsed = OrderedJson::parse(raw, nullptr, false);
      count_dead(parsed.is_object() ? side_of(parsed) : std::variant<JoinSide, std::string>(std::string()));
      if (line_.kind == JsonLine::Kind::Bad) {
        run.dead_letter(line_.reason, line_.field);
      } else {
        run.dead_letter(
            "a control line where a record was expected (the source does not interpret control lines)");
      }
      return std::nullopt;
    }
    OrderedJson object = OrderedJson::parse(raw, nullptr, false);
    if (!object.is_object()) {  // the codec accepted it, so this does not happen; never drop silently
      ++unsided_dead_;
      run.dead_letter("not a JSON object");
      return std::nullopt;
    }
    const auto side = side_of(object);
    if (const auto* reason = std::get_if<std::string>(&side)) {
      ++unsided_dead_;
      run.dead_letter(*reason, kSourceField);
      return std::nullopt;
    }
    object.erase(kSourceField);
    run.mark_contributed();  // the join holds it or decides its fate; the join counts say which
    const bool left = std::get<JoinSide>(side) == JoinSide::Left;
    Payload payload{std::move(object), raw};
    const Timestamp t = line_.time;
    const Timestamp now = run.processing_time();
    if (observer_ != nullptr) {
      // The join numbers its arrivals from 0 over both sides; its counts say how many it has read.
      arrival_ = left_counts().read + right_counts().read + 1;
      arrival_decided_ = false;
      arrival_late_ = false;
      key_json_ = dump_key(line_.key);
      observer_->join_arrival(JoinArrivalTrace{arrival_, record.offset + 1,
                                               left ? JoinSide::Left : JoinSide::Right, key_json_, t, now,
                                               engine_watermark(), raw});
    }
    std::visit(
        [&](auto& join) {
          using J = std::decay_t<decltype(join)>;
          // What the join keeps is reported before the watermark it brings moves anything.
          if (left) {
            join.on_left(line_.key, t, std::move(payload));
            report_hold(JoinSide::Left, t);
            if constexpr (std::is_same_v<J, Interval>) {
              left_watermark_.on_event(0, t, now);
              raise(join, join_watermark());
            }
          } else {
            join.on_right(line_.key, t, std::move(payload));
            report_hold(JoinSide::Right, t);
            if constexpr (std::is_same_v<J, Temporal>) {
              raise(join, right_watermark_.on_event(0, t, now));
            } else if constexpr (std::is_same_v<J, Interval>) {
              right_watermark_.on_event(0, t, now);
              raise(join, join_watermark());
            }
          }
        },
        join_);
    arrival_ = 0;
    return std::nullopt;
  }

  [[nodiscard]] std::string name() const override { return name_; }

  void on_watermark(detail::RunContext& run, Timestamp watermark) override {
    run_ = &run;
    if (watermark == kMaxTimestamp) {
      if (observer_ != nullptr) {
        observer_->join_end();
        if (!std::holds_alternative<Arrival>(join_) && engine_watermark() != kMaxTimestamp)
          observer_->join_watermark(engine_watermark(), kMaxTimestamp);
      }
      std::visit([](auto& join) { join.end_of_input(); }, join_);
      return;
    }
    // A control line: both sides' watermarks rise to it.
    left_watermark_.on_mark(watermark);
    right_watermark_.on_mark(watermark);
    std::visit(
        [&](auto& join) {
          using J = std::decay_t<decltype(join)>;
          if constexpr (std::is_same_v<J, Temporal>) raise(join, right_watermark_.current());
          if constexpr (std::is_same_v<J, Interval>) raise(join, join_watermark());
        },
        join_);
  }

  /// Reports to `observer` (nullptr: none) from now on.
  void set_observer(JoinObserver* observer) { observer_ = observer; }

  // The job runs without checkpoints (the Runtime snapshots once at the end): the snapshot is the
  // accounting, and there is nothing to restore from.
  [[nodiscard]] nlohmann::json snapshot() const override {
    return {{"left_read", left_counts().read}, {"right_read", right_counts().read}, {"rows", rows_}};
  }

  void restore(const nlohmann::json& state) override {
    (void)state;
    throw std::logic_error("the JSON join job does not restore from checkpoints");
  }

  [[nodiscard]] JoinSideCounts left_counts() const {
    return std::visit([](const auto& join) { return join.left_counts(); }, join_);
  }
  [[nodiscard]] JoinSideCounts right_counts() const {
    return std::visit([](const auto& join) { return join.right_counts(); }, join_);
  }
  [[nodiscard]] std::int64_t left_dead() const { return left_dead_; }
  [[nodiscard]] std::int64_t right_dead() const { return right_dead_; }
  [[nodiscard]] std::int64_t unsided_dead() const { return unsided_dead_; }
  [[nodiscard]] std::int64_t rows() const { return rows_; }

 private:
  [[nodiscard]] Timestamp join_watermark() const {
    return std::min(left_watermark_.current(), right_watermark_.current());
  }

  // The watermark the engine's join judges against (the table's, or the minimum of both sides'),
  // as the join itself holds it; none as of arrival.
  [[nodiscard]] Timestamp engine_watermark() const {
    if (const auto* t = std::get_if<Temporal>(&join_)) return t->table_watermark();
    if (const auto* i = std::get_if<Interval>(&join_)) return i->watermark();
    return kMinTimestamp;
  }

  // Hands a watermark to the join, telling the observer first when it moves the join's own (so
  // the move comes before what it releases).
  template <class J>
  void raise(J& join, Timestamp watermark) {
    if (observer_ != nullptr && watermark > engine_watermark())
      observer_->join_watermark(engine_watermark(), watermark);
    if constexpr (std::is_same_v<J, Temporal>) {
      join.on_table_watermark(watermark);
    } else {
      join.on_watermark(watermark);
    }
  }

  // After the join has handled the current arrival: whether it keeps it. The fates decided during
  // the call were the join's own reports (on_row, on_drop); what is not decided is held.
  void report_hold(JoinSide side, Timestamp t) {
    if (observer_ == nullptr) return;
    JoinHoldTrace h{arrival_, side, false, std::nullopt, std::nullopt};
    if (const auto* temporal = std::get_if<Temporal>(&join_)) {
      if (side == JoinSide::Left) {
        h.held = !arrival_decided_;
        if (h.held) {
          h.until_watermark = t;
          if (temporal->config().grace != Duration::max())
            h.until_left_clock = saturating_add(t, temporal->config().grace);
        }
      } else {
        h.held = !arrival_late_;
      }
    } else if (const auto* interval = std::get_if<Interval>(&join_)) {
      h.held = !arrival_late_;
      if (h.held) h.until_watermark = interval->close_time(t);
    } else {
      h.held = side == JoinSide::Right;  // the key's table row until a later update replaces it
    }
    observer_->join_hold(h);
  }

  void count_dead(const std::variant<JoinSide, std::string>& side) {
    if (const auto* s = std::get_if<JoinSide>(&side)) {
      ++(*s == JoinSide::Left ? left_dead_ : right_dead_);
    } else {
      ++unsided_dead_;
    }
  }

  void on_row(const Row& r) {
    OrderedJson out;
    out["key"] = OrderedJson::parse(dump_key(*r.key));
    out["time"] = format_timestamp(r.time);
    out["left"] = r.left != nullptr ? r.left->object : OrderedJson(nullptr);
    out["right"] = r.right != nullptr ? r.right->object : OrderedJson(nullptr);
    out["right_time"] = r.right_time ? OrderedJson(format_timestamp(*r.right_time)) : OrderedJson(nullptr);
    ++rows_;
    std::string line = dump(out);
    if (observer_ != nullptr) {
      if (r.left_seq + 1 == arrival_ || r.right_seq + 1 == arrival_) arrival_decided_ = true;
      std::optional<Timestamp> clock;
      if (const auto* t = std::get_if<Temporal>(&join_)) clock = t->stream_time();
      observer_->join_row(JoinRowTrace{key_json(*r.key), r.time, r.left_seq + 1, r.right_seq + 1, r.left_time,
                                       r.right_time, engine_watermark(), clock, line});
    }
    run_->emit(kResultsTopic, Record{std::nullopt, std::move(line), r.time, {}}, true);
  }

  // The key as JSON: the arrival's, already written, or the one of a record released later.
  std::string_view key_json(const JsonKey& key) {
    scratch_key_ = dump_key(key);
    return scratch_key_;
  }

  void on_drop(const Drop& d) {
    OrderedJson original = OrderedJson::parse(d.value->raw, nullptr, false);
    if (original.is_discarded() || !original.is_object()) original = OrderedJson{{"$raw", d.value->raw}};
    OrderedJson why;
    why["fate"] = std::string(to_string(d.fate));
    why["reason"] = std::string(d.reason);
    if (d.watermark != kMinTimestamp) why["watermark"] = format_timestamp(d.watermark);
    original["$unmatched"] = std::move(why);
    if (observer_ != nullptr) {
      if (d.seq + 1 == arrival_) {
        arrival_decided_ = true;
        arrival_late_ = d.fate == JoinFate::Late;
      }
      observer_->join_drop(
          JoinDropTrace{d.seq + 1, d.side, d.fate, key_json(*d.key), d.time, d.watermark, d.reason});
    }
    run_->emit(kUnmatchedTopic, Record{std::nullopt, dump(original), d.time, {}}, false);
  }

  std::string name_;
  JoinJobOptions options_;
  JsonRecordCodec codec_;
  JsonLine line_;
  WatermarkTracker left_watermark_;
  WatermarkTracker right_watermark_;
  std::variant<Arrival, Temporal, Interval> join_{std::in_place_type<Arrival>, JoinType::Inner, nullptr};
  detail::RunContext* run_{nullptr};
  JoinObserver* observer_{nullptr};
  std::int64_t arrival_{0};  // the arrival being handed to the join (0: none), while observed
  bool arrival_decided_{false};
  bool arrival_late_{false};
  std::string key_json_;
  std::string scratch_key_;
  std::int64_t left_dead_{0};
  std::int64_t right_dead_{0};
  std::int64_t unsided_dead_{0};
  std::int64_t rows_{0};
};

// Writes rows and unmatched records as they are, and dead letters as `{"line", "raw", "reason",
// "field"}` (or, without a dead-letter stream, as a diagnostic naming the input, line and field).
class JoinJobSink final : public Sink {
 public:
  JoinJobSink(std::string dead_letter_topic, JoinJobOutputs outputs, std::string input_name)
      : dead_letter_topic_(std::move(dead_letter_topic)),
        outputs_(outputs),
        input_name_(std::move(input_name)) {}

  void write(std::string_view topic, const Record& record) override {
    if (topic == kResultsTopic) {
      if (outputs_.results != nullptr) *outputs_.results << record.value << '\n';
      return;
    }
    if (topic == kUnmatchedTopic) {
      if (outputs_.unmatched != nullptr) *outputs_.unmatched << record.value << '\n';
      return;
    }
    if (topic != dead_letter_topic_) return;
    connectors::file::write_dead_letter_line(nlohmann::json::parse(record.value).get<DeadLetter>(),
                                             input_name_, outputs_.dead_letters, outputs_.diagnostics);
  }

 private:
  std::string dead_letter_topic_;
  JoinJobOutputs outputs_;
  std::string input_name_;
};

}  // namespace
}  // namespace join_job

using join_job::JoinJobSink;
using join_job::JsonJoinOperator;
using join_job::kInputTopic;
using join_job::kResultsTopic;

std::string_view to_string(JoinMode mode) {
  switch (mode) {
    case JoinMode::AsOfArrival: return "as-of-arrival";
    case JoinMode::Temporal: return "temporal";
    case JoinMode::Window: return "window";
  }
  return "as-of-arrival";
}

JoinMode parse_join_mode(std::string_view text) {
  if (text == "as-of-arrival") return JoinMode::AsOfArrival;
  if (text == "temporal") return JoinMode::Temporal;
  if (text == "window") return JoinMode::Window;
  throw std::invalid_argument("unknown join mode '" + std::string(text) +
                              "': expected as-of-arrival, temporal or window");
}

void validate_join_job(const JoinJobOptions& o) {
  if (o.time_field.empty()) throw std::invalid_argument("--time-field is required");
  if (o.key_field.empty()) throw std::invalid_argument("--key-field is required");
  if (o.mode == JoinMode::Window && !o.within)
    throw std::invalid_argument(
        "--within is required with --mode window (pairs have |t_left - t_right| <= DUR)");
  if (o.mode != JoinMode::Window && o.within)
    throw std::invalid_argument("--within applies to --mode window only");
  if (o.mode != JoinMode::Temporal && o.history)
    throw std::invalid_argument("--history applies to --mode temporal only");
  if (o.mode == JoinMode::AsOfArrival && o.grace)
    throw std::invalid_argument("--grace does not apply to --mode as-of-arrival (nothing waits)");
  if (o.mode != JoinMode::Window && o.type == JoinType::Outer)
    throw std::invalid_argument(
        "--type outer applies to --mode window only (a stream-table join is inner or left)");
  if (o.grace && *o.grace < Duration{0}) throw std::invalid_argument("--grace must not be negative");
  if (o.within && *o.within < Duration{0}) throw std::invalid_argument("--within must not be negative");
  if (o.history && *o.history < Duration{0}) throw std::invalid_argument("--history must not be negative");
}

JoinJobSummary run_join_job(std::istream& input, const JoinJobOptions& options,
                            const JoinJobOutputs& outputs) {
  validate_join_job(options);
  auto graph = std::make_shared<detail::Graph>();
  graph->config.application_id = "join";
  graph->config.watermark = options.watermark;
  auto op = std::make_shared<JsonJoinOperator>(options, graph->make_name("JOIN"));
  op->set_observer(outputs.observer);
  graph->operators.push_back(op);
  graph->sources.push_back(detail::SourceBinding{
      kInputTopic, false,
      [op = op.get()](detail::RunContext& run, const ConsumedRecord& r) { return op->handle(run, r); }});
  graph->output_topics.emplace_back(kResultsTopic);
  Topology topology(graph);
  connectors::file::JsonlStreamSource source(input, kInputTopic);
  JoinJobSink sink(topology.config().dead_letter_topic(), outputs, options.input_name);
  RuntimeOptions runtime_options;
  runtime_options.delivery = Delivery::AtLeastOnce;
  runtime_options.checkpoint_every = 0;
  runtime_options.checkpoint_interval = std::nullopt;
  runtime_options.start = Timestamp{};
  runtime_options.log_records = false;
  runtime_options.observer = outputs.observer;
  Runtime runtime(topology, source, sink, runtime_options);
  runtime.run();
  JoinJobSummary s;
  s.accounting = runtime.accounting();
  s.left = op->left_counts();
  s.right = op->right_counts();
  s.left_dead = op->left_dead();
  s.right_dead = op->right_dead();
  s.unsided_dead = op->unsided_dead();
  s.rows = op->rows();
  return s;
}

std::string describe_join_job(const JoinJobSummary& s) {
  const auto side = [](const char* name, const JoinSideCounts& c, std::int64_t dead) {
    return std::string(name) + ": " + std::to_string(c.read + dead) + " read = " + std::to_string(c.joined) +
           " joined + " + std::to_string(c.unmatched) + " unmatched + " + std::to_string(c.late) +
           " late + " + std::to_string(dead) + " dead letters";
  };
  return side("left", s.left, s.left_dead) + "; " + side("right", s.right, s.right_dead) + "; " +
         std::to_string(s.unsided_dead) +
         " bad lines without a side (dead letters); rows out: " + std::to_string(s.rows);
}

}  // namespace streamlab
