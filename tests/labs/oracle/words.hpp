// The word-count oracle: tokenisation by the C library's Unicode tables (glibc's C.UTF-8
// locale: iswalnum, towlower), restricted to the blocks the lab supports, and a plain batch count.
// It shares no code with the lab: it is how the rule reads in the handout, applied directly.
#pragma once

#include <locale.h>
#include <wctype.h>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace oracle {

/// The C library's locale with Unicode character classes; thrown away at exit by the OS.
inline locale_t unicode_locale() {
  static const locale_t loc = newlocale(LC_ALL_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  if (loc == static_cast<locale_t>(nullptr))
    throw std::runtime_error("the C.UTF-8 locale is not available (glibc >= 2.35 has it built in)");
  return loc;
}

/// Decodes UTF-8 with mbrtowc-like strictness; an invalid byte becomes U+FFFD.
inline std::u32string decode(std::string_view s) {
  std::u32string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    int n = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
    char32_t cp = n == 1 ? b0 : n == 2 ? (b0 & 0x1F) : n == 3 ? (b0 & 0x0F) : (b0 & 0x07);
    bool ok = n > 0 && i + static_cast<std::size_t>(n) <= s.size();
    for (int k = 1; ok && k < n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      ok = (b & 0xC0) == 0x80;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (ok && ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
               (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF))
      ok = false;
    if (!ok) {
      out.push_back(0xFFFD);
      ++i;
    } else {
      out.push_back(cp);
      i += static_cast<std::size_t>(n);
    }
  }
  return out;
}

inline std::string encode(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

/// The blocks the lab's tokenizer supports: ASCII, Latin-1 Supplement, Latin Extended-A,
/// Greek and Coptic, Cyrillic.
inline bool in_supported_blocks(char32_t cp) { return cp <= 0x17F || (cp >= 0x370 && cp <= 0x4FF); }

/// A letter or digit of a supported block, as the C library classifies it.
inline bool is_word_char(char32_t cp) {
  return in_supported_blocks(cp) && iswalnum_l(static_cast<wint_t>(cp), unicode_locale()) != 0;
}

/// The lowercase of a code point, as the C library maps it.
inline char32_t lower(char32_t cp) {
  return static_cast<char32_t>(towlower_l(static_cast<wint_t>(cp), unicode_locale()));
}

/// Lowercase words of a line: maximal runs of word characters.
inline std::vector<std::string> words(std::string_view line) {
  std::vector<std::string> out;
  std::string word;
  for (char32_t cp : decode(line)) {
    if (is_word_char(cp)) {
      word += encode(lower(cp));
    } else if (!word.empty()) {
      out.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(word);
  return out;
}

/// Count per word over all lines: the final state of the running-count table.
inline std::map<std::string, std::int64_t> word_counts(const std::vector<std::string>& lines) {
  std::map<std::string, std::int64_t> counts;
  for (const auto& line : lines)
    for (const auto& w : words(line)) ++counts[w];
  return counts;
}

}  // namespace oracle
