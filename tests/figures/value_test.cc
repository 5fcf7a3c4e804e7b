// Tests of the binding tree: the paths layouts rely on, positions, missing translations
// and the PDF date.
#include "figures/value.h"

#include <gtest/gtest.h>

#include "../model/edition_fixture.h"

namespace plaquette::figures {
namespace {

using testing::dump;
using testing::find_diag;
using testing::kMini;
using testing::where;
using testing::with;

const std::string kDataFile =
    std::string(PLAQUETTE_SOURCE_DIR) + "/data/hauts-de-france-2019-2022.yaml";

struct Bound {
  model::Edition edition;
  Diagnostics diags;
  Value root;
};

Bound bind(std::optional<model::Edition> e, const std::string& locale, Diagnostics& load_diags) {
  EXPECT_TRUE(e) << dump(load_diags);
  Bound b;
  if (!e) return b;
  b.edition = std::move(*e);
  Figures f = compute_figures(b.edition, b.diags);
  b.root = make_bindings(b.edition, f, locale, b.diags);
  return b;
}

Bound bind_real(const std::string& locale = "fr") {
  Diagnostics diags;
  return bind(model::load_edition(kDataFile, diags), locale, diags);
}

Bound bind_mini(const std::string& text, const std::string& locale = "fr") {
  Diagnostics diags;
  return bind(model::load_edition_string(text, testing::kMiniFile, diags), locale, diags);
}

double number_at(const Value& root, std::string_view path) {
  const Value* v = root.find(path);
  EXPECT_TRUE(v) << path;
  EXPECT_TRUE(v && v->kind == Value::Kind::number) << path;
  return v ? v->number : -1;
}

std::string string_at(const Value& root, std::string_view path) {
  const Value* v = root.find(path);
  EXPECT_TRUE(v && v->kind == Value::Kind::string) << path;
  return v ? v->string : "";
}

TEST(Bindings, RealDataHasNoDiagnostic) {
  Bound b = bind_real();
  EXPECT_TRUE(b.diags.all().empty()) << dump(b.diags);
}

TEST(Bindings, TopLevelFieldsInContractOrder) {
  Bound b = bind_real();
  std::vector<std::string> keys;
  for (const auto& [k, v] : b.root.fields) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"region", "publisher", "period", "date",
                                            "source_locale", "counts", "ratios", "totals",
                                            "departements", "themes", "projects"}));
}

TEST(Bindings, SeedTotals) {
  Bound b = bind_real();
  EXPECT_EQ(number_at(b.root, "totals.homes"), 180678);
  EXPECT_EQ(number_at(b.root, "totals.inhabitants"), 361350);
  EXPECT_EQ(number_at(b.root, "totals.spending"), 34834342);
  EXPECT_NEAR(number_at(b.root, "totals.spending_per_home"), 192.8, 0.05);
  EXPECT_NEAR(number_at(b.root, "totals.coverage"), 0.8333, 1e-4);
  EXPECT_EQ(number_at(b.root, "totals.themes"), 34800000);
}

TEST(Bindings, RawFigures) {
  Bound b = bind_real();
  EXPECT_EQ(string_at(b.root, "region"), "Hauts-de-France");
  EXPECT_EQ(string_at(b.root, "date"), "2023-06-30");
  EXPECT_EQ(string_at(b.root, "source_locale"), "fr");
  EXPECT_EQ(number_at(b.root, "period.start"), 2019);
  EXPECT_EQ(number_at(b.root, "period.end"), 2022);
  EXPECT_EQ(number_at(b.root, "counts.qpv"), 199);
  EXPECT_EQ(number_at(b.root, "counts.communes"), 141);
  EXPECT_DOUBLE_EQ(number_at(b.root, "counts.social_housing_share_in_qpv"), 0.36);
  EXPECT_DOUBLE_EQ(number_at(b.root, "ratios.spent_per_received"), 1.20);
  EXPECT_EQ(number_at(b.root, "ratios.inhabitants_per_home"), 2);
  EXPECT_EQ(number_at(b.root, "ratios.inhabitants_rounding"), 50);
}

TEST(Bindings, ATypedCoverageGivesTheRatioAtItsLine) {
  const std::string text = with(kMini, "spent_per_received: 1.25", "coverage: 0.8");
  Bound b = bind_mini(text);
  EXPECT_DOUBLE_EQ(number_at(b.root, "ratios.spent_per_received"), 1.25);
  EXPECT_DOUBLE_EQ(number_at(b.root, "totals.coverage"), 0.8);
  const Value* ratio = b.root.find("ratios.spent_per_received");
  ASSERT_TRUE(ratio);
  EXPECT_EQ(ratio->pos.str(), where(text, "0.8"));
}

TEST(Bindings, DepartementRecords) {
  Bound b = bind_real();
  EXPECT_EQ(number_at(b.root, "departements.1.inhabitants"), 168150);
  EXPECT_EQ(string_at(b.root, "departements.1.code"), "59");
  EXPECT_EQ(string_at(b.root, "departements.1.name"), "Nord");
  EXPECT_EQ(number_at(b.root, "departements.3.homes"), 56802);
  EXPECT_EQ(number_at(b.root, "departements.3.spending"), 8309550);
  EXPECT_EQ(b.root.find("departements")->items.size(), 5u);
}

TEST(Bindings, ThemeRecords) {
  Bound b = bind_real();
  EXPECT_EQ(string_at(b.root, "themes.0.id"), "proximite");
  EXPECT_EQ(string_at(b.root, "themes.0.name"), "Proximité");
  EXPECT_EQ(number_at(b.root, "themes.1.amount"), 9200000);
  EXPECT_NEAR(number_at(b.root, "themes.3.share"), 13.0 / 34.8, 1e-12);
  EXPECT_EQ(number_at(b.root, "themes.1.axes.2.number"), 5);
  EXPECT_EQ(string_at(b.root, "themes.1.axes.2.name"), "Tranquillité résidentielle");
}

TEST(Bindings, ProjectRecords) {
  Bound b = bind_real();
  EXPECT_EQ(string_at(b.root, "projects.0.title"), "Création d’une équipe filière bois");
  EXPECT_EQ(string_at(b.root, "projects.0.departement"), "60");
  EXPECT_EQ(string_at(b.root, "projects.0.departement_name"), "Oise");
  EXPECT_EQ(string_at(b.root, "projects.1.place"), "Amiens, quartier Etouvie");
  EXPECT_EQ(string_at(b.root, "projects.2.objectives.1"), "Favoriser l’insertion par l’économique");
  EXPECT_EQ(number_at(b.root, "projects.1.budget"), 3579);
  EXPECT_EQ(string_at(b.root, "projects.0.partners"), "Elan-CES");
  EXPECT_FALSE(string_at(b.root, "projects.2.description").empty());
}

TEST(Bindings, IntegerFlag) {
  Bound b = bind_real();
  EXPECT_TRUE(b.root.find("totals.spending")->integer);
  EXPECT_TRUE(b.root.find("departements.0.homes")->integer);
  EXPECT_FALSE(b.root.find("totals.spending_per_home")->integer);
  EXPECT_FALSE(b.root.find("counts.social_housing_share_in_qpv")->integer);
}

TEST(Bindings, AbsentPathsAreNull) {
  Bound b = bind_real();
  EXPECT_EQ(b.root.find("totals.nope"), nullptr);
  EXPECT_EQ(b.root.find("departements.5"), nullptr);
  EXPECT_EQ(b.root.find("departements.x"), nullptr);
  EXPECT_EQ(b.root.find("departements.-1"), nullptr);
  EXPECT_EQ(b.root.find("totals..spending"), nullptr);
  EXPECT_EQ(b.root.find("totals.spending."), nullptr);
  EXPECT_EQ(b.root.find("region.x"), nullptr);
  EXPECT_EQ(b.root.find(""), &b.root);
}

TEST(Bindings, PositionsLeadToTheInput) {
  Bound b = bind_mini(kMini);
  ASSERT_TRUE(b.diags.all().empty()) << dump(b.diags);
  EXPECT_EQ(b.root.find("departements.1.homes")->pos.str(), where(kMini, "1012"));
  // Computed values point at their main input.
  EXPECT_EQ(b.root.find("departements.1.inhabitants")->pos.str(), where(kMini, "1012"));
  EXPECT_EQ(b.root.find("totals.spending")->pos.str(), where(kMini, "- {code: \"02\""));
  EXPECT_EQ(b.root.find("totals.coverage")->pos.str(), where(kMini, "1.25"));
  EXPECT_EQ(b.root.find("projects.0.title")->pos.str(), where(kMini, "Titre"));
}

TEST(Bindings, MissingTranslationsAreAllListed) {
  Bound b = bind_mini(kMini, "en");
  // All 14 texts of the fixture lack `en`: one error each, with path and position.
  EXPECT_EQ(b.diags.error_count(), 14u) << dump(b.diags);
  const Diagnostic* d = find_diag(b.diags, "`projects[0].objectives[1]` has no `en` text");
  ASSERT_TRUE(d) << dump(b.diags);
  EXPECT_EQ(d->pos.str(), where(kMini, "{fr: Deux}"));
  EXPECT_TRUE(find_diag(b.diags, "`edition.region` has no `en` text"));
  EXPECT_TRUE(find_diag(b.diags, "`themes[1].axes[0].name` has no `en` text"));
}

TEST(Bindings, PartialTranslationReportsOnlyTheGaps) {
  std::string text = kMini;
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"{fr: Région}", "{fr: Région, en: Region}"},
           {"{fr: Fédération}", "{fr: Fédération, en: Federation}"},
           {"{fr: Aisne}", "{fr: Aisne, en: Aisne}"},
           {"{fr: Thème A}", "{fr: Thème A, en: Theme A}"},
           {"{fr: Thème B}", "{fr: Thème B, en: Theme B}"},
           {"{fr: Axe un}", "{fr: Axe un, en: Axis one}"},
           {"{fr: Axe deux}", "{fr: Axe deux, en: Axis two}"},
           {"{fr: Titre}", "{fr: Titre, en: Title}"},
           {"{fr: Lieu}", "{fr: Lieu, en: Place}"},
           {"{fr: Texte}", "{fr: Texte, en: Text}"},
           {"{fr: Un}", "{fr: Un, en: One}"},
           {"{fr: Deux}", "{fr: Deux, en: Two}"},
           {"{fr: Partenaires}", "{fr: Partenaires, en: Partners}"}})
    text = with(text, from, to);
  Bound b = bind_mini(text, "en");
  // Only Nord lacks `en`, and it is reported once although projects.0 also shows it.
  ASSERT_EQ(b.diags.error_count(), 1u) << dump(b.diags);
  EXPECT_TRUE(find_diag(b.diags, "`departements[1].name` has no `en` text"));
  EXPECT_EQ(string_at(b.root, "projects.0.title"), "Title");
  EXPECT_EQ(string_at(b.root, "projects.0.departement_name"), "Nord");  // source fallback
}

TEST(ValueFind, WalksListsAndRecords) {
  Value root = Value::of_record({});
  Value& list = root.add("items", Value::of_list({}));
  list.items.push_back(Value::of_number(3, {}));
  Value rec = Value::of_record({});
  rec.add("name", Value::of_string("x", {}));
  list.items.push_back(rec);
  EXPECT_EQ(root.find("items.0")->number, 3);
  EXPECT_TRUE(root.find("items.0")->integer);
  EXPECT_EQ(root.find("items.1.name")->string, "x");
  EXPECT_EQ(root.field("items"), root.find("items"));
  EXPECT_EQ(root.find("items.0")->field("x"), nullptr);
}

TEST(EditionEpoch, MidnightUtc) {
  model::Edition e;
  EXPECT_EQ(edition_epoch(e), 0);  // 1970-01-01
  e.date = {2023, 6, 30, {}};
  EXPECT_EQ(edition_epoch(e), 1688083200);
  e.date = {2000, 3, 1, {}};
  EXPECT_EQ(edition_epoch(e), 951868800);
  e.date = {1969, 12, 31, {}};
  EXPECT_EQ(edition_epoch(e), -86400);
}

TEST(EditionEpoch, RealData) {
  Bound b = bind_real();
  EXPECT_EQ(edition_epoch(b.edition), 1688083200);
}

}  // namespace
}  // namespace plaquette::figures
