#include "text/hyphenate.h"

#include <gtest/gtest.h>

#include <thread>

namespace plaquette::text {
namespace {

/// The word with "-" at each hyphenation point.
std::string hyphenated(const std::string& word, const std::string& locale,
                       HyphenRules rules = {5, 2, 2}) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t p : hyphenate_word(word, locale, rules)) {
    out += word.substr(from, p - from) + "-";
    from = p;
  }
  return out + word.substr(from);
}

TEST(HyphenateTest, FrenchWords) {
  EXPECT_EQ(hyphenated("sensibilisation", "fr-FR"), "sen-si-bi-li-sa-tion");
  EXPECT_EQ(hyphenated("sensibilisation", "fr"), "sen-si-bi-li-sa-tion");
  // Accented letters are two bytes: the points are still between the right characters.
  EXPECT_EQ(hyphenated("pédagogiques", "fr"), "pé-da-go-giques");
  EXPECT_EQ(hyphenated("récupérés", "fr"), "ré-cu-pé-rés");
}

TEST(HyphenateTest, EnglishAndDutchWords) {
  // British patterns (hyphen-en-gb) for en-GB, the American ones (hyphen-en-us) for en-US:
  // "hy-phen-ation" and "en-cy-clo-pe-dia" in hyph_en_US.
  EXPECT_EQ(hyphenation_dictionary_path("en-GB"), "/usr/share/hyphen/hyph_en_GB.dic");
  EXPECT_EQ(hyphenated("hyphenation", "en-GB"), "hy-phen-a-tion");
  EXPECT_EQ(hyphenated("encyclopedia", "en-GB"), "en-cyc-lo-pe-dia");
  EXPECT_EQ(hyphenated("neighbourhood", "en-GB"), "neigh-bour-hood");
  EXPECT_EQ(hyphenated("hyphenation", "en-US"), "hy-phen-ation");
  EXPECT_EQ(hyphenated("encyclopedia", "en-US"), "en-cy-clo-pe-dia");
  // hyph_nl is ISO 8859-1: the word is converted, the points mapped back to UTF-8 bytes.
  EXPECT_EQ(hyphenated("bibliotheek", "nl-BE"), "bi-bli-o-theek");
  EXPECT_EQ(hyphenated("coöperatie", "nl"), "co-ö-pe-ra-tie");
}

TEST(HyphenateTest, MinimumsAreInCharacters) {
  EXPECT_EQ(hyphenated("sensibilisation", "fr", {5, 4, 5}), "sensi-bi-li-sation");
  EXPECT_EQ(hyphenated("récupérés", "fr", {10, 2, 2}), "récupérés");  // 9 characters
  EXPECT_EQ(hyphenated("récupérés", "fr", {9, 2, 2}), "ré-cu-pé-rés");
}

TEST(HyphenateTest, LanguageMinimumsAsTeX) {
  // With each language's own minimums, a word is split wherever both fragments are long
  // enough: five-letter words in German and Dutch (2 and 2), not in French (2 and 3).
  auto own = [](const std::string& word, const std::string& tag) {
    return hyphenated(word, tag, Locale(tag).rules().hyphenation);
  };
  if (has_hyphenation_dictionary("de-DE")) {
    EXPECT_EQ(own("leben", "de-DE"), "le-ben");
  }
  EXPECT_EQ(own("maken", "nl-BE"), "ma-ken");
  EXPECT_EQ(own("water", "en-GB"), "wa-ter");
  EXPECT_EQ(own("ville", "fr-FR"), "ville");
}

TEST(HyphenateTest, UnknownLocaleHasNoPoints) {
  EXPECT_FALSE(has_hyphenation_dictionary("xx"));
  EXPECT_TRUE(has_hyphenation_dictionary("fr-FR"));
  EXPECT_TRUE(hyphenate_word("sensibilisation", "xx", {}).empty());
}

TEST(HyphenateTest, RunningTextSkipsNumbersNamesAndHyphenatedWords) {
  const std::string text =
      "Sensibilisation des Hauts-de-France, 12345678 habitants, l’association Elancourt "
      "et la sensibilisation.";
  std::string marked;
  std::size_t from = 0;
  for (std::size_t p : hyphenation_points(text, "fr", {5, 2, 2})) {
    marked += text.substr(from, p - from) + "-";
    from = p;
  }
  marked += text.substr(from);
  EXPECT_EQ(marked,
            "Sensibilisation des Hauts-de-France, 12345678 ha-bi-tants, l’as-so-cia-tion "
            "Elancourt et la sen-si-bi-li-sa-tion.");
}

/// `text` with "-" at each of its hyphenation points.
std::string marked(const std::string& text, const std::string& locale,
                   const std::vector<std::string>& exceptions = {}) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t p : hyphenation_points(text, locale, {5, 2, 2}, exceptions)) {
    out += text.substr(from, p - from) + "-";
    from = p;
  }
  return out + text.substr(from);
}

TEST(HyphenateTest, GermanHyphenatesCapitalisedCompounds) {
  if (!has_hyphenation_dictionary("de-DE")) GTEST_SKIP() << "hyphen-de is not installed";
  EXPECT_EQ(hyphenation_package("de-DE"), "hyphen-de");
  // Every German noun is capitalised: a noun is hyphenated (first letter lowered for the
  // patterns), an acronym or a word with an inner capital is not.
  EXPECT_EQ(marked("Die Sozialwohnungsunternehmen der GUSP und NordWest", "de-DE"),
            "Die So-zi-al-woh-nungs-un-ter-neh-men der GUSP und NordWest");
  EXPECT_EQ(marked("Kreislaufwirtschaft", "de"), "Kreis-lauf-wirt-schaft");
  // Elsewhere a capital marks a name, left whole.
  EXPECT_EQ(marked("Sensibilisation", "fr"), "Sensibilisation");
}

TEST(HyphenateTest, ExceptionsAndSoftHyphens) {
  // An exception lists the only points of a word; one without "=" is never split.
  EXPECT_EQ(marked("la sensibilisation", "fr", {"sensibili=sation"}), "la sensibili-sation");
  EXPECT_EQ(marked("la sensibilisation", "fr", {"sensibilisation"}), "la sensibilisation");
  EXPECT_EQ(marked("les Hauts-de-France", "fr", {"Hauts-de-France"}), "les Hauts-de-France");
  // A typed soft hyphen makes the dictionary stay out of its word (the paragraph breaks
  // there; see the paragraph tests).
  EXPECT_EQ(marked("la sensi\u00ADbilisation", "fr"), "la sensi\u00ADbilisation");
}

TEST(HyphenateTest, MissingDictionaryNamesItsPackage) {
  EXPECT_EQ(hyphenation_package("nl-BE"), "hyphen-nl");
  EXPECT_EQ(hyphenation_package("en-GB"), "hyphen-en-gb");
  EXPECT_EQ(hyphenation_package("fr"), "hyphen-fr");
  EXPECT_EQ(hyphenation_package("xx"), "");
  EXPECT_EQ(hyphenation_dictionary_path("xx"), "");
}

TEST(HyphenateTest, DictionaryIsSharedAcrossThreads) {
  std::vector<std::thread> threads;
  std::vector<std::string> results(4);
  for (std::size_t i = 0; i < results.size(); ++i)
    threads.emplace_back([&results, i] { results[i] = hyphenated("sensibilisation", "fr"); });
  for (auto& t : threads) t.join();
  for (const std::string& r : results) EXPECT_EQ(r, "sen-si-bi-li-sa-tion");
}

}  // namespace
}  // namespace plaquette::text
