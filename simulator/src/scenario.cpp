#include "streamlab/sim/scenario.hpp"

#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "json_locator.hpp"
#include "streamlab/error.hpp"

namespace streamlab::sim {
namespace {

using nlohmann::json;

// A value as an error message shows it: scalars as JSON text (cut at 80 bytes), arrays and
// objects by their kind only, so that a deeply nested value is never serialised recursively.
std::string shown(const json& value) {
  if (value.is_array()) return "an array";
  if (value.is_object()) return "an object";
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

// Reads fields of one scenario text, turning every problem into an InputError with the line of
// the offending field.
class Reader {
 public:
  Reader(std::string_view text, std::string source) : lines_(text), source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& reason) const {
    throw InputError(InputLocation{source_, lines_.line_of(field), field}, reason);
  }

  void only_fields(const json& object, const std::string& path,
                   std::initializer_list<std::string_view> known) const {
    for (const auto& [key, value] : object.items()) {
      bool ok = false;
      for (auto k : known) ok |= key == k;
      if (!ok) {
        std::string expected;
        for (auto k : known) expected += (expected.empty() ? "" : ", ") + std::string(k);
        fail(join(path, key), "unknown field; expected one of: " + expected);
      }
    }
  }

  const json* object_at(const json& parent, const std::string& path, std::string_view key) const {
    const auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return nullptr;
    if (!it->is_object()) fail(join(path, key), "must be a JSON object");
    return &*it;
  }

  Duration duration(const json& parent, const std::string& path, std::string_view key,
                    Duration fallback) const {
    const auto it = parent.find(key);
    if (it == parent.end()) return fallback;
    std::optional<Duration> d;
    if (it->is_number_integer() && !it->is_number_unsigned() && it->get<std::int64_t>() >= 0)
      d = Duration{it->get<std::int64_t>()};
    if (it->is_number_unsigned() &&
        it->get<std::uint64_t>() <= static_cast<std::uint64_t>(kMaxScenarioDuration.count()))
      d = Duration{static_cast<std::int64_t>(it->get<std::uint64_t>())};
    if (it->is_string()) d = try_parse_duration(it->get_ref<const std::string&>());
    if (d && *d <= kMaxScenarioDuration) return *d;
    fail(join(path, key),
         "must be a non-negative duration of at most " + format_duration(kMaxScenarioDuration) +
             " such as \"500ms\", \"30s\", \"1m\" or integer milliseconds, got " + shown(*it));
  }

  double fraction(const json& parent, const std::string& path, std::string_view key) const {
    const auto it = parent.find(key);
    if (it == parent.end()) return 0.0;
    if (!it->is_number()) fail(join(path, key), "must be a number in [0,1], got " + shown(*it));
    const double v = it->get<double>();
    if (!(v >= 0.0 && v <= 1.0)) fail(join(path, key), "must be in [0,1], got " + shown(*it));
    return v;
  }

  std::int64_t integer(const json& parent, const std::string& path, std::string_view key,
                       std::int64_t fallback, std::int64_t lo, std::int64_t hi) const {
    const auto it = parent.find(key);
    if (it == parent.end()) return fallback;
    if (!it->is_number_integer() || it->get<std::int64_t>() < lo || it->get<std::int64_t>() > hi)
      fail(join(path, key), "must be an integer in [" + std::to_string(lo) + "," + std::to_string(hi) +
                                "], got " + shown(*it));
    return it->get<std::int64_t>();
  }

  std::string text(const json& parent, const std::string& path, std::string_view key) const {
    const auto it = parent.find(key);
    if (it == parent.end()) return {};
    if (!it->is_string()) fail(join(path, key), "must be a string, got " + shown(*it));
    return it->get<std::string>();
  }

  static std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }

 private:
  detail::JsonLineMap lines_;
  std::string source_;
};

constexpr std::int64_t kMaxPartitions = 1024;

DelaySpec read_delay(const Reader& r, const json& root) {
  DelaySpec spec;
  const json* d = r.object_at(root, "", "delay");
  if (d == nullptr) return spec;
  r.only_fields(*d, "delay", {"distribution", "min", "max", "mean"});
  const std::string distribution = r.text(*d, "delay", "distribution");
  if (distribution.empty() || distribution == "uniform") {
    spec.distribution = DelayDistribution::Uniform;
  } else if (distribution == "exponential") {
    spec.distribution = DelayDistribution::Exponential;
  } else {
    r.fail("delay.distribution", "must be \"uniform\" or \"exponential\", got \"" + distribution + "\"");
  }
  spec.min = r.duration(*d, "delay", "min", Duration{0});
  spec.max = r.duration(*d, "delay", "max", spec.min);
  spec.mean = r.duration(*d, "delay", "mean", Duration{0});
  if (spec.max < spec.min) r.fail("delay.max", "must not be below delay.min");
  if (spec.distribution == DelayDistribution::Exponential && spec.mean <= Duration::zero() &&
      spec.max > spec.min)
    r.fail("delay.mean", "an exponential delay needs a positive mean");
  return spec;
}

std::int32_t partition_field(const Reader& r, const json& item, const std::string& path,
                             std::int32_t partitions) {
  if (!item.contains("partition")) r.fail(path + ".partition", "missing");
  return static_cast<std::int32_t>(
      r.integer(item, path, "partition", 0, 0, static_cast<std::int64_t>(partitions) - 1));
}

const json* array_at(const Reader& r, const json& root, std::string_view key) {
  const auto it = root.find(key);
  if (it == root.end() || it->is_null()) return nullptr;
  if (!it->is_array()) r.fail(std::string(key), "must be a JSON array");
  return &*it;
}

Scenario read_scenario(const Reader& r, const json& root) {
  if (!root.is_object()) r.fail("", "a scenario must be a JSON object");
  r.only_fields(root, "",
                {"name", "description", "seed", "partitions", "delay", "watermark_delay", "late",
                 "duplicates", "idle", "skew", "bursts"});
  Scenario s;
  s.name = r.text(root, "", "name");
  s.description = r.text(root, "", "description");
  if (const auto it = root.find("seed"); it != root.end()) {
    if (!it->is_number_unsigned()) r.fail("seed", "must be a non-negative integer, got " + shown(*it));
    s.seed = it->get<std::uint64_t>();
  }
  s.partitions = static_cast<std::int32_t>(r.integer(root, "", "partitions", 1, 1, kMaxPartitions));
  s.delay = read_delay(r, root);
  s.watermark_delay = r.duration(root, "", "watermark_delay", Duration{0});

  if (const json* late = r.object_at(root, "", "late")) {
    r.only_fields(*late, "late", {"fraction", "extra", "spread"});
    s.late.fraction = r.fraction(*late, "late", "fraction");
    s.late.extra = r.duration(*late, "late", "extra", Duration{0});
    s.late.spread = r.duration(*late, "late", "spread", Duration{0});
  }
  if (const json* dup = r.object_at(root, "", "duplicates")) {
    r.only_fields(*dup, "duplicates", {"fraction", "delay"});
    s.duplicates.fraction = r.fraction(*dup, "duplicates", "fraction");
    s.duplicates.delay = r.duration(*dup, "duplicates", "delay", Duration{0});
  }
  if (const json* idle = array_at(r, root, "idle")) {
    for (std::size_t i = 0; i < idle->size(); ++i) {
      const std::string path = "idle[" + std::to_string(i) + "]";
      const json& item = (*idle)[i];
      if (!item.is_object()) r.fail(path, "must be a JSON object");
      r.only_fields(item, path, {"partition", "from", "for"});
      IdleSpec spec;
      spec.partition = partition_field(r, item, path, s.partitions);
      spec.from = r.duration(item, path, "from", Duration{0});
      if (!item.contains("for")) r.fail(path + ".for", "missing: how long the partition is idle");
      spec.length = r.duration(item, path, "for", Duration{0});
      if (spec.length <= Duration::zero()) r.fail(path + ".for", "must be positive");
      s.idle.push_back(spec);
    }
  }
  if (const json* skew = array_at(r, root, "skew")) {
    std::set<std::int32_t> seen;
    for (std::size_t i = 0; i < skew->size(); ++i) {
      const std::string path = "skew[" + std::to_string(i) + "]";
      const json& item = (*skew)[i];
      if (!item.is_object()) r.fail(path, "must be a JSON object");
      r.only_fields(item, path, {"partition", "lag"});
      SkewSpec spec;
      spec.partition = partition_field(r, item, path, s.partitions);
      if (!seen.insert(spec.partition).second)
        r.fail(path + ".partition", "partition " + std::to_string(spec.partition) + " already has a skew");
      spec.lag = r.duration(item, path, "lag", Duration{0});
      s.skew.push_back(spec);
    }
  }
  if (const json* bursts = r.object_at(root, "", "bursts")) {
    r.only_fields(*bursts, "bursts", {"every", "length", "offset"});
    BurstSpec spec;
    spec.every = r.duration(*bursts, "bursts", "every", Duration{0});
    spec.length = r.duration(*bursts, "bursts", "length", Duration{0});
    spec.offset = r.duration(*bursts, "bursts", "offset", Duration{0});
    if (spec.every <= Duration::zero()) r.fail("bursts.every", "must be positive");
    if (spec.length <= Duration::zero() || spec.length >= spec.every)
      r.fail("bursts.length",
             "must be positive and below bursts.every (a burst as long as its period holds every "
             "arrival forever)");
    if (spec.offset >= spec.every) r.fail("bursts.offset", "must be below bursts.every");
    s.bursts = spec;
  }
  return s;
}

std::string parse_error_reason(const json::parse_error& e) {
  // nlohmann's message: "[json.exception.parse_error.101] parse error at line L, column C: why"
  std::string what = e.what();
  const auto colon = what.find(": ", what.find("column"));
  return "not valid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2));
}

}  // namespace

Scenario parse_scenario(std::string_view json_text, const std::string& source_name) {
  json root;
  try {
    root = json::parse(json_text);
  } catch (const json::parse_error& e) {
    throw InputError(InputLocation{source_name, detail::line_at(json_text, e.byte), ""},
                     parse_error_reason(e));
  } catch (const json::out_of_range& e) {
    // A number JSON allows but a double cannot hold (1e400): nlohmann names the token, not
    // its position, so the line is that of the token's first appearance.
    std::string what = e.what();
    const auto quote = what.find('\'');
    const auto token =
        quote == std::string::npos ? std::string() : what.substr(quote + 1, what.rfind('\'') - quote - 1);
    const auto at = token.empty() ? std::string_view::npos : json_text.find(token);
    throw InputError(
        InputLocation{source_name, at == std::string_view::npos ? 0 : detail::line_at(json_text, at + 1), ""},
        "not valid JSON: the number " + token + " is too large for a double");
  }
  const Reader reader(json_text, source_name);
  return read_scenario(reader, root);
}

Scenario load_scenario(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(InputLocation{file.string(), 0, ""}, "cannot open the scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), file.string());
}

}  // namespace streamlab::sim
