/// @file
/// Windows and window assignment: tumbling, hopping (sliding) and session windows, half-open and
/// aligned to the epoch.
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "streamlab/checked_time.hpp"
#include "streamlab/time.hpp"

namespace streamlab {

/// A half-open window of event (or processing) time, `[start, end)`.
/// An event exactly at `end` belongs to the next window, never to this one.
struct Window {
  Timestamp start;  ///< First instant inside the window.
  Timestamp end;    ///< First instant after the window.

  /// Whether `t` lies in `[start, end)`.
  [[nodiscard]] constexpr bool contains(Timestamp t) const { return start <= t && t < end; }
  /// Orders by start, then end.
  friend constexpr auto operator<=>(const Window&, const Window&) = default;
};

/// Prints `[2025-06-22T10:00:00Z, 2025-06-22T10:30:00Z)`, in test failures and logs (GoogleTest
/// finds it by argument-dependent lookup).
std::ostream& operator<<(std::ostream& os, const Window& window);

/// Whether two session windows overlap or touch (`a.end == b.start` counts), so they merge.
[[nodiscard]] constexpr bool windows_merge(const Window& a, const Window& b) {
  return a.start <= b.end && b.start <= a.end;
}

/// The smallest window covering both `a` and `b`: `[min start, max end)`.
[[nodiscard]] constexpr Window merged_window(const Window& a, const Window& b) {
  return Window{a.start < b.start ? a.start : b.start, a.end > b.end ? a.end : b.end};
}

/// Rounds `t` down to a multiple of `unit` counted from the epoch, correctly for times before
/// the epoch (floor division, not truncation toward zero).
[[nodiscard]] inline Timestamp floor_to(Timestamp t, Duration unit) {
  const std::int64_t ms = to_millis(t);
  const std::int64_t u = unit.count();
  std::int64_t r = ms % u;
  if (r < 0) r += u;
  std::int64_t floor = 0;
  // Only a time within one unit of the start of time has no multiple below it.
  if (__builtin_sub_overflow(ms, r, &floor)) return kMinTimestamp;
  return from_millis(floor);
}

/// The three kinds of window the framework assigns.
enum class WindowKind {
  Tumbling,  ///< Fixed size, no overlap: each event in exactly one window.
  Hopping,   ///< Fixed size, advancing by a smaller step: an event in several windows.
  Session,   ///< Per key, closed by a gap of inactivity: windows merge as events arrive.
};

/// How events are grouped into windows: a tumbling size, a hopping size and advance, or a
/// session gap. Build one with tumbling(), hopping() or session().
class WindowSpec {
 public:
  /// Tumbling windows of `size`: the one window `[floor(t/size)*size, +size)`.
  /// @throws std::invalid_argument when size is not positive.
  static WindowSpec tumbling(Duration size);
  /// Hopping windows of `size` starting every `advance`: every `[k*advance, k*advance+size)`
  /// that contains `t`.
  /// @throws std::invalid_argument when either is not positive, advance > size, or an event
  ///         would belong to more than 10000 windows.
  static WindowSpec hopping(Duration size, Duration advance);
  /// Session windows with inactivity `gap`: an event opens `[t, t+gap)`; windows of one key that
  /// overlap or touch merge.
  /// @throws std::invalid_argument when gap is not positive.
  static WindowSpec session(Duration gap);

  /// Which kind of window this is.
  [[nodiscard]] WindowKind kind() const { return kind_; }
  /// Window size (tumbling, hopping); the gap for sessions.
  [[nodiscard]] Duration size() const { return size_; }
  /// Distance between window starts (hopping); equals size() for tumbling, the gap for sessions.
  [[nodiscard]] Duration advance() const { return advance_; }
  /// Session gap; zero for other kinds.
  [[nodiscard]] Duration gap() const { return kind_ == WindowKind::Session ? size_ : Duration{0}; }
  /// Whether windows of one key merge (sessions).
  [[nodiscard]] bool is_merging() const { return kind_ == WindowKind::Session; }

  /// Appends to `out` the windows an event at `t` belongs to, in increasing start order.
  /// For sessions this is the event's own proto-window `[t, t+gap)`, before merging.
  void assign(Timestamp t, std::vector<Window>& out) const;
  /// The windows an event at `t` belongs to (see the overload that appends).
  [[nodiscard]] std::vector<Window> assign(Timestamp t) const;

  /// Writes the spec in the syntax parse_window_spec() reads (`tumbling:10m`,
  /// `hopping:10m,5m`, `session:30s`).
  [[nodiscard]] std::string describe() const;

  /// Field-by-field equality.
  friend bool operator==(const WindowSpec&, const WindowSpec&) = default;

 private:
  WindowSpec(WindowKind kind, Duration size, Duration advance)
      : kind_(kind), size_(size), advance_(advance) {}
  WindowKind kind_;
  Duration size_;
  Duration advance_;
};

/// Parses `tumbling:SIZE`, `hopping:SIZE,ADVANCE` or `session:GAP` (durations such as `10m`).
/// @throws std::invalid_argument with a message saying what is wrong (unknown kind, bad
///         duration, advance larger than size).
[[nodiscard]] WindowSpec parse_window_spec(std::string_view text);

}  // namespace streamlab
