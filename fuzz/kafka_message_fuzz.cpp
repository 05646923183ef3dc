// libFuzzer target: Kafka messages as a producer could have written them (any key, value,
// timestamp and headers, null or not) through the Kafka connector's conversion to a Record and
// into a topology that decodes them (JSON value serde, event time from a field or from the
// message timestamp) and counts them in windows. Checked: every message is accounted for
// (contributed, late output or a dead letter with a reason) and every output value is JSON.
//
// Input: byte 0 chooses the topology; then messages, each
//   [partition:1][timestamp:8, little-endian; 0x80 00.. = none][key_len:1, 255 = null][key]
//   [value_len:2, little-endian, 0xFFFF = null][value][header_count:1]
//   ([name_len:1][name][value_len:1, 255 = null][value])*
// A message cut short ends the input.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "streamlab/kafka/message_record.hpp"
#include "streamlab/streamlab.hpp"
#include "streamlab/testing/capturing_sink.hpp"
#include "streamlab/testing/test_stream.hpp"

namespace {

struct Reading {
  std::string host;
  double value{0};
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Reading, host, value)

/// Reads the fuzzer's bytes front to back; every read fails once the bytes run out.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::optional<std::uint64_t> number(std::size_t width) {
    if (size_ - at_ < width) return std::nullopt;
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < width; ++i) n |= std::uint64_t{data_[at_ + i]} << (8 * i);
    at_ += width;
    return n;
  }
  std::optional<std::string_view> text(std::size_t length) {
    if (size_ - at_ < length) return std::nullopt;
    std::string_view out(reinterpret_cast<const char*>(data_) + at_, length);
    at_ += length;
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_{0};
};

/// The next message, or std::nullopt when the bytes end inside it.
std::optional<std::pair<std::int32_t, streamlab::kafka::KafkaMessageView>> next_message(Bytes& in) {
  streamlab::kafka::KafkaMessageView m;
  const auto partition = in.number(1);
  const auto ts = in.number(8);
  const auto key_len = in.number(1);
  if (!partition || !ts || !key_len) return std::nullopt;
  if (*ts != (std::uint64_t{1} << 63)) m.timestamp_ms = static_cast<std::int64_t>(*ts);
  if (*key_len != 255) {
    m.key = in.text(*key_len);
    if (!m.key) return std::nullopt;
  }
  const auto value_len = in.number(2);
  if (!value_len) return std::nullopt;
  if (*value_len != 0xFFFF) {
    m.value = in.text(*value_len);
    if (!m.value) return std::nullopt;
  }
  const auto headers = in.number(1);
  if (!headers) return std::nullopt;
  for (std::uint64_t i = 0; i < *headers; ++i) {
    const auto name_len = in.number(1);
    const auto name = name_len ? in.text(*name_len) : std::nullopt;
    const auto header_len = in.number(1);
    if (!name || !header_len) return std::nullopt;
    std::optional<std::string_view> value;
    if (*header_len != 255) {
      value = in.text(*header_len);
      if (!value) return std::nullopt;
    }
    m.headers.push_back({*name, value});
  }
  return std::make_pair(static_cast<std::int32_t>(*partition % 2), m);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace std::chrono_literals;
  namespace serdes = streamlab::serdes;
  if (size < 1) return 0;
  const std::uint8_t choice = data[0];
  Bytes in(data + 1, size - 1);

  streamlab::testing::TestStream input;
  input.declare_partitions("readings", 2);
  const auto arrival = streamlab::from_millis(1'750'000'000'000);  // the consumer's wall clock
  std::int64_t messages = 0;
  while (auto message = next_message(in)) {
    streamlab::Record r = streamlab::kafka::to_record(message->second, arrival);
    input.add("readings", std::move(r.value), r.timestamp, std::move(r.key), message->first,
              std::move(r.headers));
    if (++messages == 64) break;
  }

  streamlab::StreamsBuilder b{{"fuzz", streamlab::WatermarkStrategy::bounded(1s)}};
  auto consumed = streamlab::Consumed{serdes::String(), serdes::Json<Reading>()};
  if ((choice & 1) != 0) consumed = consumed.withTimestampField("ts");
  b.stream("readings", consumed)
      .groupByKey()
      .windowedBy(streamlab::TimeWindows::ofSize(1s).grace((choice & 2) != 0 ? 1s : 0s))
      .count()
      .toStream()
      .to("counts");
  auto topology = b.build();
  streamlab::testing::CapturingSink sink;
  streamlab::Runtime runtime{topology, input, sink};
  runtime.run();

  const auto& a = runtime.accounting();
  if (a.records_in != messages || !a.invariant_holds() || a.unaccounted != 0) std::abort();
  for (const auto& [topic, records] : sink.topics()) {
    for (const auto& record : records) {
      const auto doc = nlohmann::json::parse(record.value, nullptr, false);
      if (doc.is_discarded()) std::abort();
      if (topic == "fuzz-dead-letters" && doc.value("reason", std::string()).empty()) std::abort();
    }
  }
  return 0;
}
