// Lab 01, part 1: write tokenize() (see tokenize.hpp and the handout, README.md).
#include "tokenize.hpp"

#include "streamlab/labs/not_implemented.hpp"

namespace lab01 {

std::vector<std::string> tokenize(std::string_view /*line*/) {
  // Decode the UTF-8 bytes into code points, keep letters and digits (lowercased), and cut a word
  // at every other code point. The handout lists the blocks and the lowercasing rules.
  throw streamlab::labs::NotImplemented("labs/01-word-count/tokenize.cpp: lab01::tokenize");
}

}  // namespace lab01
