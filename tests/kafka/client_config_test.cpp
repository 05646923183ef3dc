// librdkafka property pass-through: -X key=value, properties files, rejected properties.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "streamlab/error.hpp"
#include "streamlab/kafka/kafka_error.hpp"
#include "streamlab/kafka/kafka_sink.hpp"
#include "streamlab/kafka/mock_cluster.hpp"

namespace streamlab::kafka {
namespace {

TEST(KafkaClientConfig, PropertySplitsAtFirstEqualsSign) {
  EXPECT_EQ(parse_property("security.protocol=SASL_SSL"), (Property{"security.protocol", "SASL_SSL"}));
  EXPECT_EQ(parse_property("sasl.jaas=a=b"), (Property{"sasl.jaas", "a=b"}));
  EXPECT_EQ(parse_property("linger.ms="), (Property{"linger.ms", ""}));
  EXPECT_THROW(parse_property("novalue"), std::invalid_argument);
  EXPECT_THROW(parse_property("=x"), std::invalid_argument);
}

TEST(KafkaClientConfig, PropertiesFileSkipsCommentsAndNamesTheBadLine) {
  const auto dir = std::filesystem::path(STREAMLAB_BINARY_DIR) / "kafka-test-tmp";
  std::filesystem::create_directories(dir);
  const auto good = dir / "good.properties";
  {
    std::ofstream out(good);
    out << "# a comment\n! another\n\nsecurity.protocol = SASL_SSL\nsasl.mechanism=PLAIN\n";
  }
  const auto props = load_properties_file(good);
  ASSERT_EQ(props.size(), 2U);
  EXPECT_EQ(props[0], (Property{"security.protocol", "SASL_SSL"}));
  EXPECT_EQ(props[1], (Property{"sasl.mechanism", "PLAIN"}));

  const auto bad = dir / "bad.properties";
  {
    std::ofstream out(bad);
    out << "acks=all\n\nthis line has no equals sign\n";
  }
  try {
    (void)load_properties_file(bad);
    ADD_FAILURE() << "a line without '=' must be rejected";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 3);
    EXPECT_NE(std::string(e.what()).find("bad.properties"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)load_properties_file(dir / "missing.properties"), InputError);
}

TEST(KafkaClientConfig, FlagsCombineFileThenDashXSoDashXWins) {
  const auto dir = std::filesystem::path(STREAMLAB_BINARY_DIR) / "kafka-test-tmp";
  std::filesystem::create_directories(dir);
  const auto file = dir / "flags.properties";
  {
    std::ofstream out(file);
    out << "acks=1\nclient.id=from-file\n";
  }
  const auto client = client_config_from_flags("b:9092", {"acks=all"}, file);
  EXPECT_EQ(client.bootstrap_servers, "b:9092");
  ASSERT_EQ(client.properties.size(), 3U);
  EXPECT_EQ(client.properties.back(), (Property{"acks", "all"}));
  EXPECT_THROW((void)client_config_from_flags("b:9092", {"acks"}), std::invalid_argument);
}

TEST(KafkaClientConfig, SecretsAreHiddenInDescriptions) {
  const auto text = describe_properties({{"sasl.username", "alice"}, {"sasl.password", "hunter2"}});
  EXPECT_NE(text.find("alice"), std::string::npos);
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
}

TEST(KafkaClientConfig, UnknownPropertyIsRejectedByName) {
  KafkaSinkOptions options;
  options.client.bootstrap_servers = "127.0.0.1:1";
  options.client.properties = {{"no.such.property", "1"}};
  try {
    KafkaSink sink(options);
    ADD_FAILURE() << "an unknown librdkafka property must be rejected";
  } catch (const ConfigurationError& e) {
    EXPECT_NE(std::string(e.what()).find("no.such.property"), std::string::npos) << e.what();
  }
}

TEST(KafkaClientConfig, OneDashXListConfiguresBothClientsWithoutWarningsOrLosingTypos) {
  MockCluster cluster(1);
  // Consumer-only properties reach the producer of a run too; it must not warn about them.
  KafkaSinkOptions options;
  options.client = {cluster.bootstrap_servers(),
                    {{"session.timeout.ms", "3000"}, {"auto.offset.reset", "earliest"}, {"linger.ms", "1"}},
                    std::chrono::seconds{5}};
  testing::internal::CaptureStderr();
  {
    KafkaSink sink(options);
    sink.flush();
  }
  const std::string printed = testing::internal::GetCapturedStderr();
  EXPECT_EQ(printed.find("CONFWARN"), std::string::npos) << printed;
  // A misspelt property is still refused by name, whichever client it was meant for.
  options.client.properties = {{"session.timout.ms", "3000"}};
  EXPECT_THROW(KafkaSink{options}, ConfigurationError);
}

}  // namespace
}  // namespace streamlab::kafka
