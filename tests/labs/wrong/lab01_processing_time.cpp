// A deliberately wrong lab 01 for the meta tests: the per-minute windows are on processing time
// (arrival) instead of event time. Only the tests with out-of-order arrival can notice.
#include "word_count.hpp"

#include "streamlab/streamlab.hpp"
#include "tokenize.hpp"

namespace lab01 {

void build_word_count(streamlab::StreamsBuilder& builder, const WordCountConfig& config) {
  namespace serdes = streamlab::serdes;
  auto lines = builder.stream(
      config.lines, streamlab::Consumed{serdes::String(), serdes::Json<Line>()}.withTimestampField("time"));

  // Every word becomes a record keyed by the word: the key changed, so grouping repartitions.
  auto words = lines.flatMapValues([](const Line& l) { return tokenize(l.line); })
                   .selectKey([](const std::string& word) { return word; });
  auto by_word = words.groupByKey();

  // A table: the latest count per word. Its changelog is the stream of every update.
  by_word.count().toStream().to(config.running_counts);

  // The same counts cut into tumbling event-time windows, one final result per window.
  by_word.windowedBy(streamlab::TimeWindows::ofSize(config.window))
      .onProcessingTime()
      .count()
      .toStream()
      .to(config.counts_per_minute,
          streamlab::Produced<std::string, streamlab::WindowResult<std::string, std::int64_t>>::with(
              serdes::String(), serdes::WindowResultJson<std::string, std::int64_t>()));
}

}  // namespace lab01
