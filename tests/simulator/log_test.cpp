// The in-process log: dense offsets, replay by offset and by timestamp, committed offsets, control
// entries and the global append order. Expected values are worked out by hand in each test.
#include "streamlab/sim/consumer_group.hpp"
#include "streamlab/sim/log.hpp"
#include "streamlab/sim/log_consumer.hpp"

#include <gtest/gtest.h>

#include "sim_test_records.hpp"

#include <stdexcept>

namespace streamlab::sim {
namespace {

using test::rec;

std::vector<std::string> values(const std::vector<ConsumedRecord>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r.record.value);
  return out;
}

TEST(Log, OffsetsAreDenseAndMonotonicPerPartition) {
  Log log;
  log.create_topic("t", 3);
  std::vector<std::int64_t> next(3, 0);
  for (int i = 0; i < 60; ++i) {
    const auto result = log.append("t", rec("k" + std::to_string(i % 7), "v", i), from_millis(i));
    ASSERT_EQ(result.offset, next[static_cast<std::size_t>(result.partition.partition)]++);
  }
  std::int64_t total = 0;
  for (const auto& tp : log.partitions("t")) {
    const auto entries = log.entries(tp);
    for (std::size_t i = 0; i < entries.size(); ++i)
      EXPECT_EQ(entries[i].offset, static_cast<std::int64_t>(i));
    EXPECT_EQ(log.end_offset(tp), static_cast<std::int64_t>(entries.size()));
    total += log.end_offset(tp);
  }
  EXPECT_EQ(total, 60);
}

TEST(Log, KeyedAppendsLandOnTheKafkaPartitionOfTheKey) {
  Log log;
  log.create_topic("t", 12);
  // Partitions from the Python transcription of Kafka's partitioner (see murmur2_test).
  EXPECT_EQ(log.append("t", rec("alice", "1", 0), from_millis(0)).partition.partition, 9);
  EXPECT_EQ(log.append("t", rec("bob", "2", 0), from_millis(0)).partition.partition, 6);
  EXPECT_EQ(log.append("t", rec("alice", "3", 0), from_millis(0)).partition.partition, 9);
  EXPECT_EQ(log.append("t", rec(std::nullopt, "4", 0), from_millis(0)).partition.partition, 0);
  EXPECT_EQ(log.append("t", rec(std::nullopt, "5", 0), from_millis(0)).partition.partition, 1);
}

TEST(Log, ReplayFromAnOffsetReturnsExactlyTheRecordsFromThere) {
  Log log;
  log.create_topic("t", 1);
  const TopicPartition tp{"t", 0};
  for (int i = 0; i < 5; ++i) log.append(tp, rec(std::nullopt, "v" + std::to_string(i), i), {});
  EXPECT_EQ(values(log.read(tp, 2)), (std::vector<std::string>{"v2", "v3", "v4"}));
  EXPECT_EQ(values(log.read(tp, 1, 2)), (std::vector<std::string>{"v1", "v2"}));
  EXPECT_TRUE(log.read(tp, 5).empty());
  EXPECT_EQ(log.read(tp, 3).front().offset, 3);
  EXPECT_THROW((void)log.read(tp, 6), std::out_of_range);
  EXPECT_THROW((void)log.read(tp, -1), std::out_of_range);
}

TEST(Log, OffsetForTimestampIsTheFirstOffsetWithTimestampAtLeastT) {
  Log log;
  log.create_topic("t", 1);
  const TopicPartition tp{"t", 0};
  // Record timestamps out of order, as event times are: 10, 30, 20, 40, 25.
  for (std::int64_t ts : {10, 30, 20, 40, 25}) log.append(tp, rec(std::nullopt, std::to_string(ts), ts), {});
  EXPECT_EQ(log.offset_for_timestamp(tp, from_millis(5)), 0);
  EXPECT_EQ(log.offset_for_timestamp(tp, from_millis(10)), 0);
  EXPECT_EQ(log.offset_for_timestamp(tp, from_millis(11)), 1);
  EXPECT_EQ(log.offset_for_timestamp(tp, from_millis(31)), 3);
  EXPECT_EQ(log.offset_for_timestamp(tp, from_millis(41)), std::nullopt);
  // Replay from timestamp 21: from offset 1 on, including the later, smaller timestamps.
  EXPECT_EQ(values(log.read_from_timestamp(tp, from_millis(21))),
            (std::vector<std::string>{"30", "20", "40", "25"}));
  EXPECT_TRUE(log.read_from_timestamp(tp, from_millis(41)).empty());
}

TEST(Log, WatermarkMarksTakeAnOffsetButRecordReadersSkipThem) {
  Log log;
  log.create_topic("t", 2);
  const TopicPartition p0{"t", 0};
  log.append(p0, rec(std::nullopt, "a", 1), from_millis(0));
  const auto marks = log.append_watermark("t", from_millis(7), from_millis(5));
  ASSERT_EQ(marks.size(), 2u);
  EXPECT_EQ(marks[0].offset, 1);
  EXPECT_EQ(marks[1].offset, 0);
  log.append(p0, rec(std::nullopt, "b", 2), from_millis(6));
  EXPECT_EQ(log.end_offset(p0), 3);
  EXPECT_TRUE(log.entries(p0)[1].is_control());
  EXPECT_EQ(log.entries(p0)[1].watermark, from_millis(7));
  const auto records = log.read(p0, 0);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].offset, 2);
  // A timestamp seek never lands on a mark.
  EXPECT_EQ(log.offset_for_timestamp(p0, from_millis(2)), 2);
  // Both copies of a mark share one sequence number.
  EXPECT_EQ(log.entries(p0)[1].sequence, log.entries(TopicPartition{"t", 1})[0].sequence);
}

TEST(Log, AppendTimeNeverGoesBackWithinAPartition) {
  Log log;
  log.create_topic("t", 1);
  const TopicPartition tp{"t", 0};
  log.append(tp, rec(std::nullopt, "a", 0), from_millis(100));
  log.append(tp, rec(std::nullopt, "b", 0), from_millis(50));
  EXPECT_EQ(log.entries(tp)[1].append_time, from_millis(100));
}

TEST(Log, CommittedOffsetsAreKeptPerGroupTopicAndPartition) {
  Log log;
  log.create_topic("a", 2);
  log.create_topic("b", 1);
  for (int i = 0; i < 4; ++i) {
    log.append(TopicPartition{"a", i % 2}, rec(std::nullopt, "x", i), {});
    log.append(TopicPartition{"b", 0}, rec(std::nullopt, "y", i), {});
  }
  log.commit("g1", TopicPartition{"a", 0}, 1);
  log.commit("g1", TopicPartition{"a", 1}, 2);
  log.commit("g2", TopicPartition{"a", 0}, 2);
  log.commit("g1", TopicPartition{"b", 0}, 4);
  log.commit("g1", TopicPartition{"a", 0}, 2);  // a later commit replaces the earlier one
  EXPECT_EQ(log.committed("g1", TopicPartition{"a", 0}), 2);
  EXPECT_EQ(log.committed("g1", TopicPartition{"a", 1}), 2);
  EXPECT_EQ(log.committed("g2", TopicPartition{"a", 0}), 2);
  EXPECT_EQ(log.committed("g2", TopicPartition{"a", 1}), std::nullopt);
  EXPECT_EQ(log.committed("g3", TopicPartition{"b", 0}), std::nullopt);
  EXPECT_EQ(log.committed_offsets("g1").size(), 3u);
  EXPECT_THROW(log.commit("g1", TopicPartition{"b", 0}, 5), std::invalid_argument);
  EXPECT_THROW(log.commit("", TopicPartition{"b", 0}, 1), std::invalid_argument);
}

TEST(Log, TopicsNeedAPositivePartitionCountThatNeverChanges) {
  Log log;
  EXPECT_THROW(log.create_topic("t", 0), std::invalid_argument);
  log.create_topic("t", 2);
  EXPECT_NO_THROW(log.create_topic("t", 2));
  EXPECT_THROW(log.create_topic("t", 3), std::invalid_argument);
  EXPECT_THROW((void)log.partition_count("missing"), std::out_of_range);
  EXPECT_THROW(log.append(TopicPartition{"t", 2}, Record{}, {}), std::out_of_range);
  EXPECT_EQ(log.topics(), std::vector<std::string>{"t"});
}

TEST(LogConsumer, DeliversInGlobalAppendOrderAcrossPartitions) {
  Log log;
  log.create_topic("t", 2);
  // Append times: p0 at 0, p1 at 5, p0 at 5, p0 at 9.
  log.append(TopicPartition{"t", 0}, rec(std::nullopt, "p0@0", 0), from_millis(0));
  log.append(TopicPartition{"t", 1}, rec(std::nullopt, "p1@5", 0), from_millis(5));
  log.append(TopicPartition{"t", 0}, rec(std::nullopt, "p0@5", 0), from_millis(5));
  log.append(TopicPartition{"t", 0}, rec(std::nullopt, "p0@9", 0), from_millis(9));
  LogConsumer consumer(log, log.partitions("t"));
  std::vector<std::string> order;
  while (auto e = consumer.poll()) order.push_back(e->entry.record.value);
  // Ties at time 5 go by append sequence: p1@5 was appended first.
  EXPECT_EQ(order, (std::vector<std::string>{"p0@0", "p1@5", "p0@5", "p0@9"}));
  EXPECT_EQ(consumer.position(TopicPartition{"t", 0}), 3);
  EXPECT_EQ(consumer.position(TopicPartition{"t", 1}), 1);
}

TEST(LogConsumer, SeeksByOffsetTimestampAndCommittedOffset) {
  Log log;
  log.create_topic("t", 1);
  const TopicPartition tp{"t", 0};
  for (int i = 0; i < 5; ++i) log.append(tp, rec(std::nullopt, std::to_string(i), i * 10), {});
  LogConsumer consumer(log, {tp});
  consumer.seek(tp, 3);
  EXPECT_EQ(consumer.poll()->entry.record.value, "3");
  consumer.seek_to_timestamp(from_millis(15));
  EXPECT_EQ(consumer.position(tp), 2);
  consumer.seek_to_timestamp(from_millis(99));
  EXPECT_EQ(consumer.position(tp), 5);
  EXPECT_FALSE(consumer.poll().has_value());
  consumer.seek_to_committed("nobody");
  EXPECT_EQ(consumer.position(tp), 0);
  log.commit("g", tp, 4);
  consumer.seek_to_committed("g");
  EXPECT_EQ(consumer.poll()->entry.offset, 4);
  EXPECT_THROW(consumer.seek(tp, 6), std::out_of_range);
  EXPECT_THROW((void)consumer.position(TopicPartition{"t", 1}), std::out_of_range);
}

TEST(RangeAssignment, SplitsPartitionsLikeKafkasRangeAssignor) {
  Log log;
  log.create_topic("a", 5);
  log.create_topic("b", 2);
  // 5 partitions over 2 members: member 0 takes 0-2, member 1 takes 3-4; 2 partitions: one each.
  const auto m0 = range_assignment(log, {"a", "b"}, 0, 2);
  const auto m1 = range_assignment(log, {"a", "b"}, 1, 2);
  EXPECT_EQ(m0, (std::vector<TopicPartition>{{"a", 0}, {"a", 1}, {"a", 2}, {"b", 0}}));
  EXPECT_EQ(m1, (std::vector<TopicPartition>{{"a", 3}, {"a", 4}, {"b", 1}}));
  // More members than partitions: the last ones get nothing.
  EXPECT_TRUE(range_assignment(log, {"b"}, 2, 3).empty());
  EXPECT_THROW((void)range_assignment(log, {"a"}, 2, 2), std::invalid_argument);
}

}  // namespace
}  // namespace streamlab::sim
