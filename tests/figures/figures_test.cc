// Tests of the derived figures: every headline number of the 2019–2022 seed, the rounding
// of inhabitants, and the consistency check between themes and départements.
#include "figures/figures.h"

#include <gtest/gtest.h>

#include <cmath>

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

model::Edition load_real() {
  Diagnostics diags;
  auto e = model::load_edition(kDataFile, diags);
  EXPECT_TRUE(e) << dump(diags);
  return e ? *e : model::Edition{};
}

model::Edition load_mini(const std::string& text) {
  Diagnostics diags;
  auto e = model::load_edition_string(text, testing::kMiniFile, diags);
  EXPECT_TRUE(e) << dump(diags);
  return e ? *e : model::Edition{};
}

struct SeedFigures : ::testing::Test {
  model::Edition edition = load_real();
  Diagnostics diags;
  Figures f = compute_figures(edition, diags);
};

TEST_F(SeedFigures, NoDiagnostic) { EXPECT_TRUE(diags.all().empty()) << dump(diags); }

TEST_F(SeedFigures, InhabitantsPerDepartement) {
  // Order of the data file: 02, 59, 60, 62, 80.
  EXPECT_EQ(f.inhabitants, (std::vector<std::int64_t>{18450, 168150, 39100, 113600, 22050}));
}

TEST_F(SeedFigures, Totals) {
  EXPECT_EQ(f.homes, 180678);
  EXPECT_EQ(f.inhabitants_total, 361350);
  EXPECT_EQ(f.spending, 34834342);
  EXPECT_EQ(f.themes_total, 34800000);
}

TEST_F(SeedFigures, SpendingPerHomeRoundsTo193) {
  EXPECT_NEAR(f.spending_per_home, 192.8, 0.05);
  EXPECT_EQ(std::lround(f.spending_per_home), 193);
}

TEST_F(SeedFigures, CoverageIs83Percent) {
  EXPECT_NEAR(f.coverage, 0.8333, 0.0001);
  EXPECT_EQ(std::lround(f.coverage * 100), 83);
}

TEST_F(SeedFigures, ThemeSharesAddUpToOne) {
  ASSERT_EQ(f.theme_shares.size(), 4u);
  double sum = 0;
  for (double s : f.theme_shares) sum += s;
  EXPECT_NEAR(sum, 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(f.theme_shares[3], 13000000.0 / 34800000.0);
}

TEST(EstimateInhabitants, RoundsHalfUpToTheStep) {
  EXPECT_EQ(estimate_inhabitants(12, 1, 50), 0);   // 12 → 0.24 steps
  EXPECT_EQ(estimate_inhabitants(25, 1, 50), 50);  // exactly half: up
  EXPECT_EQ(estimate_inhabitants(74, 1, 50), 50);
  EXPECT_EQ(estimate_inhabitants(75, 1, 50), 100);  // 1.5 steps: up
  EXPECT_EQ(estimate_inhabitants(56802, 2, 50), 113600);
  EXPECT_EQ(estimate_inhabitants(0, 2, 50), 0);
}

TEST(EstimateInhabitants, DecimalRatioIsExact) {
  // 2.3 × 1000 = 2300 exactly; a double product 2.3 × 1000 would give 2299.999…
  EXPECT_EQ(estimate_inhabitants(1000, 2.3, 1), 2300);
  EXPECT_EQ(estimate_inhabitants(5, 2.3, 1), 12);  // 11.5 → 12
}

TEST(EstimateInhabitants, OutOfRangeGivesMinusOne) {
  EXPECT_EQ(estimate_inhabitants(-1, 2, 50), -1);
  EXPECT_EQ(estimate_inhabitants(10, 2, 0), -1);
  EXPECT_EQ(estimate_inhabitants(10, 0, 50), -1);
  EXPECT_EQ(estimate_inhabitants(10, 1000, 50), -1);
}

TEST(ComputeFigures, ChangingHomesMovesTotals) {
  model::Edition e = load_real();
  e.departements[1].homes.value += 1000;  // Nord
  Diagnostics diags;
  Figures f = compute_figures(e, diags);
  EXPECT_EQ(f.homes, 181678);
  EXPECT_EQ(f.inhabitants[1], 170150);
  EXPECT_EQ(f.inhabitants_total, 363350);
  EXPECT_NEAR(f.spending_per_home, 34834342.0 / 181678, 1e-9);
}

TEST(ComputeFigures, ThemeOffByAMillionIsAnErrorWithBothPositions) {
  model::Edition e = load_real();
  e.themes[3].amount.value += 1000000;
  Diagnostics diags;
  compute_figures(e, diags);
  ASSERT_EQ(diags.error_count(), 1u) << dump(diags);
  const Diagnostic& err = diags.all()[0];
  EXPECT_NE(err.message.find("themes add up to 35 800 000 € but départements add up to "
                             "34 834 342 €"),
            std::string::npos)
      << err.message;
  EXPECT_EQ(err.pos.str(), e.themes_pos.str());
  EXPECT_EQ(err.pos.file, kDataFile);
  EXPECT_GT(err.pos.line, 0);
  ASSERT_EQ(diags.all().size(), 2u);
  const Diagnostic& note = diags.all()[1];
  EXPECT_EQ(note.severity, Severity::note);
  EXPECT_EQ(note.pos.str(), e.departements_pos.str());
  EXPECT_NE(note.pos.line, err.pos.line);
}

TEST(ComputeFigures, ConsistencyErrorPointsAtTheTypedLists) {
  std::string text = with(kMini, "amount: 60000", "amount: 62000");
  model::Edition e = load_mini(text);
  Diagnostics diags;
  compute_figures(e, diags);
  const Diagnostic* d = find_diag(diags, "themes add up to 102 000 €");
  ASSERT_TRUE(d) << dump(diags);
  EXPECT_EQ(d->pos.str(), where(text, "- id: a"));
  EXPECT_EQ(diags.all().back().pos.str(), where(text, "- {code: \"02\""));
}

TEST(ComputeFigures, GapWithinToleranceIsFine) {
  model::Edition e = load_mini(with(kMini, "amount: 60000", "amount: 61000"));
  Diagnostics diags;
  compute_figures(e, diags);
  EXPECT_TRUE(diags.all().empty()) << dump(diags);
}

TEST(ComputeFigures, ZeroHomesIsGuarded) {
  std::string text = with(kMini, "homes: 100", "homes: 0");
  model::Edition e = load_mini(with(text, "homes: 1012", "homes: 0"));
  Diagnostics diags;
  Figures f = compute_figures(e, diags);
  EXPECT_EQ(f.spending_per_home, 0);
  EXPECT_TRUE(find_diag(diags, "cannot compute the spending per home")) << dump(diags);
}

TEST(ComputeFigures, ZeroRatioIsGuarded) {
  model::Edition e = load_mini(kMini);
  e.spent_per_received.value = 0;  // bypasses the loader, as a hand-built Edition could
  Diagnostics diags;
  Figures f = compute_figures(e, diags);
  EXPECT_EQ(f.coverage, 0);
  EXPECT_TRUE(find_diag(diags, "cannot compute the coverage")) << dump(diags);
}

TEST(ComputeFigures, ATinyRatioWhoseInverseIsNotFiniteIsReportedAtTheDataLine) {
  model::Edition e = load_mini(kMini);
  e.spent_per_received.value = 1e-307;  // a normal double; its inverse × 100 overflows
  Diagnostics diags;
  Figures f = compute_figures(e, diags);
  EXPECT_EQ(f.coverage, 0);
  const Diagnostic* d = find_diag(diags, "`ratios.spent_per_received` is too small");
  ASSERT_TRUE(d) << dump(diags);
  EXPECT_EQ(d->pos.line, e.spent_per_received.pos.line);
  EXPECT_GT(d->pos.line, 0);
}

TEST(ComputeFigures, TheRatioIsDerivedFromATypedCoverage) {
  model::Edition e = load_mini(with(kMini, "spent_per_received: 1.25", "coverage: 0.8"));
  Diagnostics diags;
  Figures f = compute_figures(e, diags);
  EXPECT_TRUE(diags.all().empty()) << dump(diags);
  EXPECT_DOUBLE_EQ(f.coverage, 0.8);
  EXPECT_DOUBLE_EQ(f.spent_per_received, 1.25);
}

TEST(ComputeFigures, BothTypedAreUsedAsTyped) {
  model::Edition e = load_mini(
      with(kMini, "spent_per_received: 1.25", "spent_per_received: 1.20, coverage: 0.83"));
  Diagnostics diags;
  Figures f = compute_figures(e, diags);
  EXPECT_TRUE(diags.all().empty()) << dump(diags);
  EXPECT_DOUBLE_EQ(f.coverage, 0.83);
  EXPECT_DOUBLE_EQ(f.spent_per_received, 1.20);
}

TEST(ComputeFigures, ATinyCoverageWhoseInverseIsNotFiniteIsReportedAtTheDataLine) {
  model::Edition e = load_mini(with(kMini, "spent_per_received: 1.25", "coverage: 0.5"));
  e.coverage.value = 1e-320;  // a denormal: its inverse overflows
  Diagnostics diags;
  Figures f = compute_figures(e, diags);
  EXPECT_EQ(f.spent_per_received, 0);
  const Diagnostic* d = find_diag(diags, "`ratios.coverage` is too small");
  ASSERT_TRUE(d) << dump(diags);
  EXPECT_EQ(d->pos.line, e.coverage.pos.line);
}

TEST(ComputeFigures, ZeroThemesTotalIsGuarded) {
  model::Edition e = load_mini(kMini);
  for (model::Theme& t : e.themes) t.amount.value = 0;
  Diagnostics diags;
  Figures f = compute_figures(e, diags);
  EXPECT_EQ(f.theme_shares, (std::vector<double>{0, 0}));
  EXPECT_TRUE(find_diag(diags, "cannot compute the themes' shares")) << dump(diags);
}

TEST(ComputeFigures, EmptyEditionDoesNotCrash) {
  model::Edition e;
  Diagnostics diags;
  Figures f = compute_figures(e, diags);
  EXPECT_EQ(f.homes, 0);
  EXPECT_TRUE(diags.has_errors());
}

TEST(FormatEuros, GroupsThousands) {
  EXPECT_EQ(format_euros(34834342), "34 834 342 €");
  EXPECT_EQ(format_euros(999), "999 €");
  EXPECT_EQ(format_euros(1000), "1 000 €");
  EXPECT_EQ(format_euros(-1500), "-1 500 €");
  EXPECT_EQ(format_euros(0.5), "0.50 €");
}

}  // namespace
}  // namespace plaquette::figures
