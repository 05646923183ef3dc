// `streamlab broker`'s library side: topics created up front, the fixed bootstrap port forwards
// to the cluster, the serve loop prints the address and returns 0 on a stop request.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <sstream>
#include <thread>

#include "kafka_test_support.hpp"
#include "streamlab/kafka/classroom_broker.hpp"
#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/kafka/kafka_sink.hpp"

namespace streamlab::kafka {
namespace {

/// A loopback port that was free a moment ago (the OS picks it).
std::uint16_t free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::address_v4::loopback(), 0});
  return acceptor.local_endpoint().port();
}

TEST(ClassroomBroker, FixedPortBootstrapsClientsIntoTheCluster) {
  BrokerOptions options;
  options.brokers = 2;
  options.partitions = 3;
  options.topics = {"clicks"};
  options.port = free_port();
  ClassroomBroker broker(options);
  EXPECT_EQ(broker.bootstrap_servers(), "127.0.0.1:" + std::to_string(options.port));

  KafkaSinkOptions sink_options;
  sink_options.client.bootstrap_servers = broker.bootstrap_servers();
  KafkaSink sink(sink_options);
  for (int i = 0; i < 12; ++i) sink.write("clicks", test::keyed("u" + std::to_string(i), "{}", i));
  sink.flush();
  EXPECT_EQ(sink.stats().delivered, 12);

  auto source_options = test::source_options(broker.bootstrap_servers(), "clicks", "g-class");
  source_options.stop_at_end = true;
  KafkaSource source(source_options);
  const auto got = test::drain(source, 13);
  EXPECT_EQ(got.records.size(), 12U);
  ASSERT_FALSE(got.assignment_changes.empty());
  EXPECT_EQ(got.assignment_changes.front().assigned.size(), 3U) << "--partitions 3 was honoured";
}

TEST(ClassroomBroker, PortInUseIsReportedNotIgnored) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor taken(io, {boost::asio::ip::address_v4::loopback(), 0});
  BrokerOptions options;
  options.port = taken.local_endpoint().port();
  try {
    ClassroomBroker broker(options);
    ADD_FAILURE() << "a port in use must be reported";
  } catch (const KafkaError& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(options.port)), std::string::npos) << e.what();
  }
}

TEST(ClassroomBroker, ServePrintsBootstrapAndKcatExampleAndStopsWithZero) {
  BrokerOptions options;
  options.topics = {"demo"};
  ShutdownSignal stop;
  std::ostringstream out;
  std::ostringstream err;
  int status = -1;
  std::thread serve([&] { status = serve_classroom_broker(options, stop, out, err); });
  std::this_thread::sleep_for(std::chrono::milliseconds{500});
  stop.request();
  serve.join();
  EXPECT_EQ(status, 0);
  EXPECT_NE(out.str().find("bootstrap: 127.0.0.1:"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("kcat -C -b 127.0.0.1:"), std::string::npos) << out.str();
  EXPECT_TRUE(err.str().empty()) << err.str();
}

}  // namespace
}  // namespace streamlab::kafka
