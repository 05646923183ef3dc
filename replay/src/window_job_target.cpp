#include "streamlab/replay/window_job_target.hpp"

#include <exception>
#include <utility>

namespace streamlab::replay {

WindowJobTarget::WindowJobTarget(const WindowJobOptions& options, std::ostream* results, std::ostream* late,
                                 RunObserver* observer)
    : options_(options),
      topology_(window_job_topology(options_)),
      source_(kWindowJobInputTopic),
      sink_(topology_, WindowJobOutputs{results, late, nullptr, nullptr, nullptr, TraceFormat::Json},
            options_.input_name),
      runtime_(topology_, source_, sink_, window_job_runtime_options(observer)) {}

template <class F>
void WindowJobTarget::guarded(F&& f) {
  if (error_) return;
  try {
    std::forward<F>(f)();
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

void WindowJobTarget::advance(Timestamp processing_time) {
  if (processing_time <= processing_time_ || finished_) return;
  processing_time_ = processing_time;
  source_.push(SourceEvent{processing_time_, ClockTick{}});
}

void WindowJobTarget::deliver(const sim::Arrival& arrival) {
  if (finished_) return;
  advance(arrival.processing_time);
  source_.push(SourceEvent{processing_time_,
                           ConsumedRecord{source_.partition(), offset_++,
                                          Record{std::nullopt, arrival.record.value, Timestamp{}, {}}}});
  if (source_.queued() >= 4096) flush();  // bound the queue of a long batch
}

void WindowJobTarget::flush() {
  guarded([this] { runtime_.process_events(static_cast<std::int64_t>(source_.queued())); });
}

void WindowJobTarget::finish(bool /*stopped*/) {
  if (finished_) return;
  finished_ = true;
  source_.close();
  guarded([this] { runtime_.run(); });
}

TargetProgress WindowJobTarget::progress() const {
  const Accounting& a = runtime_.accounting();
  TargetProgress p;
  p.watermark = runtime_.watermark();
  p.windows_open = static_cast<std::int64_t>(runtime_.windows_open());
  p.panes = a.results_out;
  p.late_accepted = a.late_accepted;
  p.late_dropped = a.dropped_late;
  p.behind_watermark = a.behind_watermark;
  p.dead_letters = a.dead_letters;
  return p;
}

std::string WindowJobTarget::describe() const {
  return "window job " + options_.config.window.describe() + " " + options_.aggregation.describe() +
         ", watermark " + options_.config.watermark.describe() + ", allowed lateness " +
         format_duration(options_.config.allowed_lateness);
}

std::optional<Accounting> WindowJobTarget::summary() const {
  if (!finished_ || error_) return std::nullopt;
  return runtime_.accounting();
}

}  // namespace streamlab::replay
