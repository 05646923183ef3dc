/// @file
/// The live web view of `streamlab replay --web HOST:PORT`: an HTTP server (Boost.Beast) that
/// serves one page and streams the run's plane to it over a WebSocket, on the replay's own event
/// loop. The page sends pause, resume, step and speed back, which drive the replay's pacer.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "streamlab/replay/pacer.hpp"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace streamlab::replay {

/// Where the web view listens.
struct WebEndpoint {
  std::string host{"127.0.0.1"};  ///< An IPv4 or IPv6 address, or `localhost`.
  unsigned short port{8080};      ///< The TCP port (0: any free port, for tests).

  /// Whether only this machine can connect (127.0.0.0/8, ::1, localhost).
  [[nodiscard]] bool loopback() const;
};

/// Parses `HOST:PORT` (`127.0.0.1:8080`, `[::1]:8080`, `localhost:8080`) or a bare `PORT`
/// (loopback).
/// @throws std::invalid_argument naming the text when it is not one of these.
WebEndpoint parse_web_endpoint(std::string_view text);

/// A request from a page: pause, resume, step one arrival, or change the speed.
struct WebControl {
  /// What the page asked for.
  enum class Kind {
    Pause,   ///< Stop delivering.
    Resume,  ///< Deliver again from where the replay stands.
    Step,    ///< Deliver the next arrival (while paused).
    Speed,   ///< Change the speed to `speed`.
  };
  Kind kind{Kind::Pause};  ///< The request.
  Speed speed{};           ///< The new speed, for Kind::Speed.
};

/// Parses a control message of the page: `pause`, `resume`, `step`, `speed:60`, `speed:max`;
/// std::nullopt for anything else (ignored).
std::optional<WebControl> parse_web_control(std::string_view text);

/// The server. Every message published is kept (the plane so far) and sent to every page: a new
/// page first receives all of them. Each page has a bounded queue; a page that falls behind (a
/// slow or closed tab) has its queue dropped and is sent the whole plane again once it drains, so
/// it never holds the replay back.
class WebView {
 public:
  /// Handles the pages' requests, on the event loop's thread.
  using OnControl = std::function<void(const WebControl&)>;

  /// Listens on `at` on `io` (the replay's loop) and serves `page` at `/`.
  /// @param io the event loop the server runs on (the replay's).
  /// @param at where to listen.
  /// @param page the HTML page served at `/`.
  /// @param on_control called with each control a page sends.
  /// @param queue_limit frames a page may have waiting before it is resynchronised.
  /// @throws std::runtime_error when the address cannot be bound (naming it).
  WebView(boost::asio::io_context& io, const WebEndpoint& at, std::string page, OnControl on_control,
          std::size_t queue_limit = 256);
  ~WebView();
  WebView(const WebView&) = delete;
  WebView& operator=(const WebView&) = delete;

  /// The port it listens on (the one chosen, for port 0).
  [[nodiscard]] unsigned short port() const;

  /// Pages connected now.
  [[nodiscard]] std::size_t clients() const;

  /// Adds a message (one JSON object) to the plane; it is sent with the next flush().
  void publish(std::string message);

  /// Sends the status line (`{"type":"status",...}`) to the pages now; it is not kept.
  void status(std::string message);

  /// Sends what was published since the last flush to every page, as one frame (a JSON array).
  void flush();

  /// Stops listening and closes every page's connection.
  void close();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace streamlab::replay
