/// @file
/// The temporal (versioned) stream-table join: each stream record is joined with the table
/// version valid at the record's event time, after waiting until the table can no longer deliver
/// an older version for it or its grace expired (Flink's `FOR SYSTEM_TIME AS OF`, Kafka Streams'
/// versioned tables with the stream-table join grace of KIP-923). docs/semantics.md, "Joins".
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "streamlab/checked_time.hpp"
#include "streamlab/engine/join_common.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// How a temporal join waits and how much table history it keeps.
struct TemporalJoinConfig {
  JoinType type{JoinType::Inner};  ///< Inner or left (outer is refused).
  /// How long a stream record may wait, measured on the stream side's own clock (the largest
  /// stream event time seen, Kafka's stream time): released when `t <= stream_time - grace`.
  /// Zero releases every record on arrival (unless it is out of order on the stream side).
  Duration grace{0};
  /// Versions kept behind the table watermark `W_T`: every version valid at some time
  /// `>= W_T - history` is kept. std::nullopt keeps every version.
  std::optional<Duration> history;
};

/// A temporal stream-table join over keys `K` (ordered by `Less`), stream values `VL` and table
/// values `VR`, driven by the caller: on_left() for a stream record, on_right() for a table
/// update (a version at its event time), on_table_watermark() when the table side's watermark
/// rises, end_of_input() at the end. The rules (docs/semantics.md):
///
/// - **Versions.** The table keeps, per key, its versions by event time; a version at `v` is
///   valid on `[v, next version's time)`. A second version at the same time replaces the first.
///   With a history `H`, versions wholly before the horizon `W_T - H` are freed (the latest one
///   before the horizon stays: it is valid at the horizon); a table update with `v < W_T - H`
///   on arrival is **late** (Kafka's versioned store rejects it the same way).
/// - **Stream records** wait in a buffer ordered by (event time, arrival). A record at `t` is
///   **released** as soon as `W_T > t` (the table cannot still deliver a version `<= t`) or
///   `t <= S - grace`, where `S` is the largest stream event time seen. Released records leave
///   in (event time, arrival) order and are joined with the version valid at `t`, if any.
/// - A stream record with `t < W_T - H` on arrival is **late**: the version it needs may be
///   freed.
/// - **Unmatched** at release (no version at or before `t`): a left join emits the record with an
///   empty right side, an inner join reports it unmatched. A version that no stream record used
///   is reported unmatched when it is freed, replaced or at the end of input.
/// - Order of work per call: decide lateness against the state before the call, update state,
///   release what is now releasable, then free versions behind the horizon.
template <class K, class VL, class VR, class Less = std::less<K>>
class TemporalJoin {
 public:
  using Row = JoinRow<K, VL, VR>;                               ///< One output row.
  using LeftDrop = JoinDrop<K, VL>;                             ///< A stream record not emitted.
  using RightDrop = JoinDrop<K, VR>;                            ///< A version never used, or late.
  using RowSink = std::function<void(const Row&)>;              ///< Receives rows.
  using LeftDropSink = std::function<void(const LeftDrop&)>;    ///< Receives stream drops.
  using RightDropSink = std::function<void(const RightDrop&)>;  ///< Receives table drops.

  /// A buffered stream record.
  struct Buffered {
    K key;             ///< Its key.
    Timestamp time;    ///< Its event time.
    VL value;          ///< Its value.
    std::int64_t seq;  ///< Its arrival number.
  };
  /// One table version.
  struct Version {
    K key;             ///< Its key.
    Timestamp time;    ///< The event time it is valid from.
    VR value;          ///< Its value.
    std::int64_t seq;  ///< Its arrival number.
    bool used{false};  ///< Whether a stream record was joined with it.
  };
  /// The join's whole state, for checkpoints.
  struct State {
    std::vector<Buffered> buffered;            ///< Waiting stream records, in release order.
    std::vector<Version> versions;             ///< Kept versions, by key then time.
    Timestamp table_watermark{kMinTimestamp};  ///< The table side's watermark.
    Timestamp stream_time{kMinTimestamp};      ///< The largest stream event time seen.
    std::int64_t next_seq{0};                  ///< The next arrival number.
    JoinSideCounts left;                       ///< Stream-side accounting.
    JoinSideCounts right;                      ///< Table-side accounting.
  };

  /// A join with `config` reporting rows to `on_row` and records without a row to the drop sinks
  /// (any may be empty; the counts still count).
  /// @throws std::invalid_argument for an outer join or a negative grace or history.
  TemporalJoin(TemporalJoinConfig config, RowSink on_row, LeftDropSink on_left_drop = {},
               RightDropSink on_right_drop = {})
      : config_(config),
        on_row_(std::move(on_row)),
        on_left_drop_(std::move(on_left_drop)),
        on_right_drop_(std::move(on_right_drop)) {
    if (config_.type == JoinType::Outer)
      throw std::invalid_argument("a stream-table join is inner or left, not outer");
    if (config_.grace < Duration{0}) throw std::invalid_argument("the join grace must not be negative");
    if (config_.history && *config_.history < Duration{0})
      throw std::invalid_argument("the table history must not be negative");
  }

  /// A stream record arrives. Late (see the class) or buffered, then everything releasable is
  /// released.
  void on_left(const K& key, Timestamp time, VL value) {
    const std::int64_t seq = next_seq_++;
    ++left_.read;
    if (time > stream_time_) stream_time_ = time;
    if (const auto h = horizon(); h && time < *h) {
      ++left_.late;
      if (on_left_drop_)
        on_left_drop_(LeftDrop{JoinSide::Left, JoinFate::Late, &key, time, &value, seq, table_watermark_,
                               "older than the table's history retention"});
      return;
    }
    buffer_.emplace(BufferKey{time, seq}, Waiting{key, std::move(value)});
    release();
  }

  /// A table update arrives: a version of `key` valid from `time`. Late when older than the
  /// history horizon; otherwise kept (replacing a version at the same time).
  void on_right(const K& key, Timestamp time, VR value) {
    const std::int64_t seq = next_seq_++;
    ++right_.read;
    if (const auto h = horizon(); h && time < *h) {
      ++right_.late;
      if (on_right_drop_)
        on_right_drop_(RightDrop{JoinSide::Right, JoinFate::Late, &key, time, &value, seq, table_watermark_,
                                 "a version older than the table's history retention"});
      return;
    }
    auto slot = table_.try_emplace(key).first;
    auto& versions = slot->second;
    unindex(slot);
    auto it = versions.find(time);
    if (it != versions.end()) {
      if (!it->second.used)
        drop_version(key, time, it->second, "replaced by a later update with the same event time");
      it->second = Stored{std::move(value), seq, false};
    } else {
      versions.emplace(time, Stored{std::move(value), seq, false});
    }
    index(slot);
  }

  /// The table side's watermark rose to `watermark` (lower values are ignored): release, then
  /// free versions behind the horizon.
  void on_table_watermark(Timestamp watermark) {
    if (watermark <= table_watermark_) return;
    table_watermark_ = watermark;
    release();
    prune();
  }

  /// End of input: the table watermark becomes +infinity, every buffered record is released,
  /// and every version no record used is reported unmatched.
  void end_of_input() {
    table_watermark_ = kMaxTimestamp;
    release();
    std::vector<std::pair<std::int64_t, std::pair<const K*, Timestamp>>> unused;
    for (const auto& [key, versions] : table_) {
      for (const auto& [time, stored] : versions) {
        if (!stored.used) unused.push_back({stored.seq, {&key, time}});
      }
    }
    std::sort(unused.begin(), unused.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [seq, where] : unused) {
      const Stored& stored = table_.at(*where.first).at(where.second);
      drop_version(*where.first, where.second, stored, "no stream record used this version");
    }
    table_.clear();
    second_.clear();
  }

  /// The table side's watermark.
  [[nodiscard]] Timestamp table_watermark() const { return table_watermark_; }
  /// The largest stream event time seen.
  [[nodiscard]] Timestamp stream_time() const { return stream_time_; }
  /// Stream records waiting for release.
  [[nodiscard]] std::size_t buffered() const { return buffer_.size(); }
  /// Versions kept, over all keys.
  [[nodiscard]] std::size_t versions() const {
    std::size_t n = 0;
    for (const auto& [key, v] : table_) n += v.size();
    return n;
  }
  /// Stream-side accounting.
  [[nodiscard]] const JoinSideCounts& left_counts() const { return left_; }
  /// Table-side accounting.
  [[nodiscard]] const JoinSideCounts& right_counts() const { return right_; }
  /// The configuration.
  [[nodiscard]] const TemporalJoinConfig& config() const { return config_; }

  /// A copy of the whole state, for checkpoints.
  [[nodiscard]] State snapshot() const {
    State s;
    for (const auto& [at, w] : buffer_) s.buffered.push_back(Buffered{w.key, at.time, w.value, at.seq});
    for (const auto& [key, versions] : table_) {
      for (const auto& [time, stored] : versions)
        s.versions.push_back(Version{key, time, stored.value, stored.seq, stored.used});
    }
    s.table_watermark = table_watermark_;
    s.stream_time = stream_time_;
    s.next_seq = next_seq_;
    s.left = left_;
    s.right = right_;
    return s;
  }

  /// Replaces the state with a snapshot().
  void restore(const State& s) {
    buffer_.clear();
    table_.clear();
    for (const auto& b : s.buffered) buffer_.emplace(BufferKey{b.time, b.seq}, Waiting{b.key, b.value});
    for (const auto& v : s.versions) table_[v.key].insert_or_assign(v.time, Stored{v.value, v.seq, v.used});
    second_.clear();
    for (auto k = table_.begin(); k != table_.end(); ++k) index(k);
    table_watermark_ = s.table_watermark;
    stream_time_ = s.stream_time;
    next_seq_ = s.next_seq;
    left_ = s.left;
    right_ = s.right;
  }

 private:
  struct BufferKey {
    Timestamp time;
    std::int64_t seq;
    friend bool operator<(const BufferKey& a, const BufferKey& b) {
      return a.time != b.time ? a.time < b.time : a.seq < b.seq;
    }
  };
  struct Waiting {
    K key;
    VL value;
  };
  struct Stored {
    VR value;
    std::int64_t seq;
    bool used;
  };

  // The history horizon `W_T - H`, or none (no history limit, or no table watermark yet).
  [[nodiscard]] std::optional<Timestamp> horizon() const {
    if (!config_.history || table_watermark_ == kMinTimestamp) return std::nullopt;
    if (table_watermark_ == kMaxTimestamp) return kMaxTimestamp;
    return saturating_sub(table_watermark_, *config_.history);
  }

  // Whether a record at `t` may leave the buffer now.
  [[nodiscard]] bool releasable(Timestamp t) const {
    if (t < table_watermark_) return true;
    return stream_time_ != kMinTimestamp && t <= saturating_sub(stream_time_, config_.grace);
  }

  void release() {
    while (!buffer_.empty() && releasable(buffer_.begin()->first.time)) {
      auto node = buffer_.extract(buffer_.begin());
      const BufferKey& at = node.key();
      Waiting& w = node.mapped();
      const auto [version_time, stored] = lookup(w.key, at.time);
      if (stored != nullptr) {
        ++left_.joined;
        if (!stored->used) {
          stored->used = true;
          ++right_.joined;
        }
        if (on_row_)
          on_row_(Row{&w.key, at.time, &w.value, &stored->value, version_time, at.time, at.seq, stored->seq});
        continue;
      }
      ++left_.unmatched;
      if (config_.type == JoinType::Left) {
        if (on_row_) on_row_(Row{&w.key, at.time, &w.value, nullptr, std::nullopt, at.time, at.seq, -1});
      } else if (on_left_drop_) {
        on_left_drop_(LeftDrop{JoinSide::Left, JoinFate::Unmatched, &w.key, at.time, &w.value, at.seq,
                               table_watermark_, "no table version at or before the record's time"});
      }
    }
  }

  // The version of `key` valid at `t`: the latest at or before `t`.
  std::pair<std::optional<Timestamp>, Stored*> lookup(const K& key, Timestamp t) {
    auto k = table_.find(key);
    if (k == table_.end()) return {std::nullopt, nullptr};
    auto it = k->second.upper_bound(t);
    if (it == k->second.begin()) return {std::nullopt, nullptr};
    --it;
    return {it->first, &it->second};
  }

  // Frees the versions wholly behind the horizon: for each key, those before it except the latest.
  // Only keys whose second version is before the horizon have any (the index `second_`).
  void prune() {
    const auto h = horizon();
    if (!h || *h == kMaxTimestamp) return;  // the end of input reports what is left
    std::vector<std::pair<std::int64_t, std::pair<const K*, Timestamp>>> unused;
    std::vector<std::pair<typename Table::iterator, Timestamp>> cut;  // free [begin, Timestamp)
    while (!second_.empty() && second_.begin()->first < *h) {
      const auto k = table_.find(*second_.begin()->second);
      second_.erase(second_.begin());
      auto& versions = k->second;
      auto first_kept = versions.lower_bound(*h);  // the first version at or after the horizon
      --first_kept;  // the latest version before the horizon stays: it is valid at the horizon
      for (auto it = versions.begin(); it != first_kept; ++it) {
        if (!it->second.used) unused.push_back({it->second.seq, {&k->first, it->first}});
      }
      cut.emplace_back(k, first_kept->first);
    }
    std::sort(unused.begin(), unused.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [seq, where] : unused) {
      const Stored& stored = table_.at(*where.first).at(where.second);
      drop_version(*where.first, where.second, stored, "freed behind the history horizon, never used");
    }
    for (auto& [k, until] : cut) {
      k->second.erase(k->second.begin(), k->second.find(until));
      index(k);
    }
  }

  // Keeps `second_` in step with a key's versions: the key is listed at the time of its second
  // version, the earliest horizon that frees one of them.
  void index(typename std::map<K, std::map<Timestamp, Stored>, Less>::iterator k) {
    if (k->second.size() >= 2) second_.emplace(std::next(k->second.begin())->first, &k->first);
  }
  void unindex(typename std::map<K, std::map<Timestamp, Stored>, Less>::iterator k) {
    if (k->second.size() >= 2) second_.erase({std::next(k->second.begin())->first, &k->first});
  }

  void drop_version(const K& key, Timestamp time, const Stored& stored, std::string_view reason) {
    ++right_.unmatched;
    if (on_right_drop_)
      on_right_drop_(RightDrop{JoinSide::Right, JoinFate::Unmatched, &key, time, &stored.value, stored.seq,
                               table_watermark_, reason});
  }

  using Table = std::map<K, std::map<Timestamp, Stored>, Less>;

  TemporalJoinConfig config_;
  RowSink on_row_;
  LeftDropSink on_left_drop_;
  RightDropSink on_right_drop_;
  std::map<BufferKey, Waiting> buffer_;
  Table table_;
  std::set<std::pair<Timestamp, const K*>> second_;  // keys with versions to free, by second version
  Timestamp table_watermark_{kMinTimestamp};
  Timestamp stream_time_{kMinTimestamp};
  std::int64_t next_seq_{0};
  JoinSideCounts left_;
  JoinSideCounts right_;
};

}  // namespace streamlab
