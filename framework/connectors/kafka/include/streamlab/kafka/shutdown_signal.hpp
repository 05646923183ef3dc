/// @file
/// Graceful shutdown on Ctrl-C: SIGINT and SIGTERM turned into a flag, with Boost.Asio.
#pragma once

#include <memory>

#include "streamlab/time.hpp"

namespace streamlab::kafka {

/// Catches SIGINT and SIGTERM while it exists (Boost.Asio's signal_set on a background thread)
/// and turns them into a request to stop, so a long-running command can flush, commit and leave
/// its consumer group instead of dying mid-write. The default handlers return on destruction.
class ShutdownSignal {
 public:
  /// Starts listening for SIGINT and SIGTERM.
  ShutdownSignal();
  /// Stops listening.
  ~ShutdownSignal();
  /// Not copyable: owns the signal registration.
  ShutdownSignal(const ShutdownSignal&) = delete;
  /// Not copyable: owns the signal registration.
  ShutdownSignal& operator=(const ShutdownSignal&) = delete;

  /// True once a signal arrived or request() was called.
  [[nodiscard]] bool requested() const noexcept;
  /// The signal that arrived (SIGINT, SIGTERM), or 0 when none did.
  [[nodiscard]] int signal_number() const noexcept;
  /// Asks for a stop as a signal would (for tests and programmatic stops).
  void request() noexcept;
  /// Blocks until a stop is requested or `timeout` passes; returns requested().
  bool wait_for(Duration timeout) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamlab::kafka
