#include "streamlab/serde/json_scratch.hpp"

#include "simdjson_scratch.hpp"

namespace streamlab::serdes {

JsonScratch::JsonScratch() : impl_(std::make_unique<Impl>()) {}
JsonScratch::~JsonScratch() = default;

}  // namespace streamlab::serdes
