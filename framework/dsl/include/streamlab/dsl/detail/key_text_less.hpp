/// @file
/// An order on any key type by its JSON text (key_text()), for keyed state whose key type need
/// not have an operator<.
#pragma once

#include "streamlab/dsl/detail/invoke.hpp"

namespace streamlab::detail {

/// Orders keys by their JSON text, the form tables and keyed state index by.
struct KeyTextLess {
  /// Whether `a` sorts before `b`.
  template <class K>
  bool operator()(const K& a, const K& b) const {
    return key_text(a) < key_text(b);
  }
};

}  // namespace streamlab::detail
