/// @file
/// What the web view draws: the plane's messages (streamlab::viz::PlaneMessages) waiting to be
/// published, and a target wrapper that reports arrivals no engine judges (a replay into Kafka or
/// without --window) with the watermark the target observed.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "streamlab/replay/replay_target.hpp"
#include "streamlab/viz/plane_messages.hpp"

namespace streamlab::replay {

/// Messages waiting for the web view, filled during a delivery and taken after it.
class PlaneFeed {
 public:
  /// Adds one message.
  void push(std::string message) { messages_.push_back(std::move(message)); }
  /// Takes every waiting message.
  [[nodiscard]] std::vector<std::string> take() { return std::exchange(messages_, {}); }

 private:
  std::vector<std::string> messages_;
};

/// Passes every call to `inner` and tells `messages` of each arrival (fate `sent`) and of the
/// watermark the inner target reports after it.
class FedTarget final : public ReplayTarget {
 public:
  /// Wraps `inner`; both must outlive the wrapper.
  FedTarget(ReplayTarget& inner, viz::PlaneMessages& messages) : inner_(inner), messages_(messages) {}

  void advance(Timestamp processing_time) override {
    processing_time_ = processing_time;
    inner_.advance(processing_time);
  }
  void deliver(const sim::Arrival& arrival) override;
  void flush() override { inner_.flush(); }
  void finish(bool stopped) override { inner_.finish(stopped); }
  [[nodiscard]] TargetProgress progress() const override { return inner_.progress(); }
  [[nodiscard]] std::string describe() const override { return inner_.describe(); }

 private:
  ReplayTarget& inner_;
  viz::PlaneMessages& messages_;
  Timestamp processing_time_{};
};

}  // namespace streamlab::replay
