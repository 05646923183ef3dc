#include "streamlab/replay/paced_replay.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <csignal>
#include <functional>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "web_page.hpp"

namespace streamlab::replay {
namespace {

// The web view's status line: the same counters and watermark as the terminal view.
std::string status_json(const ReplayStatus& s) {
  nlohmann::ordered_json j;
  j["type"] = "status";
  j["sent"] = s.sent;
  j["total"] = s.total;
  j["watermark"] = format_timestamp(s.target.watermark);
  j["processing_time"] = format_timestamp(s.processing_time);
  j["panes"] = s.target.panes;
  j["late_accepted"] = s.target.late_accepted;
  j["late_dropped"] = s.target.late_dropped;
  j["paused"] = s.paused;
  j["finished"] = s.finished;
  j["speed"] = s.speed.is_max() ? std::string("max") : fmt::format("{:g}x", *s.speed.factor);
  return j.dump();
}

}  // namespace

ReplayStatus run_paced(ReplayRun& run, LiveView& view, const PacedOptions& options) {
  boost::asio::io_context io;
  boost::asio::steady_timer arrivals(io);
  boost::asio::steady_timer refresh(io);
  boost::asio::steady_timer web_tick(io);
  boost::asio::signal_set signals(io);
  const auto view_every = options.ansi ? options.refresh : options.plain_every;
  std::unique_ptr<WebView> web;
  std::function<void()> schedule_next;

  bool started = false;
  bool watched = false;
  std::function<void()> begin;
  // Hands what the last deliveries produced to the web view's pages; the plane is recorded from
  // the moment the first page connects.
  auto feed_web = [&] {
    if (!web) return;
    if (!watched && web->clients() > 0) {
      watched = true;
      if (options.on_first_page) options.on_first_page();
    }
    if (options.feed != nullptr) {
      for (auto& m : options.feed->take()) web->publish(std::move(m));
    }
    web->flush();
  };

  auto stop_all = [&] {
    arrivals.cancel();
    refresh.cancel();
    signals.cancel();
    if (!web) return;
    // The pages get the last frames and the final status, then the server closes.
    feed_web();
    if (web->clients() == 0) {
      web->close();
      return;
    }
    web->status(status_json(run.status(RealClock::now())));
    web_tick.expires_after(options.web_linger);
    web_tick.async_wait([&](const boost::system::error_code&) { web->close(); });
  };

  if (options.web) {
    web =
        std::make_unique<WebView>(io, *options.web, std::string(detail::kWebPage), [&](const WebControl& c) {
          if (!started) begin();
          const auto now = RealClock::now();
          switch (c.kind) {
            case WebControl::Kind::Pause: run.pause(now); break;
            case WebControl::Kind::Resume: run.resume(now); break;
            case WebControl::Kind::Step:
              run.step();
              if (run.done()) {
                stop_all();
                return;
              }
              break;
            case WebControl::Kind::Speed: run.set_speed(c.speed, now); break;
          }
          feed_web();
          web->status(status_json(run.status(now)));
          if (run.paused()) {
            arrivals.cancel();
          } else {
            schedule_next();
          }
        });
    if (options.on_web_listening) options.on_web_listening(web->port());
  }

  if (options.handle_signals) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      run.stop();
      stop_all();
    });
  }

  schedule_next = [&] {
    if (run.done()) {
      stop_all();
      return;
    }
    if (run.paused()) return;
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

  // The web view's pages get new messages and the status every web_every, not per arrival:
  // the replay's own pace does not depend on how many pages watch.
  std::function<void()> schedule_web;
  schedule_web = [&] {
    web_tick.expires_after(options.web_every);
    web_tick.async_wait([&](const boost::system::error_code& ec) {
      if (ec || run.done()) return;
      feed_web();
      if (!started && web->clients() > 0) begin();
      if (web->clients() > 0) web->status(status_json(run.status(RealClock::now())));
      schedule_web();
    });
  };

  begin = [&] {
    started = true;
    run.start(RealClock::now());
    view.update(run.status(RealClock::now()));
    schedule_next();
    schedule_refresh();
  };
  if (web && options.web_wait) {
    view.update(run.status(RealClock::now()));
  } else {
    begin();
  }
  if (web) schedule_web();
  io.run();
  const ReplayStatus final_status = run.status(RealClock::now());
  view.finish(final_status);
  return final_status;
}

}  // namespace streamlab::replay
