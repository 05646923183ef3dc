// The flag mapping of peers/README.md's manifest and the per-arrival batches for Spark.
#include "peer_case.hpp"

#include <fstream>
#include <stdexcept>
#include <vector>

namespace streamlab::cli {

nlohmann::json peer_case_flags(const WindowFlags& flags) {
  nlohmann::json f = nlohmann::json::object();
  f["window"] = flags.window;
  f["agg"] = flags.agg;
  f["watermark"] = flags.watermark;
  f["allowed_lateness"] = flags.allowed_lateness;
  f["emit"] = flags.emit;
  f["trigger"] = flags.trigger;
  f["time_domain"] = flags.time_domain;
  if (!flags.time_field.empty()) f["time_field"] = flags.time_field;
  if (!flags.key_field.empty()) f["key_field"] = flags.key_field;
  if (!flags.early_every.empty()) f["early_every"] = flags.early_every;
  return f;
}

void write_peer_manifest(const std::filesystem::path& file, const PeerCaseFiles& c) {
  const nlohmann::json manifest = nlohmann::json::array({nlohmann::json{{"id", c.id},
                                                                        {"input", c.input.string()},
                                                                        {"output", c.panes.string()},
                                                                        {"late", c.late.string()},
                                                                        {"flags", c.flags}}});
  std::ofstream out(file);
  out << manifest.dump() << '\n';
  if (!out) throw std::runtime_error("cannot write '" + file.string() + "'");
}

namespace {

// True for a line that is a record for a peer runner: a JSON object that is not a control line.
bool is_record_line(const std::string& line) {
  const auto j = nlohmann::json::parse(line, nullptr, false);
  if (!j.is_object()) return false;
  return !(j.size() == 1 && (j.contains("$watermark") || j.contains("$advance")));
}

}  // namespace

void write_per_arrival_batches(const std::filesystem::path& input, const std::filesystem::path& output) {
  std::ifstream in(input);
  if (!in) throw std::runtime_error("cannot read '" + input.string() + "'");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::size_t last_record = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (is_record_line(lines[i])) last_record = i;
  }
  std::ofstream out(output);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out << lines[i] << '\n';
    if (i != last_record && is_record_line(lines[i]))
      out << "{\"$advance\":\"" << kPerArrivalBatch << "\"}\n";
  }
  if (!out) throw std::runtime_error("cannot write '" + output.string() + "'");
}

}  // namespace streamlab::cli
