// The Cairo backend on small display lists: page sizes for trim and bleed views, glyph
// placement, the soft-proof colours and their profile errors, font errors, determinism.
#include "render/cairo/cairo.h"

#include <ft2build.h>
#include <gtest/gtest.h>
#include <lcms2.h>
#include FT_FREETYPE_H
#include <unistd.h>

#include <algorithm>
#include <utility>
#include <variant>

#include "image_util.h"
#include "render/cairo/cairo_private.h"

namespace plaquette::render::cairo {
namespace {

namespace fs = std::filesystem;
using namespace test_util;

const std::string kProfile = PLAQUETTE_SOURCE_DIR "/layouts/profiles/FOGRA39L_coated.icc";
const std::string kFont = PLAQUETTE_SOURCE_DIR "/fonts/Lato-Regular.ttf";

// The glyph id of a character in the test font, as HarfBuzz would give it (its cmap).
uint32_t glyph_of(char32_t c) {
  FT_Library lib = nullptr;
  FT_Face face = nullptr;
  uint32_t id = 0;
  if (FT_Init_FreeType(&lib) == 0 && FT_New_Face(lib, kFont.c_str(), 0, &face) == 0)
    id = FT_Get_Char_Index(face, c);
  if (face) FT_Done_Face(face);
  if (lib) FT_Done_FreeType(lib);
  return id;
}

// An A4 trim with 9 mm of bleed and marks around it, a black bar and one glyph.
display::Document sample(double y_offset = 0) {
  display::Document doc;
  doc.output_profile = kProfile;
  doc.fonts.push_back({kFont, "Lato-Regular"});
  display::Page& p = doc.pages.emplace_back();
  const double slug = 9 / 25.4 * 72;
  p.width = 595.276 + 2 * slug;
  p.height = 841.89 + 2 * slug;
  p.trim = {slug, slug, 595.276, 841.89};
  p.bleed = {slug - 8.5, slug - 8.5, 595.276 + 17, 841.89 + 17};
  display::Path bar;
  bar.ops = {{display::PathOp::move, {slug + 100, slug + 100}},
             {display::PathOp::line, {slug + 200, slug + 100}},
             {display::PathOp::line, {slug + 200, slug + 150}},
             {display::PathOp::line, {slug + 100, slug + 150}},
             {display::PathOp::close}};
  bar.fill = true;
  bar.fill_color = {0, 0, 0, 1};
  p.items.emplace_back(bar);
  display::TextRun run;
  run.origin = {slug + 300, slug + 400};
  run.size = 72;
  run.color = {0, 0, 0, 1};
  run.text = "H";
  run.glyphs = {{glyph_of(U'H'), 50, 0, y_offset, 0, 1}};
  p.items.emplace_back(run);
  return doc;
}

std::vector<std::string> render_ok(const display::Document& doc, const Options& o) {
  std::vector<std::string> files;
  Diagnostics diags;
  EXPECT_TRUE(render(doc, o, files, diags));
  std::ostringstream err;
  diags.print(err);
  EXPECT_FALSE(diags.has_errors()) << err.str();
  return files;
}

std::string errors_of(const display::Document& doc) {
  std::vector<std::string> files;
  Diagnostics diags;
  EXPECT_FALSE(render(doc, Options{}, files, diags));
  EXPECT_TRUE(files.empty());
  std::ostringstream err;
  diags.print(err);
  return err.str();
}

// Topmost row with ink darker than mid-grey in columns [x0, x1).
int top_of_ink(const Image& img, int x0, int x1) {
  for (int y = 0; y < img.height; ++y)
    for (int x = x0; x < x1; ++x)
      if (img.at(x, y, 0) < 128) return y;
  return -1;
}

TEST(CairoRender, TrimViewIsTheFinishedPageAtTheAskedResolution) {
  Options o;
  o.dpi = 100;
  const Image page = decode_png(render_ok(sample(), o).at(0));
  EXPECT_EQ(page.width, 827);
  EXPECT_EQ(page.height, 1169);
  // The bar starts 100 pt into the trim: pixel 139 (100 pt at 100 dpi) is black.
  EXPECT_LT(page.at(140, 140, 0), 40);
  EXPECT_EQ(page.at(137, 137, 0), 255);  // paper
}

TEST(CairoRender, BleedViewIsTheWholeMediaBox) {
  Options o;
  o.dpi = 72;
  o.bleed = true;
  const Image page = decode_png(render_ok(sample(), o).at(0));
  EXPECT_EQ(page.width, 646);  // 595.28 + 2 × 25.51 pt at 72 dpi
  EXPECT_EQ(page.height, 893);
}

TEST(CairoRender, YOffsetIsUpPositive) {
  Options o;
  o.dpi = 72;
  const int base = top_of_ink(decode_png(render_ok(sample(0), o).at(0)), 290, 360);
  const int raised = top_of_ink(decode_png(render_ok(sample(10), o).at(0)), 290, 360);
  ASSERT_GT(base, 0);
  EXPECT_EQ(raised, base - 10);
}

TEST(CairoRender, GlyphSitsOnItsBaseline) {
  Options o;
  o.dpi = 72;
  const Image page = decode_png(render_ok(sample(), o).at(0));
  // Lato's cap height is 1433/2000 em: the top of "H" at 72 pt is 51.6 pt above the
  // baseline at y = 400 (the trim starts at a fractional pixel, hence the tolerance).
  EXPECT_NEAR(top_of_ink(page, 290, 360), 400 - 51.6, 1.0);
}

// Leftmost and rightmost columns with ink darker than mid-grey in rows [y0, y1).
std::pair<int, int> ink_columns(const Image& img, int y0, int y1) {
  int lo = img.width, hi = -1;
  for (int y = y0; y < y1; ++y)
    for (int x = 0; x < img.width; ++x)
      if (img.at(x, y, 0) < 128) lo = std::min(lo, x), hi = std::max(hi, x);
  return {lo, hi};
}

TEST(CairoRender, AnExpandedRunIsDrawnWider) {
  // Font expansion (TextRun::scale): the glyph's outline is scaled horizontally from its
  // origin, as the PDF's Tz does; its height does not change.
  Options o;
  o.dpi = 72;
  display::Document wide = sample();
  std::get<display::TextRun>(wide.pages[0].items[1]).scale = 1.2;
  const Image a = decode_png(render_ok(sample(), o).at(0));
  const Image b = decode_png(render_ok(wide, o).at(0));
  const auto [a0, a1] = ink_columns(a, 360, 400);
  const auto [b0, b1] = ink_columns(b, 360, 400);
  ASSERT_GT(a1, a0);
  EXPECT_NEAR(b0 - 300, (a0 - 300) * 1.2, 1.5);  // the left side bearing scales too
  EXPECT_NEAR(b1 - b0, (a1 - a0) * 1.2, 2.0);
  EXPECT_EQ(top_of_ink(b, 290, 380), top_of_ink(a, 290, 380));
}

TEST(CairoRender, SameInputSameBytes) {
  for (Format f : {Format::png, Format::svg}) {
    Options o;
    o.format = f;
    EXPECT_EQ(render_ok(sample(), o), render_ok(sample(), o));
  }
}

TEST(CairoRender, SvgIsSizedInPoints) {
  Options o;
  o.format = Format::svg;
  const std::string svg = render_ok(sample(), o).at(0);
  EXPECT_NE(svg.find("width=\"595.276pt\""), std::string::npos) << svg.substr(0, 300);
}

TEST(CairoColour, SoftProofNotNaive) {
  ColourConverter c;
  Diagnostics diags;
  ASSERT_TRUE(c.open(kProfile, diags));
  EXPECT_EQ(c.convert({0, 0, 0, 0}), (Rgb{1, 1, 1}));  // paper is screen white
  const Rgb cyan = c.convert({1, 0, 0, 0});
  // Process cyan is a mid blue on screen (about #009FE3), not the naive #00FFFF.
  EXPECT_LT(cyan.r, 0.05);
  EXPECT_NEAR(cyan.g, 159 / 255.0, 0.03);
  EXPECT_NEAR(cyan.b, 227 / 255.0, 0.03);
  const Rgb black = c.convert({0, 0, 0, 1});
  EXPECT_NEAR(black.g, 30 / 255.0, 0.03);    // 100 % K prints dark grey, not #000
  EXPECT_EQ(c.convert({1, 0, 0, 0}), cyan);  // cached, same answer
}

TEST(CairoColour, MissingProfileIsAnErrorNamingIt) {
  display::Document doc = sample();
  doc.output_profile = "/nonexistent/press.icc";
  const std::string err = errors_of(doc);
  EXPECT_NE(err.find("/nonexistent/press.icc"), std::string::npos) << err;
  EXPECT_NE(err.find("cannot read the CMYK output profile"), std::string::npos) << err;
}

TEST(CairoColour, CorruptOrRgbProfileIsAnErrorNamingIt) {
  const fs::path dir =
      fs::temp_directory_path() / ("plaquette-cairo-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path corrupt = dir / "corrupt.icc", rgb = dir / "srgb.icc";
  spit(corrupt, "not an ICC profile at all, just text");
  cmsHPROFILE srgb = cmsCreate_sRGBProfile();
  ASSERT_TRUE(cmsSaveProfileToFile(srgb, rgb.c_str()));
  cmsCloseProfile(srgb);

  display::Document doc = sample();
  doc.output_profile = corrupt.string();
  std::string err = errors_of(doc);
  EXPECT_NE(err.find(corrupt.string() + ": error: cannot read the CMYK output profile"),
            std::string::npos)
      << err;
  doc.output_profile = rgb.string();
  err = errors_of(doc);
  EXPECT_NE(err.find(rgb.string() + ": error: the output profile is not a CMYK profile"),
            std::string::npos)
      << err;
  fs::remove_all(dir);
}

TEST(CairoText, MissingFontIsAnErrorNamingIt) {
  display::Document doc = sample();
  doc.fonts[0].path = "/nonexistent/font.ttf";
  doc.output_profile = "/nonexistent/press.icc";
  const std::string err = errors_of(doc);
  // Both reported at once.
  EXPECT_NE(err.find("/nonexistent/font.ttf: error: cannot open the font"), std::string::npos)
      << err;
  EXPECT_NE(err.find("/nonexistent/press.icc"), std::string::npos) << err;
}

TEST(CairoRender, ResolutionOutOfRangeIsAnError) {
  Options o;
  o.dpi = 5;
  std::vector<std::string> files;
  Diagnostics diags;
  EXPECT_FALSE(render(sample(), o, files, diags));
  EXPECT_TRUE(diags.has_errors());
}

}  // namespace
}  // namespace plaquette::render::cairo
