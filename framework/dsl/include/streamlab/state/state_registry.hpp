/// @file
/// Where a keyed process function declares its state (Flink's getRuntimeContext().getState()).
#pragma once

#include <string>

#include "streamlab/state/keyed_state_store.hpp"
#include "streamlab/state/list_state.hpp"
#include "streamlab/state/map_state.hpp"
#include "streamlab/state/value_state.hpp"

namespace streamlab {

/// Hands out state handles bound to one operator's KeyedStateStore.
///
/// @code
/// void open(streamlab::StateRegistry& state) override {
///   last_ = state.value<double>("last");
///   seen_ = state.map<std::string, std::int64_t>("seen");
/// }
/// @endcode
class StateRegistry {
 public:
  /// A registry over `store`.
  explicit StateRegistry(KeyedStateStore* store) : store_(store) {}

  /// A per-key value named `name`.
  template <class T>
  ValueState<T> value(const std::string& name) {
    return ValueState<T>{store_, name};
  }

  /// A per-key map named `name`.
  template <class UK, class UV>
  MapState<UK, UV> map(const std::string& name) {
    return MapState<UK, UV>{store_, name};
  }

  /// A per-key list named `name`.
  template <class T>
  ListState<T> list(const std::string& name) {
    return ListState<T>{store_, name};
  }

 private:
  KeyedStateStore* store_;
};

}  // namespace streamlab
