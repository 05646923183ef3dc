// The lines `streamlab gen text` draws from; private to the generators.
#pragma once

#include <string_view>
#include <vector>

namespace streamlab::datasets::detail {

/// Chapter I and the start of chapter II of Alice's Adventures in Wonderland, one printed line each.
std::vector<std::string_view> alice_lines();

/// Short lines in Russian, German, French and Spanish, mentioning Кафка in several cases.
std::vector<std::string_view> multilingual_lines();

}  // namespace streamlab::datasets::detail
