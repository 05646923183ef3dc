// libFuzzer target: scenario parse -> apply -> export. The input is a scenario JSON text, a line
// `---`, then a JSONL dataset. Bad scenarios are InputErrors naming the file; a good one is
// applied to the dataset's records and exported, and every exported line parses. Never a hang:
// validation refuses what would hold arrivals forever.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "streamlab/error.hpp"
#include "streamlab/sim/apply_scenario.hpp"
#include "streamlab/sim/dataset.hpp"
#include "streamlab/sim/replay_export.hpp"
#include "streamlab/sim/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace streamlab;
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const auto split = all.find("\n---\n");
  const std::string_view scenario_text = all.substr(0, split);
  const std::string dataset_text(split == std::string_view::npos ? std::string_view{}
                                                                 : all.substr(split + 5));
  sim::Scenario scenario;
  try {
    scenario = sim::parse_scenario(scenario_text, "fuzz.json");
  } catch (const InputError& e) {
    if (e.where().source != "fuzz.json") std::abort();
    return 0;
  }
  std::istringstream in(dataset_text);
  sim::DatasetOptions options;
  options.key_field = "k";
  options.on_malformed = sim::OnMalformed::DeadLetter;
  const sim::Dataset dataset = sim::read_dataset(in, "fuzz.jsonl", options);
  if (dataset.lines_read != static_cast<std::int64_t>(dataset.records.size() + dataset.dead_letters.size()))
    std::abort();
  const auto sequence = sim::apply_scenario(dataset.records, scenario, std::nullopt);
  if (sequence.arrivals.size() != dataset.records.size() + sequence.stats.duplicates) std::abort();
  std::istringstream exported(sim::arrivals_to_jsonl(sequence, sim::ExportOptions{true}));
  for (std::string line; std::getline(exported, line);) {
    if (nlohmann::json::parse(line, nullptr, false).is_discarded()) std::abort();
  }
  return 0;
}
