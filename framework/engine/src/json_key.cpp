#include "streamlab/engine/json_key.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace streamlab {
namespace {

int rank(const JsonKey& v) {
  switch (v.type()) {
    case JsonKey::value_t::null: return 0;
    case JsonKey::value_t::boolean: return 1;
    case JsonKey::value_t::number_integer:
    case JsonKey::value_t::number_unsigned:
    case JsonKey::value_t::number_float: return 2;
    case JsonKey::value_t::string: return 3;
    case JsonKey::value_t::array: return 4;
    case JsonKey::value_t::object: return 5;
    default: return 6;
  }
}

bool is_integer(const JsonKey& v) { return v.is_number_integer(); }

// Exact order of two JSON integers, which may be signed or unsigned 64-bit.
bool integer_less(const JsonKey& a, const JsonKey& b) {
  const bool ua = a.is_number_unsigned();
  const bool ub = b.is_number_unsigned();
  if (ua && ub) return a.get<std::uint64_t>() < b.get<std::uint64_t>();
  if (!ua && !ub) return a.get<std::int64_t>() < b.get<std::int64_t>();
  if (ua) {
    const auto sb = b.get<std::int64_t>();
    return sb >= 0 && a.get<std::uint64_t>() < static_cast<std::uint64_t>(sb);
  }
  const auto sa = a.get<std::int64_t>();
  return sa < 0 || static_cast<std::uint64_t>(sa) < b.get<std::uint64_t>();
}

}  // namespace

std::size_t JsonKeyHash::operator()(const JsonKey& key) const {
  if (key.is_number()) return std::hash<double>{}(key.get<double>());
  return std::hash<JsonKey>{}(key);
}

bool JsonKeyLess::operator()(const JsonKey& a, const JsonKey& b) const {
  // Keys of one field are mostly strings: compare those without ranking the types first.
  if (a.is_string() && b.is_string())
    return *a.get_ptr<const std::string*>() < *b.get_ptr<const std::string*>();
  const int ra = rank(a);
  const int rb = rank(b);
  if (ra != rb) return ra < rb;
  switch (ra) {
    case 0: return false;
    case 1: return !a.get<bool>() && b.get<bool>();
    case 2:
      if (is_integer(a) && is_integer(b)) return integer_less(a, b);
      return a.get<long double>() < b.get<long double>();
    case 3: return a.get_ref<const std::string&>() < b.get_ref<const std::string&>();
    default: return a.dump() < b.dump();
  }
}

}  // namespace streamlab
