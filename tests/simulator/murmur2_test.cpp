// Kafka's default partitioner. The hash vectors are the ones in Kafka's own UtilsTest
// (clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java, testMurmur2) and the short
// keys quoted from the Java implementation by Akka's Murmur2Spec; the partition numbers come from
// an independent Python transcription of Utils.murmur2 and `toPositive(hash) % n`.
#include "streamlab/sim/murmur2.hpp"
#include "streamlab/sim/partitioner.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <stdexcept>

namespace streamlab::sim {
namespace {

TEST(Murmur2, MatchesKafkaUtilsTestVectors) {
  EXPECT_EQ(murmur2("21"), -973932308);
  EXPECT_EQ(murmur2("foobar"), -790332482);
  EXPECT_EQ(murmur2("a-little-bit-long-string"), -985981536);
  EXPECT_EQ(murmur2("a-little-bit-longer-string"), -1486304829);
  EXPECT_EQ(murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971);
  EXPECT_EQ(murmur2("abc"), 479470107);
}

TEST(Murmur2, MatchesJavaClientForEveryTailLength) {
  // Lengths 1..5 exercise each case of the tail switch and one full block.
  EXPECT_EQ(murmur2("1"), -1993445489);
  EXPECT_EQ(murmur2("12"), 126087238);
  EXPECT_EQ(murmur2("123"), -267702483);
  EXPECT_EQ(murmur2("1234"), -1614185708);
  EXPECT_EQ(murmur2("12345"), -1188365604);
}

TEST(Murmur2, TreatsBytesAsUnsignedLikeJavasMask) {
  // UTF-8 bytes above 0x7f: Java masks them with 0xff, so they must not sign-extend.
  EXPECT_EQ(murmur2("\xc3\xa4-\xc3\xbc"), 1712972248);
}

TEST(ToPositive, ClearsOnlyTheSignBit) {
  EXPECT_EQ(to_positive(-1), INT32_MAX);
  EXPECT_EQ(to_positive(INT32_MIN), 0);
  EXPECT_EQ(to_positive(42), 42);
}

TEST(PartitionForKey, ChoosesTheSamePartitionAsKafka) {
  struct Case {
    const char* key;
    int n;
    int partition;
  };
  const Case cases[] = {
      {"user-1", 3, 2}, {"user-1", 12, 8}, {"user-2", 6, 2}, {"alice", 2, 1},
      {"alice", 12, 9}, {"bob", 2, 0},     {"bob", 12, 6},   {"carol", 3, 2},
      {"a", 6, 4},      {"c", 12, 10},     {"", 6, 3},       {"anything", 1, 0},
  };
  for (const Case& c : cases) EXPECT_EQ(partition_for_key(c.key, c.n), c.partition) << c.key;
}

TEST(PartitionForKey, RejectsANonPositivePartitionCount) {
  EXPECT_THROW((void)partition_for_key("k", 0), std::invalid_argument);
}

TEST(DefaultPartitioner, SpreadsNullKeysRoundRobinAndKeysByHash) {
  DefaultPartitioner partitioner(3);
  EXPECT_EQ(partitioner.partition(std::nullopt), 0);
  EXPECT_EQ(partitioner.partition(std::string("user-1")), 2);  // keys do not take a slot
  EXPECT_EQ(partitioner.partition(std::nullopt), 1);
  EXPECT_EQ(partitioner.partition(std::nullopt), 2);
  EXPECT_EQ(partitioner.partition(std::nullopt), 0);
}

}  // namespace
}  // namespace streamlab::sim
