// Lab 06 reference solution: one windowed aggregation whose output mode, trigger and time domain
// come from the configuration.
#include "outputs.hpp"

#include "streamlab/streamlab.hpp"

namespace lab06 {

void build_outputs(streamlab::StreamsBuilder& builder, const OutputConfig& config) {
  namespace serdes = streamlab::serdes;
  using Result = streamlab::WindowResult<std::string, double>;
  auto sales = builder.stream(
      config.sales, streamlab::Consumed{serdes::String(), serdes::Json<Sale>()}.withTimestampField("time"));

  // The settings are applied to the windowed stream before the aggregation: the mode says which
  // panes leave, the trigger when the watermark moves, the domain which clock cuts the windows.
  auto windowed = sales.groupBy([](const Sale& s) { return s.category; })
                      .windowedBy(streamlab::TimeWindows::ofSize(config.window))
                      .emit(config.mode);
  if (config.trigger.kind == streamlab::Trigger::Kind::MicroBatch)
    windowed = windowed.microBatch(config.trigger.interval);
  if (config.domain == streamlab::TimeDomain::Processing) windowed = windowed.onProcessingTime();

  windowed.aggregate([] { return 0.0; }, [](const Sale& s, double revenue) { return revenue + s.amount; })
      .toStream()
      .to(config.revenue, streamlab::Produced<std::string, Result>::with(
                              serdes::String(), serdes::WindowResultJson<std::string, double>()));
}

}  // namespace lab06
