#include "streamlab/engine/json_key.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
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

template <class T>
std::strong_ordering order(T a, T b) {
  return a < b ? std::strong_ordering::less
               : (b < a ? std::strong_ordering::greater : std::strong_ordering::equal);
}

// 2^63 and 2^64 as doubles (exact).
constexpr double kTwo63 = 9223372036854775808.0;
constexpr double kTwo64 = 18446744073709551616.0;

// Exact order of a double against a signed 64-bit integer, without rounding either.
std::strong_ordering double_vs_signed(double d, std::int64_t i) {
  if (std::isnan(d)) return std::strong_ordering::greater;  // JSON has no NaN; keep the order total
  if (d < -kTwo63) return std::strong_ordering::less;
  if (d >= kTwo63) return std::strong_ordering::greater;
  const double whole = std::trunc(d);
  const auto t = static_cast<std::int64_t>(whole);  // exact: |whole| < 2^63
  if (t != i) return order(t, i);
  return order(d - whole, 0.0);
}

// Exact order of a double against an unsigned 64-bit integer.
std::strong_ordering double_vs_unsigned(double d, std::uint64_t u) {
  if (std::isnan(d)) return std::strong_ordering::greater;
  if (d < 0) return std::strong_ordering::less;
  if (d >= kTwo64) return std::strong_ordering::greater;
  const double whole = std::trunc(d);
  const auto t = static_cast<std::uint64_t>(whole);  // exact: 0 <= whole < 2^64
  if (t != u) return order(t, u);
  return order(d - whole, 0.0);
}

std::strong_ordering signed_vs_unsigned(std::int64_t i, std::uint64_t u) {
  if (i < 0) return std::strong_ordering::less;
  return order(static_cast<std::uint64_t>(i), u);
}

std::strong_ordering reverse(std::strong_ordering o) { return 0 <=> o; }

// Exact numeric order of two JSON numbers of any representation.
std::strong_ordering compare_numbers(const JsonKey& a, const JsonKey& b) {
  const auto ta = a.type();
  const auto tb = b.type();
  using T = JsonKey::value_t;
  if (ta == T::number_float && tb == T::number_float) {
    const double x = a.get<double>();
    const double y = b.get<double>();
    if (std::isnan(x) || std::isnan(y)) return order(std::isnan(x), std::isnan(y));
    return order(x, y);
  }
  if (ta == T::number_float)
    return tb == T::number_unsigned ? double_vs_unsigned(a.get<double>(), b.get<std::uint64_t>())
                                    : double_vs_signed(a.get<double>(), b.get<std::int64_t>());
  if (tb == T::number_float) return reverse(compare_numbers(b, a));
  if (ta == T::number_unsigned && tb == T::number_unsigned)
    return order(a.get<std::uint64_t>(), b.get<std::uint64_t>());
  if (ta == T::number_integer && tb == T::number_integer)
    return order(a.get<std::int64_t>(), b.get<std::int64_t>());
  if (ta == T::number_integer) return signed_vs_unsigned(a.get<std::int64_t>(), b.get<std::uint64_t>());
  return reverse(signed_vs_unsigned(b.get<std::int64_t>(), a.get<std::uint64_t>()));
}

std::size_t mix(std::size_t seed, std::size_t h) {
  return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

// The hash of a number, equal for every representation of one value: integral values hash as
// their integer, other doubles by their bits.
std::size_t hash_number(const JsonKey& key) {
  if (key.is_number_unsigned()) {
    const auto u = key.get<std::uint64_t>();
    if (u <= static_cast<std::uint64_t>(INT64_MAX))
      return std::hash<std::int64_t>{}(static_cast<std::int64_t>(u));
    return mix(1, std::hash<std::uint64_t>{}(u));
  }
  if (key.is_number_integer()) return std::hash<std::int64_t>{}(key.get<std::int64_t>());
  const double d = key.get<double>();
  if (std::trunc(d) == d && d >= -kTwo63 && d < kTwo63)
    return std::hash<std::int64_t>{}(static_cast<std::int64_t>(d));
  if (std::trunc(d) == d && d >= kTwo63 && d < kTwo64)
    return mix(1, std::hash<std::uint64_t>{}(static_cast<std::uint64_t>(d)));
  std::uint64_t bits = 0;
  std::memcpy(&bits, &d, sizeof bits);
  return mix(2, std::hash<std::uint64_t>{}(bits));
}

}  // namespace

std::strong_ordering compare_json_keys(const JsonKey& a, const JsonKey& b) {
  // Keys of one field are mostly strings: compare those without ranking the types first.
  if (a.is_string() && b.is_string())
    return a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>()) <=> 0;
  const int ra = rank(a);
  const int rb = rank(b);
  if (ra != rb) return order(ra, rb);
  switch (ra) {
    case 0: return std::strong_ordering::equal;
    case 1: return order(a.get<bool>(), b.get<bool>());
    case 2: return compare_numbers(a, b);
    default: return a.dump() <=> b.dump();
  }
}

std::size_t JsonKeyHash::operator()(const JsonKey& key) const {
  if (key.is_string()) return std::hash<std::string>{}(key.get_ref<const std::string&>());
  if (key.is_number()) return hash_number(key);
  if (key.is_null() || key.is_boolean())
    return std::hash<int>{}(key.is_null() ? 2 : static_cast<int>(key.get<bool>()));
  return mix(3, std::hash<std::string>{}(key.dump()));
}

bool JsonKeyEqual::operator()(const JsonKey& a, const JsonKey& b) const {
  return compare_json_keys(a, b) == 0;
}

bool JsonKeyLess::operator()(const JsonKey& a, const JsonKey& b) const { return compare_json_keys(a, b) < 0; }

}  // namespace streamlab
