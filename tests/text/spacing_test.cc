#include "text/spacing.h"

#include <gtest/gtest.h>

namespace plaquette::text {
namespace {

std::string spaced(std::string s, const std::string& locale, char32_t fr = 0x202F) {
  std::vector<std::string> pieces = {std::move(s)};
  apply_spacing(pieces, locale, fr);
  return pieces[0];
}

TEST(SpacingTest, FrenchHighPunctuationAndGuillemets) {
  EXPECT_EQ(spaced("Total : 3 ; oui ! non ? « bien »", "fr-FR"),
            "Total\u202F: 3\u202F; oui\u202F! non\u202F? «\u202Fbien\u202F»");
  EXPECT_EQ(spaced("Vraiment? Oui! «bien»", "fr"), "Vraiment\u202F? Oui\u202F! «\u202Fbien\u202F»");
  EXPECT_EQ(spaced("Total : oui", "fr", 0x00A0), "Total\u00A0: oui");
  // A colon typed tight stays so: times and addresses ("14:30", "https://").
  EXPECT_EQ(spaced("à 14:30 sur https://x.fr", "fr"), "à 14:30 sur https://x.fr");
  EXPECT_EQ(spaced("Quoi ?!", "fr"), "Quoi\u202F?!");
}

TEST(SpacingTest, NumbersAndUnits) {
  EXPECT_EQ(spaced("30 % et 65 000 € pour 12 km et 3 millions", "fr"),
            "30\u00A0% et 65 000\u00A0€ pour 12\u00A0km et 3 millions");
  EXPECT_EQ(spaced("a 5 m2 room, 20 kg, 9 M€", "en"), "a 5 m2 room, 20\u00A0kg, 9\u00A0M€");
}

TEST(SpacingTest, TypographicApostrophe) {
  EXPECT_EQ(spaced("l'association d'insertion", "fr"), "l’association d’insertion");
  EXPECT_EQ(spaced("it's 'quoted'", "en"), "it’s 'quoted'");
}

TEST(SpacingTest, EnglishAndDutchSetPunctuationTight) {
  EXPECT_EQ(spaced("Total : 3 ; yes ! no ?", "en-GB"), "Total: 3; yes! no?");
  EXPECT_EQ(spaced("Totaal : 3 !", "nl-BE"), "Totaal: 3!");
  EXPECT_EQ(spaced("Total : 3 !", "de-DE"), "Total: 3!");  // German too (the locale table)
  EXPECT_EQ(spaced("Totale : 3", "it"), "Totale : 3");     // no rules for other languages
}

TEST(SpacingTest, RulesSeeAcrossPieces) {
  std::vector<std::string> pieces = {"Résultat ", ": 1", " €"};
  apply_spacing(pieces, "fr", 0x202F);
  EXPECT_EQ(pieces[0], "Résultat\u202F");
  EXPECT_EQ(pieces[1], ": 1");
  EXPECT_EQ(pieces[2], "\u00A0€");
}

}  // namespace
}  // namespace plaquette::text
