// End to end: the département sheet (layouts/departement-sheet.yaml) built from the shipped
// data. Each page gives its département's figures as the brochure prints them, its share of
// the regional spending and its spending per home (computed by the layout), and exactly the
// project cards located in it; a département without projects has no card section. Its
// editions in data/editions.yaml name files that exist and follow the output-naming rule.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "e2e_util.h"
#include "figures/figures.h"
#include "figures/value.h"
#include "layout/template.h"
#include "model/edition.h"
#include "model/editions.h"

namespace plaquette::e2e {
namespace {

using namespace e2e_util;
namespace fs = std::filesystem;

const std::string kSheet = PLAQUETTE_SOURCE_DIR "/layouts/departement-sheet.yaml";
// The budget label as far as its first line: ragged text by total fit sets it
// "Montant du budget / global (annuel) :" in the side column.
const std::string kBudgetLabel = "Montant du budget";

// The text of one page (1-based) of a PDF.
std::string page_text(const fs::path& pdf, int page) {
  const fs::path txt = pdf.string() + "." + std::to_string(page) + ".txt";
  const std::string n = std::to_string(page);
  const std::string cmd = "pdftotext -enc UTF-8 -f " + n + " -l " + n + " '" + pdf.string() +
                          "' '" + txt.string() + "'";
  if (std::system(cmd.c_str()) != 0) return {};
  std::string text = slurp(txt);
  fs::remove(txt);
  return text;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A figure as the French layouts print it, by the program's own formatter.
std::string fr(double v, const char* format) {
  std::string out, error;
  EXPECT_TRUE(layout::format_value(figures::Value::of_number(v, {}), format, "fr-FR", out, error))
      << error;
  return out;
}

// The binding tree of a data file in French: what the test expects, computed from the data.
figures::Value bindings(const std::string& data) {
  Diagnostics d;
  auto edition = model::load_edition(data, d);
  EXPECT_TRUE(edition);
  figures::Figures figs = figures::compute_figures(*edition, d);
  return figures::make_bindings(*edition, figs, "fr", d);
}

class Sheet : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ =
        new fs::path(fs::temp_directory_path() / ("plaquette-sheet-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    Result r = run("build '" + kData + "' -q --layout '" + kSheet + "' --locale fr -o '" +
                       (*dir_ / "sheet.pdf").string() + "'",
                   *dir_);
    ASSERT_EQ(r.status, 0) << r.err;
    Result b =
        run("build '" + kData + "' -q --locale fr -o '" + (*dir_ / "brochure.pdf").string() + "'",
            *dir_);
    ASSERT_EQ(b.status, 0) << b.err;
    brochure_ = new std::string(pdftotext(*dir_ / "brochure.pdf"));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete brochure_;
  }

  static fs::path* dir_;
  static std::string* brochure_;
};

fs::path* Sheet::dir_ = nullptr;
std::string* Sheet::brochure_ = nullptr;

TEST_F(Sheet, OnePagePerDepartementWithItsFiguresShareAndSpendingPerHome) {
  const fs::path pdf = *dir_ / "sheet.pdf";
  const figures::Value data = bindings(kData);
  const figures::Value* deps = data.find("departements");
  ASSERT_TRUE(deps);
  const double total = data.find("totals.spending")->number;
  EXPECT_EQ(page_text(pdf, static_cast<int>(deps->items.size()) + 1), "");  // no extra page
  for (std::size_t i = 0; i < deps->items.size(); ++i) {
    const figures::Value& dep = deps->items[i];
    const std::string page = page_text(pdf, static_cast<int>(i) + 1);
    const std::string code = dep.field("code")->string;
    SCOPED_TRACE("page " + std::to_string(i + 1) + ", département " + code);
    EXPECT_NE(page.find(code + "\n" + dep.field("name")->string + "\n"), std::string::npos) << page;
    // Its figures as the brochure prints them.
    for (const auto& [field, format] : std::vector<std::pair<const char*, const char*>>{
             {"homes", "integer"}, {"inhabitants", "integer"}, {"spending", "currency:0"}}) {
      const std::string figure = fr(dep.field(field)->number, format);
      EXPECT_NE(page.find(figure), std::string::npos) << field << " " << figure << "\n" << page;
      EXPECT_NE(brochure_->find(figure), std::string::npos) << field << " " << figure;
    }
    // Computed by the layout: the share of the regional spending, the spending per home.
    const double spending = dep.field("spending")->number;
    const std::string share = fr(spending / total, "percent");
    const std::string per_home = fr(spending / dep.field("homes")->number, "currency:0");
    EXPECT_NE(page.find(share + "\n"), std::string::npos) << share << "\n" << page;
    EXPECT_NE(page.find(per_home + "\n"), std::string::npos) << per_home << "\n" << page;
    // "2 / 5", which pdftotext gives without its spaces.
    EXPECT_NE(page.find(std::to_string(i + 1) + "/" + std::to_string(deps->items.size()) + "\n"),
              std::string::npos)
        << page;
  }
  // The figures for Nord: 13 353 200 / 34 834 342 = 38 %, 13 353 200 / 84 073 = 159 €.
  const std::string nord = page_text(pdf, 2);
  EXPECT_NE(nord.find("59\nNord\n"), std::string::npos) << nord;
  EXPECT_NE(nord.find("38\u00A0%\n"), std::string::npos) << nord;
  EXPECT_NE(nord.find("159\u00A0€\n"), std::string::npos) << nord;
}

// Each page holds one card per project located in its département, and no other; without
// projects there is no card section, and a line says so.
void expect_cards(const fs::path& pdf, const figures::Value& data) {
  const figures::Value* deps = data.find("departements");
  const figures::Value* projects = data.find("projects");
  ASSERT_TRUE(deps && projects);
  for (std::size_t i = 0; i < deps->items.size(); ++i) {
    const std::string code = deps->items[i].field("code")->string;
    SCOPED_TRACE("département " + code);
    const std::string page = page_text(pdf, static_cast<int>(i) + 1);
    std::vector<double> mine;
    for (const figures::Value& p : projects->items) {
      const std::string budget = fr(p.field("budget")->number, "currency:0");
      const std::string partners = p.field("partners")->string;
      if (p.field("departement")->string == code) {
        mine.push_back(p.field("budget")->number);
        EXPECT_NE(page.find(budget + "\n"), std::string::npos) << budget << "\n" << page;
      } else {
        // Another département's card is not here (its budget, as the card prints it).
        EXPECT_EQ(page.find(budget + "\n"), std::string::npos) << budget << "\n" << page;
      }
    }
    EXPECT_EQ(occurrences(page, kBudgetLabel), mine.size()) << page;
    if (mine.empty()) {
      EXPECT_EQ(page.find("EN QPV DANS LE DÉPARTEMENT"), std::string::npos) << page;
      EXPECT_NE(page.find("Aucun projet de ce département"), std::string::npos) << page;
    } else {
      EXPECT_EQ(page.find("Aucun projet"), std::string::npos) << page;
      // Largest budget first.
      std::size_t last = 0;
      std::sort(mine.rbegin(), mine.rend());
      for (double b : mine) {
        const std::size_t at = page.find(fr(b, "currency:0") + "\n");
        EXPECT_GE(at, last) << page;
        last = at;
      }
    }
  }
}

TEST_F(Sheet, EachPageHasExactlyTheCardsOfItsDepartement) {
  // The shipped data: Aisne and Nord have no project, Oise, Pas-de-Calais and Somme one.
  expect_cards(*dir_ / "sheet.pdf", bindings(kData));
}

TEST_F(Sheet, CardsFollowTheDataOfAnotherPeriod) {
  // The Somme's project moved to Pas-de-Calais: two cards there (largest budget first, the
  // heading's plural), none in the Somme, and no error.
  std::string text = slurp(kData);
  const std::string from = "departement: \"80\"";
  ASSERT_EQ(occurrences(text, from), 1u);
  text.replace(text.find(from), from.size(), "departement: \"62\"");
  const fs::path data = *dir_ / "moved.yaml";
  std::ofstream(data) << text;
  const fs::path pdf = *dir_ / "moved.pdf";
  Result r = run("build '" + data.string() + "' -q --layout '" + kSheet + "' --locale fr -o '" +
                     pdf.string() + "'",
                 *dir_);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const figures::Value moved = bindings(data.string());
  expect_cards(pdf, moved);
  EXPECT_NE(page_text(pdf, 4).find("2 PROJETS EN QPV DANS LE DÉPARTEMENT"), std::string::npos)
      << page_text(pdf, 4);
  EXPECT_NE(page_text(pdf, 3).find("UN PROJET EN QPV DANS LE DÉPARTEMENT"), std::string::npos)
      << page_text(pdf, 3);
}

TEST_F(Sheet, RebuildsByteForByteAndPassesStrictPreflight) {
  const fs::path again = *dir_ / "again.pdf";
  Result r = run(
      "build '" + kData + "' -q --layout '" + kSheet + "' --locale fr -o '" + again.string() + "'",
      *dir_);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(slurp(again) == slurp(*dir_ / "sheet.pdf"));
  Result p = run("preflight --strict '" + again.string() + "'", *dir_);
  EXPECT_EQ(p.status, 0) << p.out << p.err;
}

TEST_F(Sheet, AFilePerDepartementFromTheEditionsListHasThatPageAlone) {
  // An editions entry with `each: departements, as: dep` and the same layout: the pages
  // `over: departements` with `as: dep` are laid out for the entry's item only, so each file
  // is one page, the same page as in the five-page document but for its number ("1 / 1").
  const fs::path list = *dir_ / "per-item.yaml";
  std::ofstream(list)
      << "editions:\n  - {name: \"dep-{dep.code}\", data: '" << kData << "', layout: '" << kSheet
      << "', locale: fr, each: departements, as: dep, output: \"dep-{dep.code}.pdf\"}\n";
  Result r = run(
      "build -q --editions '" + list.string() + "' --allow-path '" + dir_->string() + "'", *dir_);
  ASSERT_EQ(r.status, 0) << r.err;
  const figures::Value data = bindings(kData);
  const figures::Value* deps = data.find("departements");
  ASSERT_TRUE(deps);
  for (std::size_t i = 0; i < deps->items.size(); ++i) {
    const std::string code = deps->items[i].field("code")->string;
    SCOPED_TRACE("département " + code);
    const fs::path one = *dir_ / ("dep-" + code + ".pdf");
    ASSERT_TRUE(fs::exists(one));
    EXPECT_EQ(page_text(one, 2), "");  // one page
    std::string alone = page_text(one, 1);
    std::string in_document = page_text(*dir_ / "sheet.pdf", static_cast<int>(i) + 1);
    const std::string number = std::to_string(i + 1) + "/" + std::to_string(deps->items.size());
    ASSERT_NE(alone.find("1/1\n"), std::string::npos) << alone;
    ASSERT_NE(in_document.find(number + "\n"), std::string::npos) << in_document;
    alone.replace(alone.find("1/1\n"), 4, "");
    in_document.replace(in_document.find(number + "\n"), number.size() + 1, "");
    EXPECT_EQ(alone, in_document);
  }
  const std::string nord = page_text(*dir_ / "dep-59.pdf", 1);
  EXPECT_NE(nord.find("38\u00A0%\n"), std::string::npos) << nord;
  EXPECT_NE(nord.find("159\u00A0€\n"), std::string::npos) << nord;
}

// The shipped editions list: every entry names files that exist (its data, its layout and
// the catalog of its locale), the sheet's editions are there in every locale of the
// brochure's, and each output follows the naming rule (README: `<data name>.<locale>.pdf`
// for the default layout, `<data name>.<layout name>.<locale>.pdf` for another).
TEST(ShippedEditions, NameFilesThatExistAndOutputsByTheNamingRule) {
  Diagnostics d;
  const std::string list = PLAQUETTE_SOURCE_DIR "/data/editions.yaml";
  const auto editions = model::load_editions(list, d);
  ASSERT_TRUE(editions);
  std::set<std::string> brochure, sheet, per_item;
  for (const model::EditionEntry& e : *editions) {
    SCOPED_TRACE(e.name);
    EXPECT_TRUE(fs::is_regular_file(e.data)) << e.data;
    EXPECT_TRUE(fs::is_regular_file(e.layout)) << e.layout;
    const fs::path layout(e.layout);
    const fs::path catalog =
        layout.parent_path() / (layout.stem().string() + "." + e.locale + ".yaml");
    EXPECT_TRUE(fs::is_regular_file(catalog)) << catalog;
    const bool default_layout = layout.filename() == "gusp-brochure.yaml";
    // A file per item (`each:`) adds the item to the layout's name: `-{dep.code}`.
    const std::string item = e.each.empty() ? "" : "-{" + e.as + ".code}";
    const std::string expected = fs::path(e.data).stem().string() +
                                 (default_layout ? "" : "." + layout.stem().string()) + item + "." +
                                 e.locale + ".pdf";
    EXPECT_EQ(fs::path(e.output).filename().string(), expected);
    if (!e.each.empty()) {
      EXPECT_EQ(e.each, "departements");
      per_item.insert(e.locale);
      continue;
    }
    (default_layout ? brochure : sheet).insert(e.locale);
    if (!default_layout) {
      EXPECT_EQ(layout.filename(), "departement-sheet.yaml");
    }
  }
  EXPECT_FALSE(brochure.empty());
  EXPECT_EQ(sheet, brochure);
  EXPECT_EQ(per_item, brochure);
}

}  // namespace
}  // namespace plaquette::e2e
