/// @file
/// Forward declarations of the DSL's builder, stream and table types: they return one another,
/// and a header that only names them (a lab's interface) need not compile the DSL.
#pragma once

namespace streamlab {

class StreamsBuilder;

namespace detail {
template <class K, class V>
struct StreamAccess;
}  // namespace detail

template <class K, class V>
class KStream;
template <class K, class V>
class KTable;
template <class K, class V>
class VersionedKTable;
template <class K, class V>
class KGroupedStream;
template <class K, class V>
class TimeWindowedKStream;
template <class K, class V>
class SessionWindowedKStream;

}  // namespace streamlab
