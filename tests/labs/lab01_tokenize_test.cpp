// Lab 01 graded tests, part 1: tokenize(). Expected words are worked out by hand, and for every
// code point of the supported blocks by the C library's Unicode tables (oracle/words.hpp).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "oracle/words.hpp"
#include "tokenize.hpp"

namespace {

using Words = std::vector<std::string>;

TEST(Lab01Tokenize, SplitsOnPunctuationAndLowercasesAscii) {
  EXPECT_EQ(lab01::tokenize("Hello, World! hello-world\tKAFKA_streams 42x"),
            (Words{"hello", "world", "hello", "world", "kafka", "streams", "42x"}));
}

TEST(Lab01Tokenize, KeepsCyrillicAndGreekWordsWhole) {
  EXPECT_EQ(lab01::tokenize("Kafka, КАФКА и Ελληνικά!"), (Words{"kafka", "кафка", "и", "ελληνικά"}));
  EXPECT_EQ(lab01::tokenize("Кафка"), (Words{"кафка"}));
}

TEST(Lab01Tokenize, LowercasesLatinSupplementAndExtendedLetters) {
  EXPECT_EQ(lab01::tokenize("ŁÓDŹ Ærø STRAẞE Straße ÉCOLE"),
            (Words{"łódź", "ærø", "stra", "e", "straße", "école"}));
}

TEST(Lab01Tokenize, SymbolsInvalidBytesAndOtherScriptsSeparateWords) {
  EXPECT_EQ(lab01::tokenize("a×b÷c"), (Words{"a", "b", "c"}));
  EXPECT_EQ(lab01::tokenize("ab\xFF"
                            "cd\xC3"),
            (Words{"ab", "cd"}));
  EXPECT_EQ(lab01::tokenize("x—y «z»"), (Words{"x", "y", "z"}));
  EXPECT_EQ(lab01::tokenize("日本 go"), (Words{"go"}));
}

TEST(Lab01Tokenize, EmptyAndSeparatorOnlyLinesGiveNoWords) {
  EXPECT_TRUE(lab01::tokenize("").empty());
  EXPECT_TRUE(lab01::tokenize("  ,;!? -- ").empty());
}

TEST(Lab01Tokenize, AgreesWithTheCLibraryOnEveryCodePointOfTheSupportedBlocks) {
  int checked = 0;
  for (char32_t cp = 0x20; cp <= 0x4FF; ++cp) {
    if (cp >= 0x7F && cp < 0xA0) continue;   // control characters
    if (cp > 0x17F && cp < 0x370) continue;  // blocks outside the lab's tables
    const std::string line = "a" + oracle::encode(cp) + "b";
    const Words expected = oracle::words(line);
    ASSERT_EQ(lab01::tokenize(line), expected) << "code point U+" << std::hex << static_cast<int>(cp);
    ++checked;
  }
  EXPECT_GT(checked, 700);
}

}  // namespace
