// Lab 01 reference solution, part 1: UTF-8 tokenisation with Unicode-aware letters, without ICU.
//
// The letter and lowercase tables cover ASCII, Latin-1 Supplement, Latin Extended-A, Greek and
// Coptic, and Cyrillic (U+0000..U+017F, U+0370..U+04FF), which is what the lab's datasets use.
// They follow Unicode's general categories (letters L*) and simple lowercase mappings for those
// blocks. Text is expected in NFC: a combining accent (U+0300..) is not a letter and cuts a word.
#include <cstdint>

#include "tokenize.hpp"

namespace lab01 {
namespace {

constexpr char32_t kInvalid = 0xFFFD;  // the replacement character: not a letter, so a separator

/// Decodes one code point starting at `pos` and advances `pos`; malformed bytes give kInvalid.
char32_t decode_utf8(std::string_view text, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  int length = 0;
  char32_t cp = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
  } else {
    ++pos;  // a stray continuation byte or an invalid lead byte
    return kInvalid;
  }
  if (pos + static_cast<std::size_t>(length) > text.size()) {
    ++pos;
    return kInvalid;
  }
  for (int i = 1; i < length; ++i) {
    const unsigned char b = byte(pos + static_cast<std::size_t>(i));
    if ((b & 0xC0) != 0x80) {
      ++pos;
      return kInvalid;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms and surrogates are invalid UTF-8.
  static constexpr char32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[length] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++pos;
    return kInvalid;
  }
  pos += static_cast<std::size_t>(length);
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
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
}

bool is_letter_or_digit(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (c <= 0xFF) return c == 0xAA || c == 0xB5 || c == 0xBA || (c >= 0xC0 && c != 0xD7 && c != 0xF7);
  if (c <= 0x17F) return true;  // Latin Extended-A is letters only
  if (c >= 0x370 && c <= 0x3FF) {
    switch (c) {  // Greek and Coptic: the symbols, punctuation and unassigned code points
      case 0x375:
      case 0x378:
      case 0x379:
      case 0x37E:
      case 0x380:
      case 0x381:
      case 0x382:
      case 0x383:
      case 0x384:
      case 0x385:
      case 0x387:
      case 0x38B:
      case 0x38D:
      case 0x3A2:
      case 0x3F6: return false;
      default: return true;
    }
  }
  if (c >= 0x400 && c <= 0x4FF) return c < 0x482 || c > 0x489;  // not ҂ nor combining marks
  return false;
}

bool even(char32_t c) { return c % 2 == 0; }

char32_t to_lower(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c <= 0xFF) return (c >= 0xC0 && c <= 0xDE && c != 0xD7) ? c + 32 : c;
  // Latin Extended-A: upper and lower case alternate in pairs, with three odd stretches.
  if (c <= 0x17F) {
    if (c == 0x130) return 'i';   // İ
    if (c == 0x178) return 0xFF;  // Ÿ
    if (c <= 0x137) return even(c) ? c + 1 : c;
    if (c >= 0x139 && c <= 0x148) return even(c) ? c : c + 1;
    if (c >= 0x14A && c <= 0x177) return even(c) ? c + 1 : c;
    if (c >= 0x179 && c <= 0x17E) return even(c) ? c : c + 1;
    return c;
  }
  // Greek and Coptic.
  if (c >= 0x370 && c <= 0x3FF) {
    if (c == 0x370 || c == 0x372 || c == 0x376) return c + 1;
    if (c == 0x37F) return 0x3F3;
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 37;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 63;
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;
    if (c == 0x3CF) return 0x3D7;
    if (c >= 0x3D8 && c <= 0x3EF) return even(c) ? c + 1 : c;
    if (c == 0x3F4) return 0x3B8;
    if (c == 0x3F7 || c == 0x3FA) return c + 1;
    if (c == 0x3F9) return 0x3F2;
    if (c >= 0x3FD) return c - 0x82;
    return c;
  }
  // Cyrillic.
  if (c >= 0x400 && c <= 0x4FF) {
    if (c <= 0x40F) return c + 80;
    if (c <= 0x42F) return c + 32;
    if (c >= 0x460 && c <= 0x481) return even(c) ? c + 1 : c;
    if (c >= 0x48A && c <= 0x4BF) return even(c) ? c + 1 : c;
    if (c == 0x4C0) return 0x4CF;
    if (c >= 0x4C1 && c <= 0x4CE) return even(c) ? c : c + 1;
    if (c >= 0x4D0) return even(c) ? c + 1 : c;
    return c;
  }
  return c;
}

}  // namespace

std::vector<std::string> tokenize(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  std::size_t pos = 0;
  while (pos < line.size()) {
    const char32_t cp = decode_utf8(line, pos);
    if (is_letter_or_digit(cp)) {
      append_utf8(word, to_lower(cp));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

}  // namespace lab01
