#include "text/case.h"

#include <gtest/gtest.h>

namespace plaquette::text {
namespace {

TEST(ToUpper, FrenchAccentsAreKept) {
  EXPECT_EQ(to_upper("é", "fr"), "É");
  EXPECT_EQ(to_upper("propreté et vie sociale", "fr"), "PROPRETÉ ET VIE SOCIALE");
}

TEST(ToUpper, Ligature) { EXPECT_EQ(to_upper("œuvre", "fr"), "ŒUVRE"); }

TEST(ToUpper, FullMappingChangesLength) { EXPECT_EQ(to_upper("straße", "de"), "STRASSE"); }

TEST(ToUpper, LocaleRulesApply) {
  // Turkish dotted i: the locale matters, so it must be passed through.
  EXPECT_EQ(to_upper("i", "tr"), "İ");
  EXPECT_EQ(to_upper("i", "fr"), "I");
}

TEST(ToUpper, DutchIj) { EXPECT_EQ(to_upper("ijsselmeer", "nl-BE"), "IJSSELMEER"); }

TEST(ToUpper, NumbersAndNoBreakSpacesUntouched) {
  EXPECT_EQ(to_upper("34,8\u00A0millions\u00A0€", "fr"), "34,8\u00A0MILLIONS\u00A0€");
}

TEST(ToUpper, EmptyString) { EXPECT_EQ(to_upper("", "fr"), ""); }

TEST(ToUpper, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(to_upper("a\xFF"
                     "b",
                     "fr"),
            "A\uFFFDB");
  EXPECT_EQ(to_upper("\xC3", "fr"), "\uFFFD");  // truncated "é"
}

TEST(ToUpper, BadLocaleFallsBackToRootRules) { EXPECT_EQ(to_upper("é", "!!"), "É"); }

TEST(ToLower, French) { EXPECT_EQ(to_lower("ÉTÉ", "fr"), "été"); }

}  // namespace
}  // namespace plaquette::text
