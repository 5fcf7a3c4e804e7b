// Tests of the edition loader: the real data file, and one case per validation rule,
// each asserting the message and where it points.
#include "model/edition.h"

#include <gtest/gtest.h>

#include "edition_fixture.h"

namespace plaquette::model {
namespace {

using testing::dump;
using testing::find_diag;
using testing::has_hint;
using testing::kMini;
using testing::kMiniFile;
using testing::where;
using testing::with;

const std::string kDataFile =
    std::string(PLAQUETTE_SOURCE_DIR) + "/data/hauts-de-france-2019-2022.yaml";

std::optional<Edition> load(const std::string& text, Diagnostics& diags) {
  return load_edition_string(text, kMiniFile, diags);
}

// Loads `text`, expects it to fail, and returns the diagnostic containing `message`.
Diagnostic expect_error(const std::string& text, std::string_view message) {
  Diagnostics diags;
  EXPECT_FALSE(load(text, diags));
  const Diagnostic* d = find_diag(diags, message);
  EXPECT_TRUE(d) << "no `" << message << "` in:\n" << dump(diags);
  return d ? *d : Diagnostic{};
}

TEST(RealData, LoadsWithoutAnyDiagnostic) {
  Diagnostics diags;
  auto e = load_edition(kDataFile, diags);
  ASSERT_TRUE(e) << dump(diags);
  EXPECT_TRUE(diags.all().empty()) << dump(diags);
  EXPECT_EQ(e->date.str(), "2023-06-30");
  EXPECT_EQ(e->source_locale.value, "fr");
  EXPECT_EQ(*e->region.get("fr"), "Hauts-de-France");
}

TEST(RealData, DepartementsAndAisneOiseAttribution) {
  Diagnostics diags;
  auto e = load_edition(kDataFile, diags);
  ASSERT_TRUE(e) << dump(diags);
  ASSERT_EQ(e->departements.size(), 5u);
  std::vector<std::string> codes;
  for (const Departement& d : e->departements) codes.push_back(d.code.value);
  EXPECT_EQ(codes, (std::vector<std::string>{"02", "59", "60", "62", "80"}));
  EXPECT_EQ(e->find_departement("60")->homes.value, 19551);
  EXPECT_EQ(e->find_departement("02")->homes.value, 9224);
  EXPECT_EQ(e->find_departement("02")->spending.value, 2663891);
}

TEST(RealData, ThemesCoverTheEightAxesInOrder) {
  Diagnostics diags;
  auto e = load_edition(kDataFile, diags);
  ASSERT_TRUE(e) << dump(diags);
  ASSERT_EQ(e->themes.size(), 4u);
  std::int64_t expected = 1;
  for (const Theme& t : e->themes)
    for (const Axis& a : t.axes) EXPECT_EQ(a.number.value, expected++);
  EXPECT_EQ(expected, 9);
  EXPECT_EQ(*e->themes[1].name.get("fr"), "Environnement et propreté");
  EXPECT_EQ(e->themes[3].amount.value, 13000000);
}

TEST(RealData, ProjectsAreVerbatim) {
  Diagnostics diags;
  auto e = load_edition(kDataFile, diags);
  ASSERT_TRUE(e) << dump(diags);
  ASSERT_EQ(e->projects.size(), 3u);
  EXPECT_EQ(*e->projects[0].title.get("fr"), "Création d’une équipe filière bois");
  EXPECT_EQ(*e->projects[1].title.get("fr"),
            "Deuxième édition de la journée de solidarité : « Je trie, tu jettes, on donne, "
            "nous sommes solidaires »");
  EXPECT_EQ(*e->projects[2].title.get("fr"), "Maison du projet « Cœur de mineurs »");
  EXPECT_EQ(e->projects[1].departement.value, "80");
  EXPECT_EQ(e->projects[2].budget.value, 90000);
  const std::string& desc = *e->projects[0].description.get("fr");
  EXPECT_EQ(desc.rfind("Fin 2020, la filière bois de l’association", 0), 0u);
  EXPECT_EQ(desc.back(), '.');  // folded block: no trailing newline
  EXPECT_EQ(e->projects[1].objectives.size(), 3u);
  EXPECT_EQ(desc.find('\''), std::string::npos) << "straight apostrophe in " << desc;
}

TEST(Mini, Loads) {
  Diagnostics diags;
  auto e = load(kMini, diags);
  ASSERT_TRUE(e) << dump(diags);
  EXPECT_TRUE(diags.all().empty());
  EXPECT_EQ(e->departements[1].homes.pos.str(), where(kMini, "1012"));
  EXPECT_EQ(e->file, kMiniFile);
}

TEST(LoadEdition, MissingFileIsAnError) {
  Diagnostics diags;
  EXPECT_FALSE(load_edition("/nonexistent.yaml", diags));
  EXPECT_TRUE(find_diag(diags, "cannot open `/nonexistent.yaml`")) << dump(diags);
}

TEST(LoadEdition, ParseErrorPointsAtTheLine) {
  Diagnostics diags;
  EXPECT_FALSE(load(with(kMini, "  source_locale: fr", "  source_locale: [fr"), diags));
  ASSERT_EQ(diags.error_count(), 1u) << dump(diags);
  EXPECT_EQ(diags.all()[0].pos.line, 5);
}

TEST(Validation, NegativeHomes) {
  std::string text = with(kMini, "homes: 100", "homes: -3");
  Diagnostic d = expect_error(text, "`departements[0].homes` must be a whole number ≥ 0, found -3");
  EXPECT_EQ(d.pos.str(), where(text, "-3", "Aisne"));
}

TEST(Validation, FractionalHomes) {
  std::string text = with(kMini, "homes: 100", "homes: 100.5");
  Diagnostic d = expect_error(text, "`departements[0].homes`: expected a whole number");
  EXPECT_EQ(d.pos.str(), where(text, "100.5"));
}

TEST(Validation, SpendingNotANumber) {
  std::string text = with(kMini, "spending: 70000", "spending: \"70 000\"");
  Diagnostic d = expect_error(text,
                              "`departements[1].spending`: expected a number, found a "
                              "quoted string");
  EXPECT_EQ(d.pos.str(), where(text, "\"70 000\""));
}

TEST(Validation, NegativeSpending) {
  std::string text = with(kMini, "spending: 70000", "spending: -1");
  Diagnostic d = expect_error(text, "`departements[1].spending` must be between 0 and 10^12");
  EXPECT_EQ(d.pos.str(), where(text, "-1"));
}

TEST(Validation, AbsurdSpending) {
  std::string text = with(kMini, "spending: 70000", "spending: 1e12");
  Diagnostic d = expect_error(text, "`departements[1].spending` must be between 0 and 10^12");
  EXPECT_EQ(d.pos.str(), where(text, "1e12"));
}

TEST(Validation, NonFiniteAmount) {
  std::string text = with(kMini, "amount: 40000", "amount: .inf");
  Diagnostic d = expect_error(text, "`themes[0].amount`: expected a finite number");
  EXPECT_EQ(d.pos.str(), where(text, ".inf"));
}

TEST(Validation, NegativeBudget) {
  std::string text = with(kMini, "budget: 500", "budget: -500");
  Diagnostic d = expect_error(text, "`projects[0].budget` must be between 0 and 10^12");
  EXPECT_EQ(d.pos.str(), where(text, "-500"));
}

TEST(Validation, RatioMustBePositive) {
  std::string text = with(kMini, "spent_per_received: 1.25", "spent_per_received: 0");
  Diagnostic d = expect_error(text, "`ratios.spent_per_received` must be greater than 0");
  EXPECT_EQ(d.pos.str(), where(text, "0,", "spent_per_received"));
}

TEST(Coverage, TheCoverageAloneIsAcceptedAndTheRatioLeftUntyped) {
  std::string text = with(kMini, "spent_per_received: 1.25", "coverage: 0.8");
  Diagnostics diags;
  auto e = load(text, diags);
  ASSERT_TRUE(e) << dump(diags);
  EXPECT_TRUE(diags.all().empty()) << dump(diags);
  EXPECT_DOUBLE_EQ(e->coverage.value, 0.8);
  EXPECT_EQ(e->coverage.pos.str(), where(text, "0.8"));
  EXPECT_FALSE(e->spent_per_received.pos.known());
}

TEST(Coverage, BothAgreeingAtThePrecisionTheyArePrintedWithAreAccepted) {
  // 1 / 1.20 = 83.3 %, printed 83 % as 0.83 is; 1 / 1.21 = 82.6 % too.
  for (const char* both :
       {"spent_per_received: 1.20, coverage: 0.83", "coverage: 0.83, spent_per_received: 1.21",
        "spent_per_received: 1.25, coverage: 0.8"}) {
    Diagnostics diags;
    auto e = load(with(kMini, "spent_per_received: 1.25", both), diags);
    EXPECT_TRUE(e) << both << "\n" << dump(diags);
    EXPECT_TRUE(diags.all().empty()) << both << "\n" << dump(diags);
  }
}

TEST(Coverage, BothDisagreeingIsAnErrorAtTheCoverageWithBothValuesAndTheDerivedOne) {
  std::string text =
      with(kMini, "spent_per_received: 1.25", "spent_per_received: 1.19, coverage: 0.83");
  Diagnostic d = expect_error(text, "`ratios.coverage`");
  EXPECT_EQ(d.message,
            "`ratios.coverage` (0.83, printed 83 %) and `ratios.spent_per_received` (1.19) "
            "disagree: the coverage derived from the ratio is 1 / 1.19 = 84.0 %");
  EXPECT_EQ(d.pos.str(), where(text, "0.83"));
  EXPECT_TRUE(has_hint(d, "type only one of the two"));
  Diagnostics diags;
  EXPECT_FALSE(load(text, diags));
  EXPECT_EQ(diags.error_count(), 1u) << dump(diags);
  const Diagnostic* note = find_diag(diags, "`ratios.spent_per_received` is typed here");
  ASSERT_TRUE(note) << dump(diags);
  EXPECT_EQ(note->pos.str(), where(text, "1.19"));
}

TEST(Coverage, NeitherIsAnErrorAtTheRatiosNamingBoth) {
  std::string text = with(kMini, "spent_per_received: 1.25, ", "");
  Diagnostic d = expect_error(text, "`ratios` needs `spent_per_received`");
  EXPECT_EQ(d.pos.str(), where(text, "{inhabitants_per_home"));
  EXPECT_TRUE(has_hint(d, "coverage: 0.83"));
}

TEST(Coverage, APercentageTypedAsANumberGetsTheFractionHint) {
  std::string text = with(kMini, "spent_per_received: 1.25", "coverage: 83");
  Diagnostic d = expect_error(text, "`ratios.coverage` must be greater than 0 and less than 10");
  EXPECT_EQ(d.pos.str(), where(text, "83", "coverage"));
  EXPECT_TRUE(has_hint(d, "write 83 % as 0.83"));
  expect_error(with(kMini, "spent_per_received: 1.25", "coverage: 0"),
               "`ratios.coverage` must be greater than 0");
}

TEST(Validation, InhabitantsPerHomeHasAtMostThreeDecimals) {
  std::string text = with(kMini, "inhabitants_per_home: 2", "inhabitants_per_home: 2.0001");
  Diagnostic d = expect_error(text, "at most 3 decimals");
  EXPECT_EQ(d.pos.str(), where(text, "2.0001"));
}

TEST(Validation, RoundingAtLeastOne) {
  std::string text = with(kMini, "inhabitants_rounding: 50", "inhabitants_rounding: 0");
  Diagnostic d = expect_error(text, "`ratios.inhabitants_rounding` must be between 1");
  EXPECT_EQ(d.pos.str(), where(text, "0}", "inhabitants_rounding"));
}

TEST(Validation, ShareIsAFraction) {
  std::string text =
      with(kMini, "social_housing_share_in_qpv: 0.5", "social_housing_share_in_qpv: 36");
  Diagnostic d = expect_error(text, "must be between 0 and 1, found 36");
  EXPECT_EQ(d.pos.str(), where(text, "36}"));
  EXPECT_TRUE(has_hint(d, "0.36"));
}

TEST(Validation, DuplicateDepartementCode) {
  std::string text = with(kMini, "code: \"59\"", "code: \"02\"");
  Diagnostic d = expect_error(text, "département code \"02\" is listed twice");
  EXPECT_EQ(d.pos.str(), where(text, "\"02\"", "Aisne"));
}

TEST(Validation, DepartementCodeLength) {
  std::string text = with(kMini, "code: \"02\"", "code: \"2\"");
  text = with(text, "code: \"59\"", "code: \"5900\"");
  Diagnostics diags;
  EXPECT_FALSE(load(text, diags));
  EXPECT_EQ(diags.error_count(), 3u) << dump(diags);  // + the project's unknown "59"
  const Diagnostic* d = find_diag(diags, "found \"2\"");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->pos.str(), where(text, "\"2\""));
  EXPECT_TRUE(has_hint(*d, "leading zero"));
  EXPECT_TRUE(find_diag(diags, "found \"5900\""));
}

TEST(Validation, DuplicateThemeId) {
  std::string text = with(kMini, "id: b", "id: a");
  Diagnostic d = expect_error(text, "theme id \"a\" is used twice");
  EXPECT_EQ(d.pos.str(), where(text, "a\n", "axes"));
}

TEST(Validation, ThemeIdShape) {
  std::string text = with(kMini, "id: b", "id: Vie sociale");
  expect_error(text, "theme id \"Vie sociale\" must use lowercase letters");
}

TEST(Validation, AxisNumberUniqueAcrossThemes) {
  std::string text = with(kMini, "number: 2", "number: 1");
  Diagnostic d = expect_error(text, "axis number 1 is used twice");
  EXPECT_EQ(d.pos.str(), where(text, "1, name: {fr: Axe deux"));
}

TEST(Validation, ProjectDepartementMustExist) {
  std::string text = with(kMini, "departement: \"59\"", "departement: \"62\"");
  Diagnostic d = expect_error(text, "project département \"62\" is not listed");
  EXPECT_EQ(d.pos.str(), where(text, "\"62\""));
  EXPECT_TRUE(has_hint(d, "listed codes: 02, 59"));
}

TEST(Validation, EmptyText) {
  std::string text = with(kMini, "place: {fr: Lieu}", "place: {fr: \" \"}");
  Diagnostic d = expect_error(text, "`projects[0].place.fr` is empty");
  EXPECT_EQ(d.pos.str(), where(text, "\" \""));
}

TEST(Validation, SourceLocaleInEveryText) {
  std::string text = with(kMini, "title: {fr: Titre}", "title: {en: Title}");
  Diagnostic d = expect_error(text, "`projects[0].title` has no text in the source locale `fr`");
  EXPECT_EQ(d.pos.str(), where(text, "{en: Title}"));
}

TEST(Validation, DateMustExist) {
  std::string text = with(kMini, "date: 2023-06-30", "date: 2023-02-29");
  Diagnostic d = expect_error(text, "`edition.date` must be a valid date YYYY-MM-DD");
  EXPECT_EQ(d.pos.str(), where(text, "2023-02-29"));
}

TEST(Validation, DateFormat) {
  std::string text = with(kMini, "date: 2023-06-30", "date: 30/06/2023");
  expect_error(text, "found \"30/06/2023\"");
}

TEST(Validation, LeapDayIsValid) {
  Diagnostics diags;
  auto e = load(with(kMini, "date: 2023-06-30", "date: 2024-02-29"), diags);
  ASSERT_TRUE(e) << dump(diags);
  EXPECT_EQ(e->date.day, 29);
}

TEST(Validation, PeriodEndsAfterItStarts) {
  std::string text = with(kMini, "end: 2022", "end: 2018");
  Diagnostic d = expect_error(text, "`edition.period.end` (2018) is before its start (2019)");
  EXPECT_EQ(d.pos.str(), where(text, "2018"));
}

TEST(Validation, MissingRequiredKey) {
  std::string text = with(kMini, ", spending: 70000}", "}");
  Diagnostic d = expect_error(text, "missing required key `spending` in `departements[1]`");
  EXPECT_EQ(d.pos.str(), where(text, "{code: \"59\""));
}

TEST(Validation, UnknownKeyHasDidYouMean) {
  std::string text = with(kMini, "spending: 70000", "spendings: 70000");
  Diagnostic d = expect_error(text, "unknown key `spendings` in `departements[1]`");
  EXPECT_EQ(d.pos.str(), where(text, "spendings"));
  EXPECT_TRUE(has_hint(d, "did you mean `spending`?"));
}

TEST(Validation, EmptyDepartementList) {
  std::string text = kMini.substr(0, kMini.find("departements:")) + "departements: []\n" +
                     kMini.substr(kMini.find("themes:"));
  text = with(text, "departement: \"59\"", "departement: \"x\"");
  Diagnostics diags;
  EXPECT_FALSE(load(text, diags));
  EXPECT_TRUE(find_diag(diags, "needs at least one département")) << dump(diags);
}

TEST(Validation, AllProblemsAreCollected) {
  std::string text = with(kMini, "homes: 100", "homes: -1");
  text = with(text, "amount: 40000", "amount: lots");
  text = with(text, "date: 2023-06-30", "date: never");
  text = with(text, "budget: 500", "budgte: 500");
  Diagnostics diags;
  EXPECT_FALSE(load(text, diags));
  // homes, amount, date, unknown `budgte`, missing `budget`.
  EXPECT_EQ(diags.error_count(), 5u) << dump(diags);
}

TEST(ForEachLocalized, VisitsEveryTextWithItsPath) {
  Diagnostics diags;
  auto e = load(kMini, diags);
  ASSERT_TRUE(e);
  std::vector<std::string> paths;
  for_each_localized(*e, [&](const std::string& p, const Localized&) { paths.push_back(p); });
  ASSERT_EQ(paths.size(), 14u);
  EXPECT_EQ(paths[0], "edition.region");
  EXPECT_EQ(paths[5], "themes[0].axes[0].name");
  EXPECT_EQ(paths[12], "projects[0].objectives[1]");
}

// No département at all is one mistake: projects naming one are not reported on top of it.
TEST(LoadEdition, NoDepartementsIsOneError) {
  Diagnostics diags;
  std::string text =
      with(kMini, "  - {code: \"02\", name: {fr: Aisne}, homes: 100, spending: 30000}\n", "");
  text = with(text, "  - {code: \"59\", name: {fr: Nord}, homes: 1012, spending: 70000}\n", "");
  text = with(text, "departements:\n", "departements: []\n");
  EXPECT_FALSE(load(text, diags));
  EXPECT_EQ(diags.error_count(), 1u) << dump(diags);
  EXPECT_TRUE(find_diag(diags, "`departements` needs at least one département")) << dump(diags);
}

}  // namespace
}  // namespace plaquette::model
