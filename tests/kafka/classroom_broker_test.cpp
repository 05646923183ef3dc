// `streamlab broker`'s library side: topics created up front, the fixed bootstrap port forwards
// to the cluster, the serve loop prints the address and returns 0 on a stop request.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <sstream>
#include <thread>

#include "kafka_test_support.hpp"
#include "streamlab/kafka/classroom_broker.hpp"
#include "streamlab/kafka/kafka_admin.hpp"
#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/kafka/kafka_run.hpp"
#include "streamlab/kafka/kafka_sink.hpp"
#include "streamlab/streamlab.hpp"

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

/// Counts per user and 10 s window behind a re-keying by page (so the run has a repartition).
Topology counts_by_page() {
  StreamsBuilder b{{"classroom-app"}};
  b.stream("visits", Consumed{serdes::String(), serdes::String()})
      .selectKey([](const std::string&, const std::string& page) { return page; })
      .groupByKey()
      .windowedBy(TimeWindows::ofSize(std::chrono::seconds{10}))
      .count()
      .toStream()
      .to("visits-per-page");
  return b.build();
}

TEST(ClassroomBroker, ARunCreatesItsOutputLateDeadLetterAndRepartitionTopicsBeforeItReadsAnything) {
  // The classroom broker has no Admin API for topics; the run has it create them on a metadata
  // request instead of leaving them to the first write. Nothing is written here (the input is
  // empty), so topics that exist were created up front: the output, the late and dead-letter
  // topics (which a run without late records or dead letters never writes) and the repartition
  // topic (which a run without scale-out writes for the record).
  BrokerOptions options;
  options.topics = {"visits"};
  options.partitions = 2;
  ClassroomBroker broker(options);
  Topology topology = counts_by_page();
  KafkaRunOptions run;
  run.client.bootstrap_servers = broker.bootstrap_servers();
  run.client.properties = {{"session.timeout.ms", "3000"}, {"heartbeat.interval.ms", "500"}};
  run.stop_at_end = true;
  const auto report = run_on_kafka(topology, run);
  EXPECT_EQ(report.accounting.records_in, 0);

  const KafkaAdmin admin(ClientConfig{broker.bootstrap_servers(), {}, std::chrono::seconds{5}});
  const auto topics = admin.topics(std::chrono::seconds{5});
  ASSERT_EQ(topology.internal_topics().size(), 1U);
  for (const std::string& topic :
       {std::string{"visits-per-page"}, std::string{"classroom-app-late"},
        std::string{"classroom-app-dead-letters"}, topology.internal_topics().front()}) {
    ASSERT_TRUE(topics.contains(topic)) << topic << " was not created up front";
    for (std::int32_t p = 0; p < topics.at(topic); ++p) {
      EXPECT_EQ(admin.offsets({topic, p}, std::chrono::seconds{5}).high, 0) << topic << " holds records";
    }
  }
}

TEST(ClassroomBroker, AScaleOutRunSaysAtOnceHowToCreateItsRepartitionTopic) {
  // The broker could only create the repartition topic with its own default count, not the
  // widest input's (2 here): the run must say which topic to create with how many partitions.
  BrokerOptions options;
  options.topics = {"visits"};
  options.partitions = 2;
  ClassroomBroker broker(options);
  Topology topology = counts_by_page();
  ASSERT_EQ(topology.internal_topics().size(), 1U);
  const auto repartition = topology.internal_topics().front();
  KafkaRunOptions run;
  run.client.bootstrap_servers = broker.bootstrap_servers();
  run.scale_out = true;
  run.stop_at_end = true;
  try {
    run_on_kafka(topology, run);
    ADD_FAILURE() << "a scale-out run without its repartition topic on the classroom broker must stop";
  } catch (const KafkaError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("--topic " + repartition + " --partitions 2"), std::string::npos) << what;
  }
  const KafkaAdmin admin(ClientConfig{broker.bootstrap_servers(), {}, std::chrono::seconds{5}});
  EXPECT_FALSE(admin.topics(std::chrono::seconds{5}).contains(repartition))
      << "a repartition topic with the broker's default count was left behind";
}

}  // namespace
}  // namespace streamlab::kafka
