#include "streamlab/replay/web_view.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <charconv>
#include <deque>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

namespace streamlab::replay {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using Tcp = asio::ip::tcp;
using Frame = std::shared_ptr<const std::string>;

// The plane kept for pages that connect later; beyond this a page joining late sees a notice
// instead of the beginning (a classroom replay is far smaller).
constexpr std::size_t kPlaneLimit = std::size_t{64} << 20;

}  // namespace

bool WebEndpoint::loopback() const {
  if (host == "localhost" || host == "::1") return true;
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

WebEndpoint parse_web_endpoint(std::string_view text) {
  const auto bad = [&] {
    return std::invalid_argument("invalid --web address '" + std::string(text) +
                                 "': expected HOST:PORT such as 127.0.0.1:8080, or a port");
  };
  WebEndpoint e;
  std::string_view port = text;
  if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
    e.host = std::string(text.substr(0, colon));
    port = text.substr(colon + 1);
    if (e.host.size() >= 2 && e.host.front() == '[' && e.host.back() == ']')
      e.host = e.host.substr(1, e.host.size() - 2);
    if (e.host.empty()) throw bad();
    if (e.host != "localhost") {
      boost::system::error_code ec;
      (void)asio::ip::make_address(e.host, ec);
      if (ec) throw bad();
    }
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc{} || end != port.data() + port.size() || port.empty() || value > 65535) throw bad();
  e.port = static_cast<unsigned short>(value);
  return e;
}

std::optional<WebControl> parse_web_control(std::string_view text) {
  if (text == "pause") return WebControl{WebControl::Kind::Pause, {}};
  if (text == "resume") return WebControl{WebControl::Kind::Resume, {}};
  if (text == "step") return WebControl{WebControl::Kind::Step, {}};
  if (text.starts_with("speed:")) {
    try {
      return WebControl{WebControl::Kind::Speed, parse_speed(text.substr(6))};
    } catch (const std::invalid_argument&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

struct WebView::Impl : std::enable_shared_from_this<WebView::Impl> {
  class Page;
  class Request;

  Impl(asio::io_context& io, std::string page_html, OnControl control, std::size_t limit)
      : acceptor(io), page(std::move(page_html)), on_control(std::move(control)), queue_limit(limit) {}

  void accept();
  void serve(Tcp::socket socket);
  [[nodiscard]] Frame whole_plane() const {
    std::string f = "[{\"type\":\"reset\"}";
    if (!plane.empty()) f += "," + plane;
    if (plane_truncated) f += ",{\"type\":\"truncated\"}";
    f += "]";
    return std::make_shared<const std::string>(std::move(f));
  }

  Tcp::acceptor acceptor;
  std::string page;
  OnControl on_control;
  std::size_t queue_limit;
  std::string plane;    // every message so far, comma-separated
  std::string pending;  // messages since the last flush, comma-separated
  bool plane_truncated{false};
  std::set<std::shared_ptr<Page>> pages;
  // Connections whose HTTP request has not come yet: a browser opens spare ones ahead of need
  // and may leave them idle for minutes; close() closes them, or the replay would wait for them.
  std::vector<std::weak_ptr<Request>> requests;
  bool closed{false};
};

// One connected page: a WebSocket with a bounded queue of frames.
class WebView::Impl::Page : public std::enable_shared_from_this<Page> {
 public:
  Page(Tcp::socket socket, std::weak_ptr<Impl> owner) : ws_(std::move(socket)), owner_(std::move(owner)) {}

  void start(http::request<http::string_body> request) {
    ws_.text(true);
    ws_.async_accept(request, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->drop();
      if (auto owner = self->owner_.lock()) {
        owner->pages.insert(self);
        self->send(owner->whole_plane());
      }
      self->read();
    });
  }

  // Queues a frame; a page whose queue is full loses it and is sent the whole plane once the
  // frame being written is out.
  void send(const Frame& frame) {
    auto owner = owner_.lock();
    if (!owner) return;
    if (queue_.size() >= owner->queue_limit) {
      while (queue_.size() > (writing_ ? 1U : 0U)) queue_.pop_back();
      resync_ = true;
      return;
    }
    if (resync_) return;
    queue_.push_back(frame);
    if (!writing_) write();
  }

  void close() {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).close(ec);
  }

 private:
  void write() {
    if (queue_.empty()) {
      if (!resync_) return;
      resync_ = false;
      auto owner = owner_.lock();
      if (!owner) return;
      queue_.push_back(owner->whole_plane());
    }
    writing_ = true;
    ws_.async_write(asio::buffer(*queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      self->writing_ = false;
                      if (ec) return self->drop();
                      self->queue_.pop_front();
                      self->write();
                    });
  }

  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->drop();
      const std::string text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      if (auto owner = self->owner_.lock()) {
        if (const auto control = parse_web_control(text); control && owner->on_control)
          owner->on_control(*control);
      }
      self->read();
    });
  }

  void drop() {
    if (auto owner = owner_.lock()) owner->pages.erase(shared_from_this());
    queue_.clear();
  }

  websocket::stream<Tcp::socket> ws_;
  std::weak_ptr<Impl> owner_;
  beast::flat_buffer buffer_;
  std::deque<Frame> queue_;
  bool writing_{false};
  bool resync_{false};
};

// One HTTP request: the page, or the upgrade to the page's WebSocket.
class WebView::Impl::Request : public std::enable_shared_from_this<Request> {
 public:
  Request(Tcp::socket socket, std::weak_ptr<Impl> owner)
      : socket_(std::move(socket)), owner_(std::move(owner)) {}

  void close() {
    beast::error_code ec;
    socket_.close(ec);
  }

  void start() {
    http::async_read(socket_, buffer_, request_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return;
                       self->answer();
                     });
  }

 private:
  void answer();

  Tcp::socket socket_;
  std::weak_ptr<WebView::Impl> owner_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

void WebView::Impl::accept() {
  acceptor.async_accept([self = shared_from_this()](beast::error_code ec, Tcp::socket socket) {
    if (self->closed) return;
    if (!ec) {
      auto request = std::make_shared<Request>(std::move(socket), self);
      std::erase_if(self->requests, [](const std::weak_ptr<Request>& r) { return r.expired(); });
      self->requests.push_back(request);
      request->start();
    }
    self->accept();
  });
}

void WebView::Impl::Request::answer() {
  auto owner = owner_.lock();
  if (!owner) return;
  if (websocket::is_upgrade(request_)) {
    std::make_shared<Page>(std::move(socket_), owner_)->start(std::move(request_));
    return;
  }
  const bool page = request_.target() == "/" || request_.target() == "/index.html";
  // Browsers ask for an icon by themselves; there is none, which is not an error.
  const bool icon = request_.target() == "/favicon.ico";
  response_.version(request_.version());
  response_.keep_alive(false);
  response_.result(page ? http::status::ok : (icon ? http::status::no_content : http::status::not_found));
  response_.set(http::field::content_type, page ? "text/html; charset=utf-8" : "text/plain");
  response_.set(http::field::cache_control, "no-store");
  response_.body() = page ? owner->page : (icon ? "" : "not found\n");
  response_.prepare_payload();
  http::async_write(socket_, response_, [self = shared_from_this()](beast::error_code, std::size_t) {
    beast::error_code ignored;
    self->socket_.shutdown(Tcp::socket::shutdown_send, ignored);
  });
}

WebView::WebView(asio::io_context& io, const WebEndpoint& at, std::string page, OnControl on_control,
                 std::size_t queue_limit)
    : impl_(std::make_shared<Impl>(io, std::move(page), std::move(on_control), queue_limit)) {
  const std::string host = at.host == "localhost" ? "127.0.0.1" : at.host;
  const Tcp::endpoint endpoint(asio::ip::make_address(host), at.port);
  beast::error_code ec;
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + at.host + ":" + std::to_string(at.port) + ": " +
                             ec.message());
  }
  impl_->accept();
}

WebView::~WebView() { close(); }

unsigned short WebView::port() const { return impl_->acceptor.local_endpoint().port(); }

std::size_t WebView::clients() const { return impl_->pages.size(); }

void WebView::publish(std::string message) {
  if (!impl_->pending.empty()) impl_->pending += ',';
  impl_->pending += message;
}

void WebView::status(std::string message) {
  if (impl_->pages.empty()) return;
  const auto frame = std::make_shared<const std::string>("[" + message + "]");
  for (const auto& page : std::set(impl_->pages)) page->send(frame);
}

void WebView::flush() {
  Impl& m = *impl_;
  if (m.pending.empty()) return;
  if (m.plane.size() + m.pending.size() <= kPlaneLimit) {
    if (!m.plane.empty()) m.plane += ',';
    m.plane += m.pending;
  } else {
    m.plane_truncated = true;
  }
  if (!m.pages.empty()) {
    const auto frame = std::make_shared<const std::string>("[" + m.pending + "]");
    for (const auto& page : std::set(m.pages)) page->send(frame);
  }
  m.pending.clear();
}

void WebView::close() {
  if (impl_->closed) return;
  impl_->closed = true;
  beast::error_code ec;
  impl_->acceptor.close(ec);
  for (const auto& page : std::set(impl_->pages)) page->close();
  impl_->pages.clear();
  for (const auto& waiting : impl_->requests) {
    if (auto request = waiting.lock()) request->close();
  }
  impl_->requests.clear();
}

}  // namespace streamlab::replay
