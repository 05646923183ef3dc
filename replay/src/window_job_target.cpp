#include "streamlab/replay/window_job_target.hpp"

#include <nlohmann/json.hpp>

#include <istream>

namespace streamlab::replay {

void LinePipe::push(std::string line) {
  std::unique_lock lock(mutex_);
  if (lines_.size() >= capacity_)
    changed_.wait(lock, [&] { return lines_.size() < capacity_ || abandoned_; });
  if (abandoned_ || closed_) return;
  const bool was_empty = lines_.empty();
  lines_.push_back(std::move(line));
  if (was_empty) changed_.notify_all();  // the reader waits only on an empty queue
}

void LinePipe::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  changed_.notify_all();
}

void LinePipe::abandon() {
  std::lock_guard lock(mutex_);
  abandoned_ = true;
  lines_.clear();
  changed_.notify_all();
}

LinePipe::int_type LinePipe::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !lines_.empty() || closed_ || abandoned_; });
  if (lines_.empty()) return traits_type::eof();
  // Take every queued line at once: one lock per batch, not per line.
  const bool was_full = lines_.size() >= capacity_;
  current_.clear();
  for (auto& l : lines_) current_ += l;
  lines_.clear();
  if (was_full) changed_.notify_all();
  lock.unlock();
  setg(current_.data(), current_.data(), current_.data() + current_.size());
  return traits_type::to_int_type(*gptr());
}

/// Collects the job's JSON trace into lines and hands each complete line on.
class WindowJobTarget::TraceReader final : public std::streambuf {
 public:
  explicit TraceReader(WindowJobTarget& target) : target_(target) {}

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    put(traits_type::to_char_type(c));
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    for (std::streamsize i = 0; i < n; ++i) put(s[i]);
    return n;
  }

 private:
  void put(char c) {
    if (c != '\n') {
      line_ += c;
      return;
    }
    target_.on_trace_line(line_);
    line_.clear();
  }
  WindowJobTarget& target_;
  std::string line_;
};

namespace {

Timestamp trace_time(const nlohmann::json& v) {
  const auto text = v.get<std::string>();
  if (text == "-inf") return kMinTimestamp;
  if (text == "+inf") return kMaxTimestamp;
  return parse_timestamp(text);
}

}  // namespace

WindowJobTarget::WindowJobTarget(WindowJobOptions options, std::ostream* results, std::ostream* late)
    : options_(std::move(options)),
      results_(results),
      late_(late),
      trace_reader_(std::make_unique<TraceReader>(*this)),
      trace_stream_(std::make_unique<std::ostream>(trace_reader_.get())),
      trace_progress_(options_.config.window.is_merging()) {
  worker_ = std::thread([this] {
    std::istream in(&pipe_);
    WindowJobOutputs outputs;
    outputs.results = results_;
    outputs.late = late_;
    outputs.trace = trace_stream_.get();
    outputs.trace_format = TraceFormat::Json;
    try {
      const WindowJobSummary s = run_window_job(in, options_, outputs);
      std::lock_guard lock(mutex_);
      summary_ = s;
    } catch (const std::exception& e) {
      pipe_.abandon();
      std::lock_guard lock(mutex_);
      error_ = e.what();
    }
  });
}

WindowJobTarget::~WindowJobTarget() {
  if (!joined_) finish(true);
}

void WindowJobTarget::advance(Timestamp processing_time) {
  if (processing_time <= processing_time_) return;
  // The same control line sim::write_arrivals_jsonl() writes.
  pending_ += "{\"$advance\": \"" + format_duration(processing_time - processing_time_) + "\"}\n";
  processing_time_ = processing_time;
}

void WindowJobTarget::deliver(const sim::Arrival& arrival) {
  advance(arrival.processing_time);
  pending_ += arrival.record.value;
  pending_ += '\n';
  if (pending_.size() >= 1 << 16) flush();  // bound the buffer of a long batch
}

void WindowJobTarget::flush() {
  if (pending_.empty()) return;
  pipe_.push(std::move(pending_));
  pending_.clear();
}

void WindowJobTarget::finish(bool /*stopped*/) {
  if (joined_) return;
  flush();
  pipe_.close();
  worker_.join();
  joined_ = true;
}

void WindowJobTarget::on_trace_line(const std::string& line) {
  std::lock_guard lock(mutex_);
  trace_progress_.on_line(line);
}

void JobTraceProgress::on_line(const std::string& line) {
  const auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("type")) return;
  const auto type = j["type"].get<std::string>();
  if (type == "event") {
    const Timestamp before = trace_time(j["watermark_before"]);
    if (trace_time(j["event_time"]) < before) ++progress_.behind_watermark;
    const auto fate = j["fate"].get<std::string>();
    if (fate == "accepted_late") ++progress_.late_accepted;
    if (fate == "dropped") ++progress_.late_dropped;
    const std::string key = j["key"].dump();
    for (const auto& w : j["windows"]) {
      if (w["fate"].get<std::string>() == "dropped") continue;
      const Timestamp start = trace_time(w["start"]);
      const Timestamp end = trace_time(w["end"]);
      if (end <= progress_.watermark) continue;  // accepted late: already fired
      if (merging_) {
        // A session window swallows the sessions of its key that it merged.
        auto& mine = open_by_key_[key];
        for (auto it = mine.begin(); it != mine.end();) {
          if (it->first <= end && start <= it->second) {
            open_.erase({it->second, it->first, key});
            it = mine.erase(it);
          } else {
            ++it;
          }
        }
        mine.insert({start, end});
      }
      open_.insert({end, start, key});
    }
  } else if (type == "watermark") {
    progress_.watermark = trace_time(j["to"]);
    while (!open_.empty() && std::get<0>(*open_.begin()) <= progress_.watermark) {
      const auto& [end, start, key] = *open_.begin();
      if (merging_) open_by_key_[key].erase({start, end});
      open_.erase(open_.begin());
    }
  } else if (type == "pane") {
    ++progress_.panes;
  } else if (type == "dead_letter") {
    ++progress_.dead_letters;
  } else if (type == "end_of_input") {
    progress_.watermark = kMaxTimestamp;
    open_.clear();
    open_by_key_.clear();
  }
  progress_.windows_open = static_cast<std::int64_t>(open_.size());
}

TargetProgress WindowJobTarget::progress() const {
  std::lock_guard lock(mutex_);
  return trace_progress_.progress();
}

std::string WindowJobTarget::describe() const {
  return "window job " + options_.config.window.describe() + " " + options_.aggregation.describe() +
         ", watermark " + options_.config.watermark.describe() + ", allowed lateness " +
         format_duration(options_.config.allowed_lateness);
}

std::optional<WindowJobSummary> WindowJobTarget::summary() const {
  std::lock_guard lock(mutex_);
  return summary_;
}

std::optional<std::string> WindowJobTarget::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

}  // namespace streamlab::replay
