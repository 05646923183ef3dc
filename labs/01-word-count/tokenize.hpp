/// @file
/// Lab 01, part 1: turning a line of UTF-8 text into lowercase words.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lab01 {

/// Splits `line` into words and lowercases them.
///
/// A word is a maximal run of letters and digits; everything else (spaces, punctuation, symbols,
/// invalid UTF-8 bytes) separates words. Letters are ASCII letters and the letters of the Latin-1
/// Supplement, Latin Extended-A, Greek and Coptic, and Cyrillic blocks, so `Кафка` is one word
/// (`кафка`) and `Ελληνικά` too (`ελληνικά`). Digits are `0`..`9`. Characters of other scripts
/// are separators. Lowercasing is Unicode's simple (one code point to one) mapping.
///
/// Example: `"Kafka, КАФКА и Flink!"` gives `{"kafka", "кафка", "и", "flink"}`.
std::vector<std::string> tokenize(std::string_view line);

}  // namespace lab01
