// The web view's server with a real WebSocket client (Boost.Beast, synchronous, in a thread of its
// own): a page first gets the plane so far; a page that falls behind its bounded queue loses the
// frames it could not take and is sent the whole plane again, which it can always rebuild from.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "streamlab/replay/web_view.hpp"

namespace streamlab::replay {
namespace {

namespace beast = boost::beast;
using Tcp = boost::asio::ip::tcp;
using namespace std::chrono_literals;

// Runs `io` until `done()` or `limit` passed.
template <class Done>
void run_until(boost::asio::io_context& io, Done done, std::chrono::milliseconds limit = 5s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < end) {
    io.restart();
    io.run_for(5ms);
  }
}

TEST(WebView, SlowPageIsResynchronisedWithTheWholePlane) {
  boost::asio::io_context io;
  WebView view(io, WebEndpoint{"127.0.0.1", 0}, "<html></html>", {}, 2);
  const unsigned short port = view.port();

  std::vector<std::string> frames;
  std::atomic<bool> connected{false};
  std::atomic<bool> go{false};
  std::atomic<int> read{0};
  std::thread page([&] {
    boost::asio::io_context client_io;
    beast::websocket::stream<Tcp::socket> ws(client_io);
    ws.next_layer().connect(Tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    ws.handshake("127.0.0.1", "/plane");
    connected = true;
    while (!go) std::this_thread::sleep_for(1ms);
    for (int i = 0; i < 3; ++i) {
      beast::flat_buffer buffer;
      ws.read(buffer);
      frames.push_back(beast::buffers_to_string(buffer.data()));
      ++read;
    }
  });
  // The page connects and its first frame (the empty plane) goes out.
  run_until(io, [&] { return connected && view.clients() == 1; });
  ASSERT_EQ(view.clients(), 1u);
  run_until(
      io, [] { return false; }, 200ms);
  // Ten frames published without the loop turning: the first is being written, the second
  // waits, the third finds the queue full (2): the page will get the whole plane instead.
  for (int i = 0; i < 10; ++i) {
    view.publish("{\"i\":" + std::to_string(i) + "}");
    view.flush();
  }
  go = true;
  run_until(io, [&] { return read == 3; });
  page.join();
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[0], "[{\"type\":\"reset\"}]");
  EXPECT_EQ(frames[1], "[{\"i\":0}]");
  EXPECT_EQ(frames[2],
            "[{\"type\":\"reset\"},{\"i\":0},{\"i\":1},{\"i\":2},{\"i\":3},{\"i\":4},{\"i\":5},{\"i\":6},"
            "{\"i\":7},{\"i\":8},{\"i\":9}]");
}

TEST(WebView, ServesThePageAndNothingElse) {
  boost::asio::io_context io;
  WebView view(io, WebEndpoint{"127.0.0.1", 0}, "<html>plane</html>", {});
  const unsigned short port = view.port();
  std::vector<std::pair<unsigned, std::string>> answers;
  std::atomic<bool> finished{false};
  std::thread client([&] {
    for (const char* target : {"/", "/missing"}) {
      boost::asio::io_context client_io;
      beast::tcp_stream stream(client_io);
      stream.connect(Tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
      beast::http::request<beast::http::empty_body> req{beast::http::verb::get, target, 11};
      req.set(beast::http::field::host, "127.0.0.1");
      beast::http::write(stream, req);
      beast::flat_buffer buffer;
      beast::http::response<beast::http::string_body> res;
      beast::http::read(stream, buffer, res);
      answers.emplace_back(res.result_int(), res.body());
    }
    finished = true;
  });
  run_until(io, [&] { return finished.load(); });
  client.join();
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0], (std::pair<unsigned, std::string>{200, "<html>plane</html>"}));
  EXPECT_EQ(answers[1].first, 404u);
}

// Browsers open spare connections ahead of need and leave them idle: once the server is closed,
// such a connection that never sent a request must not keep the replay's loop running.
TEST(WebView, CloseEndsConnectionsThatSentNoRequest) {
  boost::asio::io_context io;
  WebView view(io, WebEndpoint{"127.0.0.1", 0}, "<html></html>", {});
  boost::asio::io_context client_io;
  Tcp::socket idle(client_io);
  idle.connect(Tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), view.port()));
  io.run_for(50ms);  // the server accepts it and waits for its request
  view.close();
  io.restart();
  io.run_for(2s);  // returns at once when nothing is left to wait for
  EXPECT_TRUE(io.stopped()) << "the server still waits on the idle connection";
}

TEST(WebView, AnAddressInUseIsAnErrorNamingIt) {
  boost::asio::io_context io;
  WebView first(io, WebEndpoint{"127.0.0.1", 0}, "", {});
  try {
    WebView second(io, WebEndpoint{"127.0.0.1", first.port()}, "", {});
    FAIL() << "the second server bound a port in use";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot listen on 127.0.0.1:" + std::to_string(first.port())),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace streamlab::replay
