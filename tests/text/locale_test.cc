#include "text/locale.h"

#include <gtest/gtest.h>

namespace plaquette::text {
namespace {

TEST(LocaleTest, ParsesLanguageAndRegionOnce) {
  Locale fr("fr-FR");
  EXPECT_EQ(fr.tag(), "fr-FR");
  EXPECT_EQ(fr.language(), "fr");
  EXPECT_EQ(fr.region(), "FR");
  EXPECT_EQ(fr.rules().language, "fr");

  Locale nl("NL_be");
  EXPECT_EQ(nl.language(), "nl");
  EXPECT_EQ(nl.region(), "BE");

  // A script subtag is skipped; a numeric region is kept.
  Locale en("en-Latn-US");
  EXPECT_EQ(en.language(), "en");
  EXPECT_EQ(en.region(), "US");
  EXPECT_EQ(Locale("es-419").region(), "419");
}

TEST(LocaleTest, UnknownLanguagesGetTheNeutralRules) {
  for (const char* tag : {"es-ES", "xx", "", "-", "1234"}) {
    const LanguageRules& r = Locale(tag).rules();
    EXPECT_EQ(r.language, "") << tag;
    EXPECT_TRUE(r.space_before.empty()) << tag;
    EXPECT_TRUE(r.tight_before.empty()) << tag;
    EXPECT_TRUE(r.no_line_start.empty()) << tag;
  }
  EXPECT_EQ(Locale("").language(), "");
}

TEST(LocaleTest, GermanHyphenatesItsNouns) {
  const LanguageRules& de = Locale("de-DE").rules();
  EXPECT_EQ(de.language, "de");
  EXPECT_TRUE(de.hyphenate_capitalised);
  EXPECT_EQ(de.hyphen_package, "hyphen-de");
  EXPECT_EQ(de.hyphenation.right, 2);
  EXPECT_FALSE(Locale("fr").rules().hyphenate_capitalised);
  EXPECT_EQ(Locale("en-GB").rules().hyphen_package, "hyphen-en-gb");
}

TEST(LocaleTest, OneTableOfRulesPerLanguage) {
  const LanguageRules& fr = Locale("fr").rules();
  EXPECT_TRUE(rule_has(fr.space_before, U':'));
  EXPECT_FALSE(rule_has(fr.insert_space_before, U':'));  // times and addresses
  EXPECT_TRUE(rule_has(fr.space_after, U'\u00AB'));
  EXPECT_TRUE(rule_has(fr.no_line_start, U'\u20AC'));
  EXPECT_TRUE(rule_has(fr.no_line_end, U'\u2039'));
  EXPECT_FALSE(rule_has(fr.no_line_start, 0));
  for (const char* tag : {"en-GB", "nl"}) {
    const LanguageRules& r = Locale(tag).rules();
    EXPECT_TRUE(rule_has(r.tight_before, U'?')) << tag;
    EXPECT_TRUE(r.space_before.empty()) << tag;
  }
  EXPECT_EQ(fr.hyphenation.left, 2);
  EXPECT_EQ(fr.hyphenation.right, 3);
  // TeX's minimums (babel: French and British 2 and 3, Dutch and German 2 and 2), and as
  // in TeX no other bound on the word: it needs only room for both fragments.
  EXPECT_EQ(Locale("nl").rules().hyphenation.right, 2);
  for (const char* tag : {"fr", "en-GB", "nl", "de"}) {
    const HyphenRules& h = Locale(tag).rules().hyphenation;
    EXPECT_EQ(h.min_word, h.left + h.right) << tag;
  }
}

}  // namespace
}  // namespace plaquette::text
