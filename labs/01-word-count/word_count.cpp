// Lab 01, part 2: write build_word_count() (see word_count.hpp and README.md).
#include "word_count.hpp"

#include "streamlab/streamlab.hpp"
#include "streamlab/labs/not_implemented.hpp"
#include "tokenize.hpp"

namespace lab01 {

void build_word_count(streamlab::StreamsBuilder& /*builder*/, const WordCountConfig& /*config*/) {
  // 1. builder.stream(config.lines, streamlab::Consumed{...}.withTimestampField("time"))
  // 2. flatMapValues(tokenize) and selectKey(the word)
  // 3. groupByKey().count().toStream().to(config.running_counts)
  // 4. groupByKey().windowedBy(streamlab::TimeWindows::ofSize(config.window)).count()
  //    .toStream().to(config.counts_per_minute, <String key serde, WindowResultJson value serde>)
  throw streamlab::labs::NotImplemented("labs/01-word-count/word_count.cpp: lab01::build_word_count");
}

}  // namespace lab01
