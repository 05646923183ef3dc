// The UTF-8 check and base64 against RFC 4648's test vectors and Unicode's table of well-formed
// byte sequences (Unicode 15, table 3-7).
#include "streamlab/bytes.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using streamlab::base64_decode;
using streamlab::base64_encode;
using streamlab::first_invalid_utf8;
using streamlab::is_valid_utf8;

TEST(Base64, EncodesTheRfc4648TestVectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, DecodesTheRfc4648TestVectors) {
  EXPECT_EQ(base64_decode(""), std::string{});
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zm8="), "fo");
  EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
}

TEST(Base64, EveryByteValueSurvivesTheRoundTrip) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    const std::string part = all.substr(all.size() - n);
    EXPECT_EQ(base64_decode(base64_encode(part)), part) << n << " bytes";
  }
  // The high half of the byte range uses the last two characters of the alphabet.
  EXPECT_EQ(base64_encode(std::string{"\xfb\xff", 2}), "+/8=");
}

TEST(Base64, RefusesWhatIsNotPaddedBase64) {
  EXPECT_FALSE(base64_decode("Zg"));        // not a multiple of 4
  EXPECT_FALSE(base64_decode("Zm9v!mFy"));  // a character outside the alphabet
  EXPECT_FALSE(base64_decode("Zg==Zm8="));  // padding before the end
  EXPECT_FALSE(base64_decode("Zm=v"));      // '=' in the third place only
}

TEST(Utf8, AcceptsWellFormedTextInEveryLength) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("caf\xc3\xa9"));           // U+00E9, two bytes
  EXPECT_TRUE(is_valid_utf8("\xe2\x82\xac"));          // U+20AC, three bytes
  EXPECT_TRUE(is_valid_utf8("\xf0\x9f\x93\x88"));      // U+1F4C8, four bytes
  EXPECT_TRUE(is_valid_utf8(std::string{"a\0b", 3}));  // NUL is a character
  EXPECT_EQ(first_invalid_utf8("caf\xc3\xa9"), std::nullopt);
}

TEST(Utf8, FindsTheFirstIllFormedByte) {
  EXPECT_EQ(first_invalid_utf8("ab\xff"), 2U);              // never a UTF-8 byte
  EXPECT_EQ(first_invalid_utf8("\xc0\xaf"), 0U);            // overlong '/'
  EXPECT_EQ(first_invalid_utf8("x\xed\xa0\x80"), 1U);       // a surrogate, U+D800
  EXPECT_EQ(first_invalid_utf8("xy\xf4\x90\x80\x80"), 2U);  // past U+10FFFF
  EXPECT_EQ(first_invalid_utf8("\xe2\x82"), 0U);            // cut short
  EXPECT_EQ(first_invalid_utf8("ok \xc3\xa9 \x80"), 6U);    // a lone continuation byte
  EXPECT_FALSE(is_valid_utf8("\xe0\x80\x80"));              // overlong in three bytes
}

TEST(Utf8, EscapingWritesEachIllFormedByteAsHexAndKeepsTheText) {
  EXPECT_EQ(streamlab::escape_invalid_utf8("a\xff"
                                           "b caf\xc3\xa9"),
            "a\\xFFb caf\xc3\xa9");
  EXPECT_EQ(streamlab::escape_invalid_utf8("\xe2\x82"), "\\xE2\\x82");
  EXPECT_TRUE(is_valid_utf8(streamlab::escape_invalid_utf8("\xc0\xaf\xed\xa0\x80")));
}

}  // namespace
