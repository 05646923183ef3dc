#include "json_locator.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace streamlab::sim::detail {
namespace {

using nlohmann::json;

// A character iterator that publishes how far the parser has read, so the SAX callbacks below
// know the position of the token just consumed.
class TrackingIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator() = default;
  TrackingIterator(const char* p, const char** reached) : p_(p), reached_(reached) {}
  reference operator*() const { return *p_; }
  TrackingIterator& operator++() {
    ++p_;
    if (reached_ != nullptr && p_ > *reached_) *reached_ = p_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator old = *this;
    ++*this;
    return old;
  }
  friend bool operator==(const TrackingIterator& a, const TrackingIterator& b) { return a.p_ == b.p_; }

 private:
  const char* p_{nullptr};
  const char** reached_{nullptr};
};

// One step of a field path: an object key or an array index.
struct Segment {
  bool index;
  std::size_t position;  // the array index, when `index`
  std::string key;       // the object key, otherwise
};

// Splits `late.fraction` or `idle[0].for` into its steps; std::nullopt when it is not such a path.
std::optional<std::vector<Segment>> split_path(const std::string& path) {
  std::vector<Segment> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string::npos || close == i + 1) return std::nullopt;
      std::size_t value = 0;
      for (std::size_t j = i + 1; j < close; ++j) {
        if (path[j] < '0' || path[j] > '9') return std::nullopt;
        value = value * 10 + static_cast<std::size_t>(path[j] - '0');
      }
      out.push_back(Segment{true, value, {}});
      i = close + 1;
      if (i < path.size() && path[i] == '.') ++i;
      continue;
    }
    const std::size_t end = path.find_first_of(".[", i);
    out.push_back(Segment{false, 0, path.substr(i, end == std::string::npos ? std::string::npos : end - i)});
    if (end == std::string::npos) break;
    i = path[end] == '.' ? end + 1 : end;
  }
  return out;
}

// Walks the text once looking for one path: remembers where the deepest prefix of the path was
// first seen, and stops at the path itself. Each frame keeps only whether the path so far
// still matches, so the walk is linear in the text even for deeply nested input.
class Locator : public nlohmann::json_sax<json> {
 public:
  Locator(const char* begin, const char** reached, const std::vector<Segment>& target)
      : begin_(begin), reached_(reached), target_(target) {}

  bool null() override { return scalar(); }
  bool boolean(bool) override { return scalar(); }
  bool number_integer(number_integer_t) override { return scalar(); }
  bool number_unsigned(number_unsigned_t) override { return scalar(); }
  bool number_float(number_float_t, const string_t&) override { return scalar(); }
  bool string(string_t&) override { return scalar(); }
  bool binary(binary_t&) override { return scalar(); }
  bool start_object(std::size_t) override {
    if (!element()) return false;
    frames_.push_back(Frame{false, 0, false});
    return true;
  }
  bool key(string_t& k) override {
    Frame& f = frames_.back();
    const std::size_t depth = frames_.size();
    f.matches = parent_matches() && depth <= target_.size() && !target_[depth - 1].index &&
                target_[depth - 1].key == k;
    return mark();
  }
  bool end_object() override {
    frames_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override {
    if (!element()) return false;
    frames_.push_back(Frame{true, 0, false});
    return true;
  }
  bool end_array() override {
    frames_.pop_back();
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

  // Bytes before the deepest prefix of the path found (0 when none).
  [[nodiscard]] std::size_t position() const { return position_; }

 private:
  struct Frame {
    bool array;
    std::size_t count;  // elements seen, for arrays
    bool matches;       // the path down to this frame's current member matches the target
  };
  bool parent_matches() const { return frames_.size() < 2 || frames_[frames_.size() - 2].matches; }
  bool scalar() { return element(); }
  // A value inside an array is an element: give it the next index and look at its path.
  bool element() {
    if (frames_.empty() || !frames_.back().array) return true;
    Frame& f = frames_.back();
    const std::size_t depth = frames_.size();
    f.matches = parent_matches() && depth <= target_.size() && target_[depth - 1].index &&
                target_[depth - 1].position == f.count;
    ++f.count;
    return mark();
  }
  // Notes the position when the current path is a deeper prefix of the target than any before;
  // false (stop the walk) once it is the target itself.
  bool mark() {
    if (!frames_.back().matches || frames_.size() <= best_depth_) return true;
    best_depth_ = frames_.size();
    position_ = static_cast<std::size_t>(*reached_ - begin_);
    return best_depth_ < target_.size();
  }

  const char* begin_;
  const char** reached_;
  const std::vector<Segment>& target_;
  std::vector<Frame> frames_;
  std::size_t best_depth_{0};
  std::size_t position_{0};
};

}  // namespace

std::int64_t line_at(std::string_view text, std::size_t position) {
  const std::size_t end = std::min(position == 0 ? 0 : position - 1, text.size());
  return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '\n');
}

JsonLineMap::JsonLineMap(std::string_view text) : text_(text) {}

std::int64_t JsonLineMap::line_of(const std::string& path) const {
  const auto target = split_path(path);
  if (!target || target->empty()) return 1;
  const char* reached = text_.data();
  Locator locator(text_.data(), &reached, *target);
  json::sax_parse(TrackingIterator(text_.data(), &reached),
                  TrackingIterator(text_.data() + text_.size(), &reached), &locator);
  return locator.position() == 0 ? 1 : line_at(text_, locator.position());
}

}  // namespace streamlab::sim::detail
