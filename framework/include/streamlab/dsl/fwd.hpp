/// @file
/// Forward declarations of the DSL's stream and table types, which return one another.
#pragma once

namespace streamlab {

template <class K, class V>
class KStream;
template <class K, class V>
class KTable;
template <class K, class V>
class KGroupedStream;
template <class K, class V>
class TimeWindowedKStream;
template <class K, class V>
class SessionWindowedKStream;

}  // namespace streamlab
