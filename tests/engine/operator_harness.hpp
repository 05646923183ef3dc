// A WindowOperator<string key, integer value, integer sum> wired to in-memory collectors, with
// helpers to feed it and to compare its panes with hand-worked expectations.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "streamlab/engine/window_operator.hpp"

namespace streamlab::test {

/// One expected pane, written compactly in milliseconds.
struct ExpectedPane {
  std::string key;
  std::int64_t start;
  std::int64_t end;
  std::int64_t value;
  std::int64_t count;
  Pane pane;
  friend bool operator==(const ExpectedPane&, const ExpectedPane&) = default;
};

inline std::ostream& operator<<(std::ostream& os, const ExpectedPane& p) {
  return os << "{" << p.key << " [" << p.start << "," << p.end << ") value=" << p.value
            << " count=" << p.count << " " << to_string(p.pane) << "}";
}

/// One expected late record: event time and the watermark at arrival, in milliseconds.
struct ExpectedLate {
  std::string key;
  std::int64_t timestamp;
  std::int64_t watermark;
  friend bool operator==(const ExpectedLate&, const ExpectedLate&) = default;
};

inline std::ostream& operator<<(std::ostream& os, const ExpectedLate& l) {
  return os << "{late " << l.key << " t=" << l.timestamp << " W=" << l.watermark << "}";
}

/// A sum operator over integer values with collectors for panes and late records.
class Harness {
 public:
  using Op = WindowOperator<std::string, std::int64_t, std::int64_t>;

  explicit Harness(WindowOperatorConfig config)
      : op_(
            std::move(config), sum_aggregate<std::int64_t>(),
            [this](const Op::Result& r) {
              panes.push_back(ExpectedPane{r.key, to_millis(r.window.start), to_millis(r.window.end), r.value,
                                           r.count, r.pane});
            },
            [this](const Op::Late& l) {
              late.push_back(ExpectedLate{l.key, to_millis(l.timestamp), to_millis(l.watermark)});
              reasons.push_back(l.reason);
            }) {}

  RecordFate rec(const std::string& key, std::int64_t t, std::int64_t value = 1, PartitionId p = 0) {
    return op_.process(key, value, from_millis(t), p);
  }
  void mark(std::int64_t t) { op_.on_watermark(from_millis(t)); }
  void advance_to(std::int64_t t) { op_.advance_processing_time(from_millis(t)); }
  void end() { op_.end_of_input(); }
  Op& op() { return op_; }

  /// The accounting invariant: every record contributed or went to the late output.
  void expect_accounting() const {
    const OperatorCounters& c = op_.counters();
    EXPECT_EQ(c.records_in, c.contributed + c.dropped_late);
    EXPECT_EQ(c.dropped_late, static_cast<std::int64_t>(late.size()));
    EXPECT_EQ(c.panes_out, static_cast<std::int64_t>(panes.size()));
  }

  std::vector<ExpectedPane> panes;
  std::vector<ExpectedLate> late;
  std::vector<std::string> reasons;

 private:
  Op op_;
};

/// A config with the given window, bounded delay and allowed lateness (milliseconds).
inline WindowOperatorConfig config(WindowSpec window, std::int64_t delay_ms = 0, std::int64_t lateness_ms = 0,
                                   EmitMode emit = EmitMode::Final) {
  WindowOperatorConfig c;
  c.window = window;
  c.watermark = WatermarkStrategy::bounded(Duration{delay_ms});
  c.allowed_lateness = Duration{lateness_ms};
  c.emit = emit;
  return c;
}

inline Duration ms(std::int64_t n) { return Duration{n}; }

}  // namespace streamlab::test
