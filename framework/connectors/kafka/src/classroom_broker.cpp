// ClassroomBroker: the mock cluster, its topics, and an optional fixed bootstrap port forwarded
// with Boost.Asio to the first broker (librdkafka 2.0 cannot choose its listeners' ports).
#include "streamlab/kafka/classroom_broker.hpp"

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <memory>
#include <ostream>
#include <thread>

#include "streamlab/kafka/kafka_error.hpp"

namespace streamlab::kafka {
namespace {

namespace asio = boost::asio;
using Tcp = asio::ip::tcp;

/// Copies bytes one way between two sockets until either side closes.
void pump(std::shared_ptr<Tcp::socket> from, std::shared_ptr<Tcp::socket> to) {
  auto buffer = std::make_shared<std::array<char, 16384>>();
  from->async_read_some(
      asio::buffer(*buffer), [from, to, buffer](boost::system::error_code ec, std::size_t n) {
        if (ec) {
          boost::system::error_code ignored;
          to->shutdown(Tcp::socket::shutdown_both, ignored);
          return;
        }
        asio::async_write(*to, asio::buffer(*buffer, n),
                          [from, to, buffer](boost::system::error_code write_ec, std::size_t) {
                            if (write_ec) {
                              boost::system::error_code ignored;
                              from->shutdown(Tcp::socket::shutdown_both, ignored);
                              return;
                            }
                            pump(from, to);
                          });
      });
}

}  // namespace

// Named, not anonymous: ClassroomBroker::Impl holds one, and a class member's type must have
// linkage (g++ -Wsubobject-linkage once unity builds include this file into a larger one).
namespace detail {

/// A loopback TCP forwarder: every connection to `port` is relayed to `target` (`host:port`).
class Forwarder {
 public:
  Forwarder(std::uint16_t port, const std::string& target)
      : acceptor_(io_),
        target_host_(target.substr(0, target.rfind(':'))),
        target_port_(target.substr(target.rfind(':') + 1)) {
    boost::system::error_code ec;
    const Tcp::endpoint endpoint(asio::ip::address_v4::loopback(), port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(Tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      throw KafkaError("cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + ec.message());
    }
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  Forwarder(const Forwarder&) = delete;
  Forwarder& operator=(const Forwarder&) = delete;
  ~Forwarder() {
    io_.stop();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, Tcp::socket client) {
      if (ec) return;
      auto in = std::make_shared<Tcp::socket>(std::move(client));
      auto out = std::make_shared<Tcp::socket>(io_);
      auto resolver = std::make_shared<Tcp::resolver>(io_);
      resolver->async_resolve(
          target_host_, target_port_,
          [in, out, resolver](boost::system::error_code rec, const Tcp::resolver::results_type& results) {
            if (rec) return;
            asio::async_connect(*out, results,
                                [in, out](boost::system::error_code cec, const Tcp::endpoint&) {
                                  if (cec) return;
                                  pump(in, out);
                                  pump(out, in);
                                });
          });
      accept();
    });
  }

  asio::io_context io_;
  Tcp::acceptor acceptor_;
  std::string target_host_;
  std::string target_port_;
  std::thread thread_;
};

}  // namespace detail

struct ClassroomBroker::Impl {
  explicit Impl(int brokers) : cluster(brokers) {}
  MockCluster cluster;
  std::unique_ptr<detail::Forwarder> forwarder;
  std::uint16_t port{0};
};

ClassroomBroker::ClassroomBroker(const BrokerOptions& options)
    : impl_(std::make_unique<Impl>(options.brokers)) {
  for (const auto& topic : options.topics) {
    impl_->cluster.create_topic(topic, options.partitions, std::min(options.brokers, 3));
  }
  if (options.port != 0) {
    const auto all = impl_->cluster.bootstrap_servers();
    impl_->forwarder = std::make_unique<detail::Forwarder>(options.port, all.substr(0, all.find(',')));
    impl_->port = options.port;
  }
}

ClassroomBroker::~ClassroomBroker() = default;

std::string ClassroomBroker::bootstrap_servers() const {
  if (impl_->port != 0) return "127.0.0.1:" + std::to_string(impl_->port);
  return impl_->cluster.bootstrap_servers();
}

std::string ClassroomBroker::broker_addresses() const { return impl_->cluster.bootstrap_servers(); }

MockCluster& ClassroomBroker::cluster() noexcept { return impl_->cluster; }

int serve_classroom_broker(const BrokerOptions& options, const ShutdownSignal& stop, std::ostream& out,
                           std::ostream& err) {
  std::unique_ptr<ClassroomBroker> broker;
  try {
    broker = std::make_unique<ClassroomBroker>(options);
  } catch (const std::exception& e) {
    err << "streamlab broker: " << e.what() << '\n';
    return 1;
  }
  const auto bootstrap = broker->bootstrap_servers();
  out << "StreamLab classroom broker (librdkafka mock cluster: in memory, for teaching and tests)\n"
      << "bootstrap: " << bootstrap << '\n'
      << "brokers:   " << broker->broker_addresses() << " (" << options.brokers
      << (options.brokers == 1 ? " broker" : " brokers") << ")\n";
  for (const auto& topic : options.topics) {
    out << "topic:     " << topic << " (" << options.partitions << " partitions)\n";
  }
  const auto topic = options.topics.empty() ? std::string("demo") : options.topics.front();
  out << "try:       echo 'ann:{\"user\":\"ann\",\"ts\":1}' | kcat -P -b " << bootstrap << " -t " << topic
      << " -K: \n"
      << "           kcat -C -b " << bootstrap << " -t " << topic << " -e\n"
      << "limit:     each partition keeps only its newest ~4 MiB (librdkafka's mock deletes older records;\n"
      << "           `replay --to` and `run --kafka` say when that happened). For more data use a real\n"
      << "           broker: ./dev.sh kafka up (docs/kafka.md)\n"
      << "Press Ctrl-C to stop; all data is lost when the broker stops.\n";
  out.flush();
  while (!stop.wait_for(std::chrono::seconds{1})) {
  }
  out << "streamlab broker: stopped\n";
  return 0;
}

}  // namespace streamlab::kafka
