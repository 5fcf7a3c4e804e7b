#include "text/utf8.h"

#include <gtest/gtest.h>

namespace plaquette::text {
namespace {

TEST(Utf8Decode, Valid) {
  std::size_t len = 0;
  EXPECT_EQ(utf8_decode("a", 0, len), U'a');
  EXPECT_EQ(len, 1u);
  EXPECT_EQ(utf8_decode("é", 0, len), U'é');
  EXPECT_EQ(len, 2u);
  EXPECT_EQ(utf8_decode("€", 0, len), U'€');
  EXPECT_EQ(len, 3u);
  EXPECT_EQ(utf8_decode("\U0001F600", 0, len), U'\U0001F600');
  EXPECT_EQ(len, 4u);
}

TEST(Utf8Decode, InvalidGivesReplacementAndAdvances) {
  std::size_t len = 0;
  EXPECT_EQ(utf8_decode("\xFF", 0, len), kReplacement);
  EXPECT_EQ(len, 1u);
  EXPECT_EQ(utf8_decode("\x80", 0, len), kReplacement);  // lone continuation
  EXPECT_EQ(len, 1u);
  EXPECT_EQ(utf8_decode("\xC0\xAF", 0, len), kReplacement);  // overlong "/"
  EXPECT_EQ(len, 1u);
  EXPECT_EQ(utf8_decode("\xED\xA0\x80", 0, len), kReplacement);  // surrogate
  EXPECT_EQ(len, 1u);
  EXPECT_EQ(utf8_decode("\xF4\x90\x80\x80", 0, len), kReplacement);  // > U+10FFFF
  EXPECT_EQ(len, 1u);
}

TEST(Utf8Decode, TruncatedSequenceIsOneReplacement) {
  std::size_t len = 0;
  EXPECT_EQ(utf8_decode("\xE2\x82", 0, len), kReplacement);
  EXPECT_EQ(len, 2u);
  EXPECT_EQ(utf8_decode("\xE2\x82x", 0, len), kReplacement);
  EXPECT_EQ(len, 2u);
}

TEST(Utf8Sanitize, ReplacesOnlyInvalidBytes) {
  EXPECT_EQ(utf8_sanitize("Proximité"), "Proximité");
  EXPECT_EQ(utf8_sanitize("a\xFF"
                          "b"),
            "a\uFFFDb");
  EXPECT_EQ(utf8_sanitize("\xE2\x82"), "\uFFFD");
  EXPECT_EQ(utf8_sanitize("\uFFFD"), "\uFFFD");
  EXPECT_EQ(utf8_sanitize(""), "");
}

TEST(Utf8Append, EncodesAndRejectsSurrogates) {
  std::string s;
  utf8_append(s, U'€');
  utf8_append(s, 0xD800);
  EXPECT_EQ(s, "€\uFFFD");
}

TEST(HardBreakLength, Kinds) {
  EXPECT_EQ(hard_break_length("a\nb", 1), 1u);
  EXPECT_EQ(hard_break_length("\r\n", 0), 2u);
  EXPECT_EQ(hard_break_length("\r", 0), 1u);
  EXPECT_EQ(hard_break_length("\u2028", 0), 3u);
  EXPECT_EQ(hard_break_length("\u0085", 0), 2u);
  EXPECT_EQ(hard_break_length("a", 0), 0u);
  EXPECT_EQ(hard_break_length("a", 1), 0u);
}

}  // namespace
}  // namespace plaquette::text
