// libFuzzer target: the JSONL join job (`streamlab join`) with fuzzer-chosen flags. The first
// bytes choose the mode, join type, --within, --grace, --history and watermark; the rest is the
// input. Checked: after the run every record of each side is accounted for (joined, unmatched,
// late or a dead letter, none left pending), the lines read add up, and every output line parses,
// results with exactly the contract's fields in the contract's order.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "streamlab/connectors/file/json_join_job.hpp"

namespace {

// Every line of `text` parses as one JSON object; with `fields`, its keys are exactly those, in order.
std::int64_t check_lines(const std::string& text, const std::vector<std::string>& fields = {}) {
  std::istringstream in(text);
  std::int64_t n = 0;
  for (std::string line; std::getline(in, line); ++n) {
    const auto doc = nlohmann::ordered_json::parse(line, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) std::abort();
    if (fields.empty()) continue;
    if (doc.size() != fields.size()) std::abort();
    std::size_t i = 0;
    for (const auto& item : doc.items()) {
      if (item.key() != fields[i++]) std::abort();
    }
  }
  return n;
}

bool accounted(const streamlab::JoinSideCounts& side) {
  return side.pending() == 0 && side.joined >= 0 && side.unmatched >= 0 && side.late >= 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace streamlab;
  if (size < 4) return 0;
  static const std::vector<JoinMode> modes{JoinMode::AsOfArrival, JoinMode::Temporal, JoinMode::Window};
  static const std::vector<JoinType> types{JoinType::Inner, JoinType::Left, JoinType::Outer};
  static const std::vector<std::string> durations{"0s", "1s", "1ms", "1h", "106751991d"};
  static const std::vector<std::string> watermarks{"bounded:0s", "bounded:1s", "manual",
                                                   "bounded:106751991d"};
  JoinJobOptions options;
  options.input_name = "fuzz";
  options.time_field = "t";
  options.key_field = "k";
  options.mode = modes[data[0] % modes.size()];
  options.type = types[(data[0] / 4) % types.size()];
  if ((data[1] & 1) != 0) options.within = parse_duration(durations[(data[1] / 2) % durations.size()]);
  if ((data[1] & 32) != 0) options.grace = parse_duration(durations[(data[1] / 64) % durations.size()]);
  if ((data[2] & 1) != 0) options.history = parse_duration(durations[(data[2] / 2) % durations.size()]);
  options.watermark = parse_watermark_strategy(watermarks[data[3] % watermarks.size()]);
  std::istringstream in(std::string(reinterpret_cast<const char*>(data) + 4, size - 4));
  std::ostringstream results;
  std::ostringstream unmatched;
  std::ostringstream dead;
  JoinJobOutputs outputs;
  outputs.results = &results;
  outputs.unmatched = &unmatched;
  outputs.dead_letters = &dead;
  JoinJobSummary s;
  try {
    s = run_join_job(in, options, outputs);
  } catch (const std::invalid_argument&) {
    return 0;  // flags that do not fit the mode (a usage error in the CLI)
  }
  if (!accounted(s.left) || !accounted(s.right)) std::abort();
  const std::int64_t dead_lines = check_lines(dead.str());
  if (dead_lines != s.left_dead + s.right_dead + s.unsided_dead) std::abort();
  if (s.accounting.records_in != s.left.read + s.right.read + dead_lines) std::abort();
  if (check_lines(results.str(), {"key", "time", "left", "right", "right_time"}) != s.rows) std::abort();
  check_lines(unmatched.str());
  return 0;
}
