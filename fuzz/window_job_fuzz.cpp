// libFuzzer target: the JSONL window job with fuzzer-chosen flags. The first bytes choose the
// window, trigger, emit mode, watermark and lateness; the rest is the input. Checked: every
// record is accounted for (contributed, late or dead letter) and every output line parses.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "streamlab/connectors/file/json_window_job.hpp"

namespace {

// Every line of `text` parses as one JSON value.
void check_lines(const std::string& text) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (nlohmann::json::parse(line, nullptr, false).is_discarded()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace streamlab;
  if (size < 4) return 0;
  static const std::vector<std::string> windows{"tumbling:1s",  "hopping:2s,500ms", "session:1s",
                                                "tumbling:1ms", "hopping:1d,1h",    "session:106751991d"};
  static const std::vector<std::string> triggers{"continuous", "micro-batch:1s", "micro-batch:1ms"};
  static const std::vector<std::string> emits{"final", "update", "complete"};
  static const std::vector<std::string> watermarks{"bounded:0s", "bounded:1s", "manual",
                                                   "bounded:106751991d"};
  static const std::vector<std::string> lateness{"0s", "1s", "106751991d"};
  WindowJobOptions options;
  options.time_field = "t";
  options.key_field = "k";
  options.aggregation = parse_aggregation((data[3] & 1) != 0 ? "sum:v" : "count");
  options.config.window = parse_window_spec(windows[data[0] % windows.size()]);
  options.config.trigger = parse_trigger(triggers[data[1] % triggers.size()]);
  options.config.emit = parse_emit_mode(emits[(data[1] / 8) % emits.size()]);
  options.config.watermark = parse_watermark_strategy(watermarks[data[2] % watermarks.size()]);
  options.config.allowed_lateness = parse_duration(lateness[(data[2] / 8) % lateness.size()]);
  if ((data[3] & 2) != 0) options.config.time_domain = TimeDomain::Processing;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data) + 4, size - 4));
  std::ostringstream results;
  std::ostringstream late;
  std::ostringstream dead;
  WindowJobOutputs outputs;
  outputs.results = &results;
  outputs.late = &late;
  outputs.dead_letters = &dead;
  Accounting a;
  try {
    a = run_window_job(in, options, outputs);
  } catch (const std::invalid_argument&) {
    return 0;  // a combination of flags the job refuses up front (a usage error in the CLI)
  }
  if (a.records_in != a.contributed + a.dropped_late + a.dead_letters) std::abort();
  check_lines(results.str());
  check_lines(late.str());
  check_lines(dead.str());
  return 0;
}
