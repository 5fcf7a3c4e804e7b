#include "text/breaks.h"

#include <gtest/gtest.h>

namespace plaquette::text {
namespace {

std::vector<std::size_t> positions(std::string_view text, const std::string& locale = "fr") {
  std::vector<std::size_t> out;
  for (const BreakOpportunity& b : line_breaks(text, locale)) out.push_back(b.pos);
  return out;
}

TEST(LineBreaks, AfterSpaces) {
  EXPECT_EQ(positions("vie sociale"), (std::vector<std::size_t>{4, 11}));
}

TEST(LineBreaks, NarrowNoBreakSpaceIsGlue) {
  // ICU classes U+202F as GL: "361 350" is one unbreakable piece.
  EXPECT_EQ(positions("361\u202F350"), (std::vector<std::size_t>{9}));
  EXPECT_EQ(positions("8\u202F309\u202F550\u00A0€"), (std::vector<std::size_t>{18}));
}

TEST(LineBreaks, NoBreakSpaceIsGlue) {
  EXPECT_EQ(positions("83\u00A0%"), (std::vector<std::size_t>{5}));
  EXPECT_EQ(positions("1,20\u00A0€ reçu"), (std::vector<std::size_t>{10, 15}));
}

TEST(LineBreaks, PlainSpaceBeforePercentIsAnOpportunityForIcu) {
  // Why paragraph.cc adds a French rule on top of ICU.
  EXPECT_EQ(positions("83 %"), (std::vector<std::size_t>{3, 4}));
}

TEST(LineBreaks, AfterHyphen) {
  EXPECT_EQ(positions("Hauts-de-France"), (std::vector<std::size_t>{6, 9, 15}));
}

TEST(LineBreaks, HardBreaks) {
  const auto breaks = line_breaks("un\ndeux\r\ntrois", "fr");
  ASSERT_EQ(breaks.size(), 3u);
  EXPECT_EQ(breaks[0].pos, 3u);
  EXPECT_TRUE(breaks[0].hard);
  EXPECT_EQ(breaks[1].pos, 9u);  // CR LF is one break
  EXPECT_TRUE(breaks[1].hard);
  EXPECT_EQ(breaks[2].pos, 14u);
  EXPECT_FALSE(breaks[2].hard);
}

TEST(LineBreaks, EmptyText) { EXPECT_TRUE(line_breaks("", "fr").empty()); }

TEST(LineBreaks, UnknownLocaleStillBreaks) {
  EXPECT_EQ(positions("vie sociale", "!!"), (std::vector<std::size_t>{4, 11}));
  EXPECT_EQ(positions("vie sociale", ""), (std::vector<std::size_t>{4, 11}));
}

TEST(LineBreaks, OffsetsAreBytes) {
  EXPECT_EQ(positions("été été"), (std::vector<std::size_t>{6, 11}));
}

}  // namespace
}  // namespace plaquette::text
