// The conversion of a consumed Kafka message into a Record, fresh (to_record) and into the
// storage of a record already delivered (assign_record, as KafkaSource hands the runtime one
// record after another): nothing of the earlier record may survive into the next.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

#include "streamlab/kafka/message_record.hpp"

namespace {

using streamlab::Header;
using streamlab::Record;
using streamlab::Timestamp;
using streamlab::kafka::assign_record;
using streamlab::kafka::KafkaMessageView;
using streamlab::kafka::to_record;

const Timestamp kArrival = streamlab::from_millis(1'750'550'400'000);  // 2025-06-22T00:00:00Z

/// A record as a previous message left it: a long key and value, two headers, a timestamp.
Record earlier_record() {
  Record r;
  r.key = std::string(100, 'k');
  r.value = std::string(200, 'v');
  r.timestamp = streamlab::from_millis(1);
  r.headers = {Header{"trace", "abc"}, Header{"origin", "sales/0@7"}};
  return r;
}

TEST(MessageRecord, AFullMessageBecomesItsKeyValueTimestampAndHeadersInOrder) {
  KafkaMessageView m;
  m.key = "books";
  m.value = R"({"amount":12.5})";
  m.timestamp_ms = 1'750'550'401'500;
  m.headers = {{"a", "1"}, {"b", std::nullopt}};
  const Record r = to_record(m, kArrival);
  EXPECT_EQ(r.key, std::optional<std::string>("books"));
  EXPECT_EQ(r.value, R"({"amount":12.5})");
  EXPECT_EQ(r.timestamp, streamlab::from_millis(1'750'550'401'500));
  ASSERT_EQ(r.headers.size(), 2U);
  EXPECT_EQ(r.headers[0].name, "a");
  EXPECT_EQ(r.headers[0].value, "1");
  EXPECT_EQ(r.headers[1].name, "b");
  EXPECT_EQ(r.headers[1].value, "") << "a null header value becomes empty";
}

TEST(MessageRecord, AssigningATombstoneWithoutKeyTimestampOrHeadersLeavesNothingOfTheEarlierRecord) {
  Record r = earlier_record();
  assign_record(r, KafkaMessageView{}, kArrival);
  EXPECT_EQ(r.key, std::nullopt) << "a null key stays null";
  EXPECT_EQ(r.value, "") << "a null value (tombstone) becomes empty";
  EXPECT_EQ(r.timestamp, kArrival) << "no message timestamp: the arrival time";
  EXPECT_TRUE(r.headers.empty());
}

TEST(MessageRecord, AssigningAShorterMessageGivesWhatToRecordGives) {
  KafkaMessageView m;
  m.key = "toys";
  m.value = "{}";
  m.timestamp_ms = 42;
  m.headers = {{"only", "one"}};
  Record r = earlier_record();
  assign_record(r, m, kArrival);
  EXPECT_EQ(r, to_record(m, kArrival));
  EXPECT_EQ(r.key, std::optional<std::string>("toys"));
  EXPECT_EQ(r.value, "{}");
  EXPECT_EQ(r.timestamp, streamlab::from_millis(42));
  ASSERT_EQ(r.headers.size(), 1U);
  EXPECT_EQ(r.headers[0].value, "one");
}

TEST(MessageRecord, AKeyArrivesIntoARecordThatHadNone) {
  Record r;
  KafkaMessageView m;
  m.key = std::string_view("\0\xff", 2);  // any bytes, a NUL among them
  assign_record(r, m, kArrival);
  ASSERT_TRUE(r.key.has_value());
  EXPECT_EQ(*r.key, std::string("\0\xff", 2));
}

}  // namespace
