// A deliberately wrong lab 06 for the meta tests: it emits update mode where final mode is asked
// for (Kafka Streams' default, emit changes), so a dashboard sees every provisional value of a
// window, UPDATE panes, instead of one ON_TIME result when the window is complete.
#include "outputs.hpp"

#include "streamlab/streamlab.hpp"

namespace lab06 {

void build_outputs(streamlab::StreamsBuilder& builder, const OutputConfig& config) {
  namespace serdes = streamlab::serdes;
  using Result = streamlab::WindowResult<std::string, double>;
  auto sales = builder.stream(
      config.sales, streamlab::Consumed{serdes::String(), serdes::Json<Sale>()}.withTimestampField("time"));

  const streamlab::EmitMode mode =
      config.mode == streamlab::EmitMode::Final ? streamlab::EmitMode::Update : config.mode;
  auto windowed = sales.groupBy([](const Sale& s) { return s.category; })
                      .windowedBy(streamlab::TimeWindows::ofSize(config.window))
                      .emit(mode);
  if (config.trigger.kind == streamlab::Trigger::Kind::MicroBatch)
    windowed = windowed.microBatch(config.trigger.interval);
  if (config.domain == streamlab::TimeDomain::Processing) windowed = windowed.onProcessingTime();

  windowed.aggregate([] { return 0.0; }, [](const Sale& s, double revenue) { return revenue + s.amount; })
      .toStream()
      .to(config.revenue, streamlab::Produced<std::string, Result>::with(
                              serdes::String(), serdes::WindowResultJson<std::string, double>()));
}

}  // namespace lab06
