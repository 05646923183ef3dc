// ShutdownSignal: Boost.Asio's signal_set served by a background thread.
#include "streamlab/kafka/shutdown_signal.hpp"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>

namespace streamlab::kafka {

struct ShutdownSignal::Impl {
  boost::asio::io_context io;
  boost::asio::signal_set signals{io, SIGINT, SIGTERM};
  std::atomic<int> signal{0};
  std::atomic<bool> requested{false};
  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::thread thread;

  void notify() {
    {
      std::scoped_lock lock(mutex);
      requested = true;
    }
    changed.notify_all();
  }
};

ShutdownSignal::ShutdownSignal() : impl_(std::make_unique<Impl>()) {
  impl_->signals.async_wait([impl = impl_.get()](const boost::system::error_code& ec, int number) {
    if (ec) return;  // cancelled on destruction
    impl->signal = number;
    impl->notify();
  });
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

ShutdownSignal::~ShutdownSignal() {
  boost::system::error_code ignored;
  impl_->signals.cancel(ignored);
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

bool ShutdownSignal::requested() const noexcept { return impl_->requested; }

int ShutdownSignal::signal_number() const noexcept { return impl_->signal; }

void ShutdownSignal::request() noexcept { impl_->notify(); }

bool ShutdownSignal::wait_for(Duration timeout) const {
  std::unique_lock lock(impl_->mutex);
  impl_->changed.wait_for(lock, timeout, [this] { return impl_->requested.load(); });
  return impl_->requested;
}

}  // namespace streamlab::kafka
