#include "streamlab/testing/capturing_sink.hpp"

namespace streamlab::testing {

void CapturingSink::write(std::string_view topic, const Record& record) {
  auto it = topics_.find(topic);
  if (it == topics_.end()) it = topics_.emplace(std::string(topic), std::vector<Record>{}).first;
  it->second.push_back(record);
}

const std::vector<Record>& CapturingSink::records(std::string_view topic) const {
  static const std::vector<Record> kNone;
  const auto it = topics_.find(topic);
  return it == topics_.end() ? kNone : it->second;
}

std::vector<std::string> CapturingSink::values(std::string_view topic) const {
  std::vector<std::string> out;
  for (const Record& r : records(topic)) out.push_back(r.value);
  return out;
}

}  // namespace streamlab::testing
