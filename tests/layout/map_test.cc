// The `map` block beyond its reference dump (tests/layout/blocks/map.yaml): what it warns
// about and where it puts things.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "display/display.h"
#include "figures/figures.h"
#include "figures/value.h"
#include "layout/engine.h"
#include "model/edition.h"

namespace plaquette::layout {
namespace {

namespace fs = std::filesystem;

const fs::path kDir = fs::path(PLAQUETTE_SOURCE_DIR) / "tests/layout/blocks";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// Lays out head.yaml + `blocks` over the corpus's base data (départements 02 and 59).
std::optional<display::Document> lay_out(const std::string& blocks, Diagnostics& diags) {
  auto edition = model::load_edition(
      std::string(PLAQUETTE_SOURCE_DIR) + "/tests/corpus/base-data/data.yaml", diags);
  if (!edition) return std::nullopt;
  static figures::Value data;
  figures::Figures figs = figures::compute_figures(*edition, diags);
  data = figures::make_bindings(*edition, figs, "fr", diags);
  static std::optional<Layout> layout;
  layout =
      load_layout_string(slurp(kDir / "head.yaml") + blocks, (kDir / "map.yaml").string(), diags);
  if (!layout) return std::nullopt;
  static Catalog catalog;
  catalog.path = "blocks.fr.yaml";
  catalog.locale = "fr";
  catalog.language = "fr-FR";
  static text::FontCache fonts;
  BuildInput in{&*layout, &catalog, &data, &fonts, 0};
  return build_document(in, diags);
}

std::string messages(const Diagnostics& diags) {
  std::ostringstream out;
  diags.print(out);
  return out.str();
}

TEST(MapBlock, AnOutlineWithoutAnItemIsAWarning) {
  Diagnostics diags;
  auto doc = lay_out(slurp(kDir / "map.yaml"), diags);
  ASSERT_TRUE(doc) << messages(diags);
  EXPECT_FALSE(diags.has_errors());
  std::vector<std::string> warned;
  for (const Diagnostic& d : diags.all())
    if (d.severity == Severity::warning) warned.push_back(d.pos.str() + " " + d.message);
  ASSERT_EQ(warned.size(), 3u) << messages(diags);
  EXPECT_NE(warned[0].find("data/geo/hauts-de-france.geojson:5:1"), std::string::npos) << warned[0];
  EXPECT_NE(warned[0].find("the outline of `60` has no item in `departements`"), std::string::npos);
}

TEST(MapBlock, FillsByClassAndLabelsInsideEachArea) {
  Diagnostics diags;
  auto doc = lay_out(slurp(kDir / "map.yaml"), diags);
  ASSERT_TRUE(doc) << messages(diags);
  // Two values in three quantile classes: Aisne (2.7 M) in the lowest (orange), Nord
  // (13.4 M) in the highest (navy).
  const display::Cmyk orange{0, 0.60, 0.95, 0}, navy{1, 0.82, 0.18, 0.32};
  std::vector<const display::Path*> filled;
  std::map<std::string, display::Point> labels;
  for (const display::Item& item : doc->pages[0].items) {
    if (const auto* p = std::get_if<display::Path>(&item); p && p->fill && p->ops.size() > 20)
      filled.push_back(p);
    if (const auto* t = std::get_if<display::TextRun>(&item); t && t->text.size() == 2)
      labels[t->text] = t->origin;
  }
  ASSERT_EQ(filled.size(), 2u);
  EXPECT_EQ(filled[0]->fill_color, orange);  // 02 comes first in the file
  EXPECT_EQ(filled[1]->fill_color, navy);
  ASSERT_EQ(labels.count("02"), 1u);
  ASSERT_EQ(labels.count("59"), 1u);
  // Each label's pen position lies inside its area's box, Nord above Aisne.
  auto box_of = [](const display::Path& p) {
    display::Rect r{1e9, 1e9, 0, 0};
    double right = -1e9, bottom = -1e9;
    for (const auto& op : p.ops)
      if (op.kind != display::PathOp::close) {
        r.x = std::min(r.x, op.p1.x), r.y = std::min(r.y, op.p1.y);
        right = std::max(right, op.p1.x), bottom = std::max(bottom, op.p1.y);
      }
    r.width = right - r.x, r.height = bottom - r.y;
    return r;
  };
  const display::Rect aisne = box_of(*filled[0]), nord = box_of(*filled[1]);
  EXPECT_GT(labels["02"].x, aisne.x);
  EXPECT_LT(labels["02"].x, aisne.right());
  EXPECT_GT(labels["02"].y, aisne.y);
  EXPECT_LT(labels["02"].y, aisne.bottom());
  EXPECT_GT(labels["59"].y, nord.y);
  EXPECT_LT(labels["59"].y, nord.bottom());
  EXPECT_LT(labels["59"].y, labels["02"].y);
}

TEST(MapBlock, SmallTextOnSeveralPlatesIsAnError) {
  std::string blocks = slurp(kDir / "map.yaml");
  const std::string from = "label_style: body", to = "label_style: small";  // navy: 4 inks
  blocks.replace(blocks.find(from), from.size(), to);
  Diagnostics diags;
  EXPECT_FALSE(lay_out(blocks, diags));
  EXPECT_NE(messages(diags).find("style `small` sets 7 pt text in `navy`, on 4 plates"),
            std::string::npos)
      << messages(diags);
}

TEST(MapBlock, GivenBreaksMustHoldEveryValue) {
  std::string blocks = slurp(kDir / "map.yaml");
  const std::string from = "classes: 3", to = "breaks: [0, 1000000, 5000000, 10000000]";
  blocks.replace(blocks.find(from), from.size(), to);
  Diagnostics diags;
  EXPECT_FALSE(lay_out(blocks, diags));
  EXPECT_NE(messages(diags).find("`spending` is outside the bounds of `breaks`"), std::string::npos)
      << messages(diags);
}

}  // namespace
}  // namespace plaquette::layout
