/// @file
/// The name of a side output of a process function (Flink's OutputTag), such as alerts.
#pragma once

#include <string>
#include <utility>

namespace streamlab {

/// Names a typed side output; a process function writes to it with Context::output(tag, value),
/// and the topology reads it with KStream::sideOutput(tag).
/// @tparam T the type of the side output's values.
template <class T>
class OutputTag {
 public:
  /// A tag called `name` (unique within one process function).
  explicit OutputTag(std::string name) : name_(std::move(name)) {}
  /// The tag's name.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

 private:
  std::string name_;
};

}  // namespace streamlab
