/// @file
/// The windowed stream-stream join: records of two streams with the same key pair up when their
/// event times are at most `within` apart (Kafka Streams' `JoinWindows`, Flink's interval join).
/// docs/semantics.md, "Joins".
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

#include "streamlab/checked_time.hpp"
#include "streamlab/engine/join_common.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// The window and grace of a stream-stream join.
struct IntervalJoinConfig {
  JoinType type{JoinType::Inner};  ///< Inner, left or outer.
  Duration within{0};              ///< Pairs have `|t_left - t_right| <= within`.
  Duration grace{0};               ///< How long behind the watermark a record is still accepted.
};

/// A windowed stream-stream join over keys `K` (ordered by `Less`) and values `VL`, `VR`,
/// driven by the caller: on_left()/on_right() per record, on_watermark() when the join's
/// watermark (the minimum of both sides' watermarks) rises, end_of_input() at the end.
/// The rules (docs/semantics.md), with `d = within`, `G = grace` and `W` the join watermark:
///
/// - A record at `t` is **late** when `W > t + G` on arrival (the watermark before it): it is
///   reported late and joins nothing.
/// - Otherwise it joins every record of the other side with its key held in state whose time is
///   within `d` of `t`, in their arrival order; each pair is one row at `max(t_left, t_right)`.
///   Then it is held in state.
/// - A record's window **closes** when `W > t + d + G`: no partner can still arrive on time. It
///   is freed then; if it never paired, a left join emits a left record alone, an outer join a
///   record of either side alone, and otherwise it is reported unmatched — never before its
///   window closed (the Kafka Streams >= 3.1 rule). Records closing at one watermark come out
///   in (event time, arrival) order.
/// - No pair is missed and no row repeats: a partner on time has `t' >= W - G`, so `t' + d + G
///   >= W` and the first record is still held when it arrives.
template <class K, class VL, class VR, class Less = std::less<K>>
class IntervalJoin {
 public:
  using Row = JoinRow<K, VL, VR>;                               ///< One output row.
  using LeftDrop = JoinDrop<K, VL>;                             ///< A left record not emitted.
  using RightDrop = JoinDrop<K, VR>;                            ///< A right record not emitted.
  using RowSink = std::function<void(const Row&)>;              ///< Receives rows.
  using LeftDropSink = std::function<void(const LeftDrop&)>;    ///< Receives left drops.
  using RightDropSink = std::function<void(const RightDrop&)>;  ///< Receives right drops.

  /// One record held in state.
  template <class V>
  struct Held {
    K key;             ///< Its key.
    Timestamp time;    ///< Its event time.
    V value;           ///< Its value.
    std::int64_t seq;  ///< Its arrival number.
    bool matched;      ///< Whether it paired at least once.
  };
  /// The join's whole state, for checkpoints.
  struct State {
    std::vector<Held<VL>> left;          ///< Held left records, in arrival order.
    std::vector<Held<VR>> right;         ///< Held right records, in arrival order.
    Timestamp watermark{kMinTimestamp};  ///< The join watermark.
    std::int64_t next_seq{0};            ///< The next arrival number.
    JoinSideCounts left_counts;          ///< Left accounting.
    JoinSideCounts right_counts;         ///< Right accounting.
  };

  /// A join with `config` reporting to the sinks (any may be empty).
  /// @throws std::invalid_argument for a negative window or grace.
  IntervalJoin(IntervalJoinConfig config, RowSink on_row, LeftDropSink on_left_drop = {},
               RightDropSink on_right_drop = {})
      : config_(config),
        on_row_(std::move(on_row)),
        on_left_drop_(std::move(on_left_drop)),
        on_right_drop_(std::move(on_right_drop)) {
    if (config_.within < Duration{0}) throw std::invalid_argument("the join window must not be negative");
    if (config_.grace < Duration{0}) throw std::invalid_argument("the join grace must not be negative");
  }

  /// A left record arrives.
  void on_left(const K& key, Timestamp time, VL value) {
    const std::int64_t seq = next_seq_++;
    ++left_counts_.read;
    if (late(time)) {
      ++left_counts_.late;
      if (on_left_drop_)
        on_left_drop_(LeftDrop{JoinSide::Left, JoinFate::Late, &key, time, &value, seq, watermark_,
                               "its join window had closed (W > t + grace)"});
      return;
    }
    Slot& slot = keys_[key];
    Held<VL> held{key, time, std::move(value), seq, false};
    for (auto& [rseq, r] : slot.right) {
      if (!within(time, r.time)) continue;
      pair(held, r);
    }
    closing_.emplace(CloseKey{time, seq}, Ref{JoinSide::Left, key});
    slot.left.emplace(seq, std::move(held));
  }

  /// A right record arrives.
  void on_right(const K& key, Timestamp time, VR value) {
    const std::int64_t seq = next_seq_++;
    ++right_counts_.read;
    if (late(time)) {
      ++right_counts_.late;
      if (on_right_drop_)
        on_right_drop_(RightDrop{JoinSide::Right, JoinFate::Late, &key, time, &value, seq, watermark_,
                                 "its join window had closed (W > t + grace)"});
      return;
    }
    Slot& slot = keys_[key];
    Held<VR> held{key, time, std::move(value), seq, false};
    for (auto& [lseq, l] : slot.left) {
      if (!within(l.time, time)) continue;
      pair(l, held);
    }
    closing_.emplace(CloseKey{time, seq}, Ref{JoinSide::Right, key});
    slot.right.emplace(seq, std::move(held));
  }

  /// The join watermark rose to `watermark` (lower values are ignored): close every window it
  /// passes.
  void on_watermark(Timestamp watermark) {
    if (watermark <= watermark_) return;
    watermark_ = watermark;
    close();
  }

  /// End of input: the watermark becomes +infinity and every window closes.
  void end_of_input() { on_watermark(kMaxTimestamp); }

  /// The join watermark.
  [[nodiscard]] Timestamp watermark() const { return watermark_; }
  /// When the window of a record at `t` closes: it is freed once the watermark passes
  /// `t + within + grace` (saturating at the end of time).
  [[nodiscard]] Timestamp close_time(Timestamp t) const {
    return saturating_add(saturating_add(t, config_.within), config_.grace);
  }
  /// Records held in state, both sides.
  [[nodiscard]] std::size_t held() const { return closing_.size(); }
  /// Left accounting.
  [[nodiscard]] const JoinSideCounts& left_counts() const { return left_counts_; }
  /// Right accounting.
  [[nodiscard]] const JoinSideCounts& right_counts() const { return right_counts_; }
  /// The configuration.
  [[nodiscard]] const IntervalJoinConfig& config() const { return config_; }

  /// A copy of the whole state, for checkpoints.
  [[nodiscard]] State snapshot() const {
    State s;
    std::map<std::int64_t, const Held<VL>*> left;
    std::map<std::int64_t, const Held<VR>*> right;
    for (const auto& [key, slot] : keys_) {
      for (const auto& [seq, l] : slot.left) left.emplace(seq, &l);
      for (const auto& [seq, r] : slot.right) right.emplace(seq, &r);
    }
    for (const auto& [seq, l] : left) s.left.push_back(*l);
    for (const auto& [seq, r] : right) s.right.push_back(*r);
    s.watermark = watermark_;
    s.next_seq = next_seq_;
    s.left_counts = left_counts_;
    s.right_counts = right_counts_;
    return s;
  }

  /// Replaces the state with a snapshot().
  void restore(const State& s) {
    keys_.clear();
    closing_.clear();
    for (const auto& l : s.left) {
      keys_[l.key].left.emplace(l.seq, l);
      closing_.emplace(CloseKey{l.time, l.seq}, Ref{JoinSide::Left, l.key});
    }
    for (const auto& r : s.right) {
      keys_[r.key].right.emplace(r.seq, r);
      closing_.emplace(CloseKey{r.time, r.seq}, Ref{JoinSide::Right, r.key});
    }
    watermark_ = s.watermark;
    next_seq_ = s.next_seq;
    left_counts_ = s.left_counts;
    right_counts_ = s.right_counts;
  }

 private:
  struct Slot {
    std::map<std::int64_t, Held<VL>> left;   // by arrival
    std::map<std::int64_t, Held<VR>> right;  // by arrival
  };
  struct CloseKey {
    Timestamp time;
    std::int64_t seq;
    friend bool operator<(const CloseKey& a, const CloseKey& b) {
      return a.time != b.time ? a.time < b.time : a.seq < b.seq;
    }
  };
  struct Ref {
    JoinSide side;
    K key;
  };

  [[nodiscard]] bool late(Timestamp t) const { return watermark_ > saturating_add(t, config_.grace); }

  [[nodiscard]] bool within(Timestamp l, Timestamp r) const {
    const Duration gap = l > r ? l - r : r - l;
    return gap <= config_.within;
  }

  [[nodiscard]] bool closed(Timestamp t) const { return watermark_ > close_time(t); }

  void pair(Held<VL>& l, Held<VR>& r) {
    if (!l.matched) {
      l.matched = true;
      ++left_counts_.joined;
    }
    if (!r.matched) {
      r.matched = true;
      ++right_counts_.joined;
    }
    if (on_row_)
      on_row_(Row{&l.key, std::max(l.time, r.time), &l.value, &r.value, r.time, l.time, l.seq, r.seq});
  }

  void close() {
    while (!closing_.empty() && closed(closing_.begin()->first.time)) {
      auto node = closing_.extract(closing_.begin());
      const std::int64_t seq = node.key().seq;
      const Ref& ref = node.mapped();
      auto slot = keys_.find(ref.key);
      if (ref.side == JoinSide::Left) {
        auto it = slot->second.left.find(seq);
        close_left(it->second);
        slot->second.left.erase(it);
      } else {
        auto it = slot->second.right.find(seq);
        close_right(it->second);
        slot->second.right.erase(it);
      }
      if (slot->second.left.empty() && slot->second.right.empty()) keys_.erase(slot);
    }
  }

  void close_left(const Held<VL>& l) {
    if (l.matched) return;
    ++left_counts_.unmatched;
    if (config_.type != JoinType::Inner) {
      if (on_row_) on_row_(Row{&l.key, l.time, &l.value, nullptr, std::nullopt, l.time, l.seq, -1});
    } else if (on_left_drop_) {
      on_left_drop_(LeftDrop{JoinSide::Left, JoinFate::Unmatched, &l.key, l.time, &l.value, l.seq, watermark_,
                             "no right record within the join window"});
    }
  }

  void close_right(const Held<VR>& r) {
    if (r.matched) return;
    ++right_counts_.unmatched;
    if (config_.type == JoinType::Outer) {
      if (on_row_) on_row_(Row{&r.key, r.time, nullptr, &r.value, r.time, std::nullopt, -1, r.seq});
    } else if (on_right_drop_) {
      on_right_drop_(RightDrop{JoinSide::Right, JoinFate::Unmatched, &r.key, r.time, &r.value, r.seq,
                               watermark_, "no left record within the join window"});
    }
  }

  IntervalJoinConfig config_;
  RowSink on_row_;
  LeftDropSink on_left_drop_;
  RightDropSink on_right_drop_;
  std::map<K, Slot, Less> keys_;
  std::map<CloseKey, Ref> closing_;
  Timestamp watermark_{kMinTimestamp};
  std::int64_t next_seq_{0};
  JoinSideCounts left_counts_;
  JoinSideCounts right_counts_;
};

}  // namespace streamlab
