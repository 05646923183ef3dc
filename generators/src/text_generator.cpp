// Timestamped lines of text, as a chat or a log of a reading group would deliver them: the lines
// of Alice's Adventures in Wonderland in order (starting over at the end), with now and then a
// line in another language so that word counting meets non-ASCII letters.
#include <string>
#include <vector>

#include "generator_kinds.hpp"
#include "json_text.hpp"
#include "streamlab/generators/arrival_process.hpp"
#include "streamlab/sim/random.hpp"
#include "text_corpus.hpp"

namespace streamlab::datasets::detail {
namespace {

/// Separates this kind's random stream from other kinds run with the same seed ("text").
constexpr std::uint64_t kTextSalt = 0x7465787400000000ULL;

/// Share of lines in another language.
constexpr double kMultilingualShare = 0.04;

class TextGenerator final : public Generator {
 public:
  explicit TextGenerator(const GeneratorOptions& options)
      : root_(options.seed ^ kTextSalt),
        arrivals_(root_.split(), options.start, rate_or_default(options, "text")),
        rng_(root_.split()),
        lines_(alice_lines()),
        other_(multilingual_lines()) {}

  std::string next() override {
    time_ = arrivals_.next();
    std::string_view text;
    if (sim::bernoulli(rng_, kMultilingualShare)) {
      text = other_[static_cast<std::size_t>(sim::uniform_below(rng_, other_.size()))];
    } else {
      text = lines_[position_];
      position_ = (position_ + 1) % lines_.size();
    }
    std::string line = "{\"line\":";
    append_json_string(line, text);
    line += ',';
    append_time_field(line, time_);
    line += '}';
    return line;
  }

  [[nodiscard]] Timestamp last_time() const override { return time_; }

 private:
  sim::SplitMix64 root_;
  ArrivalProcess arrivals_;
  sim::SplitMix64 rng_;
  std::vector<std::string_view> lines_;
  std::vector<std::string_view> other_;
  std::size_t position_{0};
  Timestamp time_{};
};

}  // namespace

std::unique_ptr<Generator> make_text(const GeneratorOptions& options) {
  return std::make_unique<TextGenerator>(options);
}

}  // namespace streamlab::datasets::detail
