// Lab 03, part 2: write build_sessions() (see sessions.hpp and README.md).
#include "sessions.hpp"

#include "streamlab/streamlab.hpp"
#include "streamlab/labs/not_implemented.hpp"

namespace lab03 {

void build_sessions(streamlab::StreamsBuilder& /*builder*/, const SessionConfig& /*config*/) {
  // 1. builder.stream(config.clicks, Consumed{String, Json<Click>}.withTimestampField("time"))
  // 2. groupBy(user) -> windowedBy(SessionWindows::withGap(..).grace(..))
  // 3. aggregate(SessionStats{}, adder calling add_click, merger calling merge_sessions)
  // 4. toStream().mapValues(window result -> Session).to(config.sessions)
  throw streamlab::labs::NotImplemented("labs/03-sessionization/sessions.cpp: lab03::build_sessions");
}

}  // namespace lab03
