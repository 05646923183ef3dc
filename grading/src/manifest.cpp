#include "streamlab/grading/manifest.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace streamlab::grading {

namespace fs = std::filesystem;
using nlohmann::json;

std::optional<std::string> normalise_lab(std::string text) {
  if (text.empty()) return std::string{};
  if (text.rfind("lab", 0) == 0) text = text.substr(3);
  if (text.empty() || text.size() > 2 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  if (text.size() == 1) text = "0" + text;
  return text;
}

Manifest load_manifests(const std::vector<fs::path>& files) {
  Manifest out;
  for (const fs::path& file : files) {
    const bool hidden = file.filename().string().rfind("hidden", 0) == 0;
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read the points manifest " + file.string());
    json doc;
    try {
      doc = json::parse(in);
    } catch (const json::exception& e) {
      throw std::runtime_error("points manifest " + file.string() + ": " + e.what());
    }
    if (!doc.contains("tests") || !doc["tests"].is_object())
      throw std::runtime_error("points manifest " + file.string() + ": no \"tests\" object");
    for (const auto& [name, entry] : doc["tests"].items()) {
      if (!entry.contains("points") || !entry["points"].is_number_integer() || !entry.contains("lab") ||
          !entry["lab"].is_string())
        throw std::runtime_error("points manifest " + file.string() + ": test '" + name +
                                 "' needs an integer \"points\" and a string \"lab\"");
      out[name] = ManifestEntry{entry["lab"].get<std::string>(), entry["points"].get<int>(),
                                entry.value("rule", std::string{}), hidden};
    }
  }
  return out;
}

std::vector<fs::path> default_manifests(const fs::path& build_dir) {
  std::vector<fs::path> files;
  const fs::path dir = build_dir / "grading";
  if (fs::is_directory(dir)) {
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace streamlab::grading
