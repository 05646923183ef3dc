#include "streamlab/error.hpp"

namespace streamlab {

std::string InputLocation::describe() const {
  std::string out = source.empty() ? std::string("<input>") : source;
  out += ':';
  out += std::to_string(line);
  if (!field.empty()) out += ": field '" + field + "'";
  return out;
}

InputError::InputError(InputLocation where, const std::string& reason)
    : std::runtime_error(where.describe() + ": " + reason), where_(std::move(where)), reason_(reason) {}

}  // namespace streamlab
