// Common misuses of the DSL, each behind its own macro: the compile-fail tests build this file
// with one of them defined and expect the static_assert's sentence (CMakeLists.txt here).
#include <memory>
#include <string>

#include "streamlab/streamlab.hpp"

namespace {

struct Stats {
  int clicks{0};
};
void to_json(nlohmann::json& j, const Stats& s) { j = s.clicks; }
void from_json(const nlohmann::json& j, Stats& s) { s.clicks = j.get<int>(); }

[[maybe_unused]] void add_click(Stats& s, const std::string&) { ++s.clicks; }
[[maybe_unused]] void merge_stats(Stats& into, const Stats& other) { into.clicks += other.clicks; }
[[maybe_unused]] Stats add_click_returning(const std::string& click, Stats s) {
  add_click(s, click);
  return s;
}
[[maybe_unused]] Stats merge_returning(Stats a, const Stats& b) {
  merge_stats(a, b);
  return a;
}

class NeedsConfig : public streamlab::KeyedProcessFunction<std::string, std::string, std::string> {
 public:
  using output_type = std::string;
  explicit NeedsConfig(int threshold) : threshold_(threshold) {}
  void process_element(const std::string& value, Context& ctx) override {
    if (static_cast<int>(value.size()) > threshold_) ctx.output(value);
  }

 private:
  int threshold_;
};

}  // namespace

void build(streamlab::StreamsBuilder& builder) {
  auto clicks = builder.stream("clicks");
  auto sessions =
      clicks.groupByKey().windowedBy(streamlab::SessionWindows::withGap(std::chrono::minutes{30}));
#if defined(MISUSE_ADDER_IN_PLACE)
  sessions.aggregate([] { return Stats{}; }, add_click, merge_returning);
#elif defined(MISUSE_MERGER_IN_PLACE)
  sessions.aggregate([] { return Stats{}; }, add_click_returning, merge_stats);
#elif defined(MISUSE_PROCESS_WITHOUT_DEFAULT_CONSTRUCTOR)
  clicks.process<NeedsConfig>();
#elif defined(MISUSE_JOIN_WITH_A_STREAM)
  auto other = builder.stream("profiles");
  clicks.join(other, [](const std::string& a, const std::string& b) { return a + b; });
#else
  // The correct forms compile: the misuse tests fail only for the reason they name.
  sessions.aggregate([] { return Stats{}; }, add_click_returning, merge_returning);
  clicks.process(std::make_shared<NeedsConfig>(3));
  auto profiles = builder.table("profiles", streamlab::Consumed<std::string, std::string>::with_defaults());
  clicks.join(profiles, [](const std::string& a, const std::string& b) { return a + b; });
#endif
}
