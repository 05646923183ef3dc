#include "json_locator.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>
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

class Locator : public nlohmann::json_sax<json> {
 public:
  Locator(std::string_view text, const char** reached, std::map<std::string, std::int64_t>& lines)
      : text_(text), reached_(reached), lines_(lines) {}

  bool null() override { return scalar(); }
  bool boolean(bool) override { return scalar(); }
  bool number_integer(number_integer_t) override { return scalar(); }
  bool number_unsigned(number_unsigned_t) override { return scalar(); }
  bool number_float(number_float_t, const string_t&) override { return scalar(); }
  bool string(string_t&) override { return scalar(); }
  bool binary(binary_t&) override { return scalar(); }
  bool start_object(std::size_t) override {
    element();
    frames_.push_back(Frame{false, 0, {}});
    return true;
  }
  bool key(string_t& k) override {
    frames_.back().key = k;
    mark();
    return true;
  }
  bool end_object() override {
    frames_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override {
    element();
    frames_.push_back(Frame{true, 0, {}});
    return true;
  }
  bool end_array() override {
    frames_.pop_back();
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  struct Frame {
    bool array;
    std::size_t index;
    std::string key;
  };
  bool scalar() {
    element();
    return true;
  }
  // A value inside an array is an element: give it the next index and note its line.
  void element() {
    if (!frames_.empty() && frames_.back().array) {
      ++frames_.back().index;
      mark();
    }
  }
  std::string path() const {
    std::string out;
    for (const Frame& f : frames_) {
      if (f.array) {
        out += '[';  // appended piece by piece: g++ 12 -O3 warns falsely on "[" + str + "]"
        out += std::to_string(f.index - 1);
        out += ']';
      } else if (!f.key.empty()) {
        if (!out.empty()) out += '.';
        out += f.key;
      }
    }
    return out;
  }
  void mark() {
    const auto position = static_cast<std::size_t>(*reached_ - text_.data());
    lines_.emplace(path(), line_at(text_, position));
  }

  std::string_view text_;
  const char** reached_;
  std::map<std::string, std::int64_t>& lines_;
  std::vector<Frame> frames_;
};

}  // namespace

std::int64_t line_at(std::string_view text, std::size_t position) {
  const std::size_t end = std::min(position == 0 ? 0 : position - 1, text.size());
  return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '\n');
}

JsonLineMap::JsonLineMap(std::string_view text) {
  const char* reached = text.data();
  Locator locator(text, &reached, lines_);
  json::sax_parse(TrackingIterator(text.data(), &reached),
                  TrackingIterator(text.data() + text.size(), &reached), &locator);
}

std::int64_t JsonLineMap::line_of(std::string path) const {
  for (;;) {
    if (auto it = lines_.find(path); it != lines_.end()) return it->second;
    const auto cut = path.find_last_of(".[");
    if (cut == std::string::npos) return 1;
    path.resize(cut);
  }
}

}  // namespace streamlab::sim::detail
