#include "streamlab/replay/paced_replay.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <csignal>
#include <functional>

namespace streamlab::replay {

ReplayStatus run_paced(ReplayRun& run, LiveView& view, const PacedOptions& options) {
  boost::asio::io_context io;
  boost::asio::steady_timer arrivals(io);
  boost::asio::steady_timer refresh(io);
  boost::asio::signal_set signals(io);
  const auto view_every = options.ansi ? options.refresh : options.plain_every;

  auto stop_all = [&] {
    arrivals.cancel();
    refresh.cancel();
    signals.cancel();
  };

  if (options.handle_signals) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      run.stop();
      stop_all();
    });
  }

  std::function<void()> schedule_next;
  schedule_next = [&] {
    if (run.done()) {
      stop_all();
      return;
    }
    arrivals.expires_at(run.next_due());
    arrivals.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      run.deliver_due(RealClock::now());
      if (options.ansi && run.done()) view.update(run.status(RealClock::now()));
      schedule_next();
    });
  };

  std::function<void()> schedule_refresh;
  schedule_refresh = [&] {
    refresh.expires_after(view_every);
    refresh.async_wait([&](const boost::system::error_code& ec) {
      if (ec || run.done()) return;
      view.update(run.status(RealClock::now()));
      schedule_refresh();
    });
  };

  run.start(RealClock::now());
  view.update(run.status(RealClock::now()));
  schedule_next();
  schedule_refresh();
  io.run();
  const ReplayStatus final_status = run.status(RealClock::now());
  view.finish(final_status);
  return final_status;
}

}  // namespace streamlab::replay
