// `streamlab broker`: an in-memory Kafka cluster on loopback (librdkafka's mock cluster) for
// practising with kcat and StreamLab's Kafka mode. Flags in; streamlab::kafka does the work.
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"

#ifdef STREAMLAB_WITH_KAFKA
#include "streamlab/kafka/classroom_broker.hpp"
#include "streamlab/kafka/shutdown_signal.hpp"
#endif

namespace streamlab::cli {

#ifdef STREAMLAB_WITH_KAFKA

void add_broker_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "broker", "Start an in-memory Kafka cluster on 127.0.0.1 for classes and tests (Ctrl-C stops it)");
  auto options = std::make_shared<kafka::BrokerOptions>();
  cmd->add_option("--port", options->port,
                  "Fixed bootstrap port on 127.0.0.1, forwarded to the first broker. librdkafka "
                  "2.0's mock brokers listen on ports the OS picks, so without --port the "
                  "printed bootstrap address changes at every start")
      ->check(CLI::Range(1, 65535));
  cmd->add_option("--brokers", options->brokers, "Number of brokers (ids 1..N)")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  cmd->add_option("--partitions", options->partitions, "Partitions of each --topic")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--topic", options->topics, "Create this topic at start (repeatable)");
  cmd->footer(
      "What it is: librdkafka's mock cluster speaking the real Kafka protocol on loopback, so kcat,\n"
      "the Java clients and `streamlab run --kafka` can connect. What it is not: a durable or\n"
      "complete broker. Data lives in memory and is lost on exit; it is for teaching and tests.\n"
      "Example:\n"
      "  streamlab broker --port 9092 --partitions 3 --topic clicks\n"
      "  kcat -C -b 127.0.0.1:9092 -t clicks -e");
  cmd->callback([options, &exit_code] {
    const kafka::ShutdownSignal stop;
    exit_code = kafka::serve_classroom_broker(*options, stop, std::cout, std::cerr);
  });
}

#else

void add_broker_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("broker", "(this build has no Kafka support)");
  cmd->callback([&exit_code] {
    std::cerr << "streamlab broker: this build was configured without Kafka "
                 "(STREAMLAB_BUILD_KAFKA=OFF)\n";
    exit_code = kFailure;
  });
}

#endif

}  // namespace streamlab::cli
