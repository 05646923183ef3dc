/// @file
/// The stream-table join as of arrival (Kafka Streams' `KStream.join(KTable)` over a plain
/// table): each stream record is joined at once with the latest table value of its key in
/// processing order. docs/semantics.md, "Joins".
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

#include "streamlab/engine/join_common.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// A stream-table join as of arrival over keys `K` (ordered by `Less`), stream values `VL` and
/// table values `VR`. The table holds the latest update per key **by arrival** (its event time
/// does not matter); a stream record is joined on arrival with the row its key has then, and a
/// later table update never re-emits an earlier record. Nothing waits, nothing is late.
///
/// - A stream record without a row: a left join emits it with an empty right side, an inner join
///   reports it unmatched.
/// - A table update no stream record used is reported unmatched when a later update replaces
///   it, or at the end of input.
template <class K, class VL, class VR, class Less = std::less<K>>
class ArrivalJoin {
 public:
  using Row = JoinRow<K, VL, VR>;                               ///< One output row.
  using LeftDrop = JoinDrop<K, VL>;                             ///< A stream record not emitted.
  using RightDrop = JoinDrop<K, VR>;                            ///< A table update never used.
  using RowSink = std::function<void(const Row&)>;              ///< Receives rows.
  using LeftDropSink = std::function<void(const LeftDrop&)>;    ///< Receives stream drops.
  using RightDropSink = std::function<void(const RightDrop&)>;  ///< Receives table drops.

  /// A join of `type` (inner or left) reporting to the sinks (any may be empty).
  /// @throws std::invalid_argument for an outer join.
  explicit ArrivalJoin(JoinType type, RowSink on_row, LeftDropSink on_left_drop = {},
                       RightDropSink on_right_drop = {})
      : type_(type),
        on_row_(std::move(on_row)),
        on_left_drop_(std::move(on_left_drop)),
        on_right_drop_(std::move(on_right_drop)) {
    if (type_ == JoinType::Outer)
      throw std::invalid_argument("a stream-table join is inner or left, not outer");
  }

  /// A stream record arrives and is joined at once.
  void on_left(const K& key, Timestamp time, const VL& value) {
    const std::int64_t seq = next_seq_++;
    ++left_.read;
    auto it = table_.find(key);
    if (it != table_.end()) {
      Stored& row = it->second;
      ++left_.joined;
      if (!row.used) {
        row.used = true;
        ++right_.joined;
      }
      if (on_row_) on_row_(Row{&key, time, &value, &row.value, row.time, time, seq, row.seq});
      return;
    }
    ++left_.unmatched;
    if (type_ == JoinType::Left) {
      if (on_row_) on_row_(Row{&key, time, &value, nullptr, std::nullopt, time, seq, -1});
    } else if (on_left_drop_) {
      on_left_drop_(LeftDrop{JoinSide::Left, JoinFate::Unmatched, &key, time, &value, seq, kMinTimestamp,
                             "no table row for the key on arrival"});
    }
  }

  /// A table update arrives: it becomes the key's row.
  void on_right(const K& key, Timestamp time, VR value) {
    const std::int64_t seq = next_seq_++;
    ++right_.read;
    auto it = table_.find(key);
    if (it == table_.end()) {
      table_.emplace(key, Stored{std::move(value), time, seq, false});
      return;
    }
    if (!it->second.used)
      drop(it->first, it->second, "replaced by a later update before any stream record used it");
    it->second = Stored{std::move(value), time, seq, false};
  }

  /// End of input: every row no stream record used is reported unmatched, in arrival order.
  void end_of_input() {
    std::vector<std::pair<std::int64_t, const K*>> unused;
    for (const auto& [key, row] : table_) {
      if (!row.used) unused.emplace_back(row.seq, &key);
    }
    std::sort(unused.begin(), unused.end());
    for (const auto& [seq, key] : unused) drop(*key, table_.at(*key), "no stream record used this table row");
    table_.clear();
  }

  /// Stream-side accounting.
  [[nodiscard]] const JoinSideCounts& left_counts() const { return left_; }
  /// Table-side accounting.
  [[nodiscard]] const JoinSideCounts& right_counts() const { return right_; }
  /// Keys with a row.
  [[nodiscard]] std::size_t rows() const { return table_.size(); }

 private:
  struct Stored {
    VR value;
    Timestamp time;
    std::int64_t seq;
    bool used;
  };

  void drop(const K& key, const Stored& row, std::string_view reason) {
    ++right_.unmatched;
    if (on_right_drop_)
      on_right_drop_(RightDrop{JoinSide::Right, JoinFate::Unmatched, &key, row.time, &row.value, row.seq,
                               kMinTimestamp, reason});
  }

  JoinType type_;
  RowSink on_row_;
  LeftDropSink on_left_drop_;
  RightDropSink on_right_drop_;
  std::map<K, Stored, Less> table_;
  std::int64_t next_seq_{0};
  JoinSideCounts left_;
  JoinSideCounts right_;
};

}  // namespace streamlab
