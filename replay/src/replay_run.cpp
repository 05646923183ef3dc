#include "streamlab/replay/replay_run.hpp"

#include <algorithm>
#include <cmath>

namespace streamlab::replay {

double ReplayStatus::rate() const {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  return seconds > 0 ? static_cast<double>(sent) / seconds : 0.0;
}

std::optional<RealClock::duration> ReplayStatus::eta() const {
  if (finished || sent >= total) return RealClock::duration::zero();
  if (!speed.is_max()) {
    const double virtual_ms = static_cast<double>((last_processing_time - processing_time).count());
    return std::chrono::duration_cast<RealClock::duration>(
        std::chrono::duration<double, std::milli>(virtual_ms / *speed.factor));
  }
  const double r = rate();
  if (r <= 0) return std::nullopt;
  return std::chrono::duration_cast<RealClock::duration>(
      std::chrono::duration<double>(static_cast<double>(total - sent) / r));
}

ReplayRun::ReplayRun(const sim::ArrivalSequence& sequence, ReplayTarget& target, Speed speed)
    : sequence_(sequence), target_(target), pacer_(speed) {}

void ReplayRun::start(RealClock::time_point now) {
  started_ = now;
  const Timestamp first =
      sequence_.arrivals.empty() ? Timestamp{} : sequence_.arrivals.front().processing_time;
  processing_time_ = Timestamp{};  // the simulator's processing clock starts at the epoch
  pacer_.start(first, now);
  if (sequence_.arrivals.empty()) finish(false);
}

RealClock::time_point ReplayRun::next_due() const {
  if (done()) return pacer_.due(processing_time_);
  return pacer_.due(sequence_.arrivals[next_].processing_time);
}

std::size_t ReplayRun::deliver_due(RealClock::time_point now, std::size_t limit) {
  std::size_t delivered = 0;
  while (!paused_ && !done() && delivered < limit) {
    if (pacer_.due(sequence_.arrivals[next_].processing_time) > now) break;
    deliver_next();
    ++delivered;
  }
  if (delivered > 0) target_.flush();
  if (!stopped_ && next_ >= sequence_.arrivals.size()) finish(false);
  return delivered;
}

void ReplayRun::deliver_next() {
  const sim::Arrival& a = sequence_.arrivals[next_];
  if (a.processing_time > processing_time_) {
    processing_time_ = a.processing_time;
    target_.advance(processing_time_);
  }
  target_.deliver(a);
  event_time_ = a.record.timestamp;
  ++next_;
}

std::size_t ReplayRun::step() {
  if (done()) return 0;
  deliver_next();
  target_.flush();
  if (!stopped_ && next_ >= sequence_.arrivals.size()) finish(false);
  return 1;
}

Timestamp ReplayRun::virtual_position(RealClock::time_point now) const {
  // Where the replay stands in processing time: the pacer's clock, but never before the last
  // delivery (steps move it on) nor after the next arrival (a late wake-up does not skip time).
  Timestamp v = paused_ ? paused_at_ : pacer_.virtual_now(now);
  v = std::max(v, processing_time_);
  if (!done()) v = std::min(v, sequence_.arrivals[next_].processing_time);
  return v;
}

void ReplayRun::pause(RealClock::time_point now) {
  if (paused_) return;
  paused_at_ = virtual_position(now);
  paused_ = true;
}

void ReplayRun::resume(RealClock::time_point now) {
  if (!paused_) return;
  const Timestamp v = virtual_position(now);
  paused_ = false;
  pacer_.start(v, now);
}

void ReplayRun::set_speed(Speed speed, RealClock::time_point now) {
  const Timestamp v = virtual_position(now);
  pacer_ = Pacer(speed);
  pacer_.start(v, now);
}

void ReplayRun::stop() {
  if (finished_) return;
  stopped_ = true;
  finish(true);
}

void ReplayRun::finish(bool stopped) {
  if (finished_) return;
  finished_ = true;
  target_.finish(stopped);
}

ReplayStatus ReplayRun::status(RealClock::time_point now) const {
  ReplayStatus s;
  s.sent = next_;
  s.total = sequence_.arrivals.size();
  s.processing_time = processing_time_;
  s.last_processing_time =
      sequence_.arrivals.empty() ? Timestamp{} : sequence_.arrivals.back().processing_time;
  s.event_time = event_time_;
  s.elapsed = now - started_;
  s.speed = pacer_.speed();
  s.stopped = stopped_;
  s.finished = finished_;
  s.paused = paused_;
  s.target = target_.progress();
  s.input_dead_letters = input_dead_letters_;
  return s;
}

}  // namespace streamlab::replay
