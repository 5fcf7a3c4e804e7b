#include "layout/spec.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/units.h"

namespace plaquette::layout {
namespace {

const std::string kFile = std::string(PLAQUETTE_SOURCE_DIR) + "/layouts/test.yaml";

// A minimal valid layout; tests append or alter parts of it.
std::string minimal(const std::string& extra_blocks = "", const std::string& palette_extra = "") {
  return R"(version: 1
page:
  size: [210mm, 297mm]
  bleed: 3mm
  margins: {top: 10mm, right: 10mm, bottom: 10mm, left: 10mm}
  grid: {columns: 12, gutter: 4mm}
palette:
  black: [0, 0, 0, 100]
  white: [0, 0, 0, 0]
)" + palette_extra +
         R"(fonts:
  regular: ../fonts/Lato-Regular.ttf
styles:
  body: {font: regular, size: 9pt, leading: 11pt, color: black}
  big: {inherit: body, size: 20pt, leading: 22pt}
pages:
  - name: one
    blocks:
      - {type: text, frame: {col: 1, span: 6, y: 10mm, height: 20mm}, style: body, text: "{@title}"}
)" + extra_blocks;
}

std::string messages(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.all()) out += x.pos.str() + ": " + x.message + "\n";
  return out;
}

TEST(ParseLength, Units) {
  Length l;
  ASSERT_TRUE(parse_length("10mm", l));
  EXPECT_NEAR(l.value, mm(10), 1e-9);
  ASSERT_TRUE(parse_length("1cm", l));
  EXPECT_NEAR(l.value, mm(10), 1e-9);
  ASSERT_TRUE(parse_length("9pt", l));
  EXPECT_EQ(l.value, 9);
  ASSERT_TRUE(parse_length("1in", l));
  EXPECT_EQ(l.value, 72);
  ASSERT_TRUE(parse_length("12.5", l));
  EXPECT_EQ(l.value, 12.5);
  ASSERT_TRUE(parse_length("50%", l));
  EXPECT_TRUE(l.relative);
  EXPECT_EQ(l.resolve(200), 100);
  EXPECT_FALSE(parse_length("mm", l));
  EXPECT_FALSE(parse_length("12 apples", l));
  EXPECT_FALSE(parse_length("", l));
}

TEST(LoadLayout, MinimalLayoutLoads) {
  Diagnostics d;
  auto layout = load_layout_string(minimal(), kFile, d);
  ASSERT_TRUE(layout) << messages(d);
  EXPECT_NEAR(layout->page.width, mm(210), 1e-9);
  EXPECT_NEAR(layout->page.bleed, mm(3), 1e-9);
  EXPECT_EQ(layout->page.columns, 12);
  ASSERT_EQ(layout->pages.size(), 1u);
  EXPECT_EQ(layout->pages[0].blocks[0].type(), "text");
  EXPECT_EQ(layout->fonts.at("regular"),
            std::string(PLAQUETTE_SOURCE_DIR) + "/fonts/Lato-Regular.ttf");
}

TEST(LoadLayout, StylesInheritAndOverride) {
  Diagnostics d;
  auto layout = load_layout_string(minimal(), kFile, d);
  ASSERT_TRUE(layout);
  const Style& big = layout->styles.at("big");
  EXPECT_EQ(big.font, "regular");
  EXPECT_EQ(big.size, 20);
  EXPECT_EQ(big.color, "black");
}

TEST(LoadLayout, PaletteIsCmykFractions) {
  Diagnostics d;
  auto layout = load_layout_string(minimal("", "  navy: [100, 80, 20, 30]\n"), kFile, d);
  ASSERT_TRUE(layout) << messages(d);
  const display::Cmyk& c = layout->palette.at("navy").cmyk;
  EXPECT_DOUBLE_EQ(c.c, 1.0);
  EXPECT_DOUBLE_EQ(c.m, 0.8);
  EXPECT_DOUBLE_EQ(c.k, 0.3);
}

TEST(LoadLayout, InkAboveTheLimitIsAnError) {
  Diagnostics d;
  auto layout = load_layout_string(minimal("", "  mud: [100, 100, 100, 80]\n"), kFile, d);
  EXPECT_FALSE(layout);
  EXPECT_NE(messages(d).find("colour `mud` needs 380 % ink, over the limit of 300 %"),
            std::string::npos)
      << messages(d);
}

TEST(LoadLayout, ALowerInkLimitAppliesToThePalette) {
  Diagnostics d;
  std::string text = minimal("", "  navy: [100, 80, 20, 30]\n");
  text.replace(text.find("palette:"), 0, "ink_limit: 220%\n");
  EXPECT_FALSE(load_layout_string(text, kFile, d));
  EXPECT_NE(messages(d).find("colour `navy` needs 230 % ink, over the limit of 220 %"),
            std::string::npos)
      << messages(d);
}

TEST(LoadLayout, OutputProfileDefaultsToFogra39BesideTheLayout) {
  Diagnostics d;
  auto layout = load_layout_string(minimal(), kFile, d);
  ASSERT_TRUE(layout) << messages(d);
  EXPECT_EQ(layout->page.output_profile,
            std::string(PLAQUETTE_SOURCE_DIR) + "/layouts/profiles/FOGRA39L_coated.icc");
}

TEST(LoadLayout, OverprintBlackIsOffUnlessAsked) {
  Diagnostics d;
  auto off = load_layout_string(minimal(), kFile, d);
  ASSERT_TRUE(off) << messages(d);
  EXPECT_FALSE(off->page.overprint_black);
  std::string text = minimal();
  text.replace(text.find("  grid:"), 0, "  overprint_black: true\n");
  auto on = load_layout_string(text, kFile, d);
  ASSERT_TRUE(on) << messages(d);
  EXPECT_TRUE(on->page.overprint_black);
  text.replace(text.find("true"), 4, "yes please");
  EXPECT_FALSE(load_layout_string(text, kFile, d));
}

TEST(LoadLayout, OutputProfileResolvesFromTheLayoutFolder) {
  Diagnostics d;
  std::string text = minimal();
  text.replace(text.find("  grid:"), 0, "  output_profile: icc/other.icc\n");
  auto layout = load_layout_string(text, kFile, d);
  ASSERT_TRUE(layout) << messages(d);
  EXPECT_EQ(layout->page.output_profile,
            std::string(PLAQUETTE_SOURCE_DIR) + "/layouts/icc/other.icc");
}

TEST(LoadLayout, UnknownStyleGetsDidYouMean) {
  Diagnostics d;
  auto layout =
      load_layout_string(minimal("      - {type: text, style: bdy, text: x}\n"), kFile, d);
  EXPECT_FALSE(layout);
  ASSERT_EQ(d.error_count(), 1u) << messages(d);
  const Diagnostic& e = d.all()[0];
  EXPECT_EQ(e.message, "unknown style `bdy`");
  EXPECT_EQ(e.pos.line, 19);
  ASSERT_FALSE(e.hints.empty());
  EXPECT_EQ(e.hints[0], "did you mean `body`?");
}

TEST(LoadLayout, UnknownBlockTypeAndUnknownKeyAreBothReported) {
  Diagnostics d;
  auto layout = load_layout_string(
      minimal("      - {type: txt, style: body}\n      - {type: rect, fil: black}\n"), kFile, d);
  EXPECT_FALSE(layout);
  std::string m = messages(d);
  EXPECT_NE(m.find("test.yaml:19:16: `pages[0].blocks[1].type`: unknown value `txt`"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("test.yaml:20:22: unknown key `fil`"), std::string::npos) << m;
  EXPECT_EQ(d.error_count(), 2u) << m;
}

TEST(LoadLayout, BadLengthNamesTheValue) {
  Diagnostics d;
  auto layout = load_layout_string(
      minimal("      - {type: rect, frame: {height: tall}, fill: black}\n"), kFile, d);
  EXPECT_FALSE(layout);
  EXPECT_NE(messages(d).find("found `tall`"), std::string::npos) << messages(d);
}

TEST(LoadLayout, GridSpanPastTheLastColumnIsAnError) {
  Diagnostics d;
  auto layout = load_layout_string(
      minimal("      - {type: rect, frame: {col: 10, span: 4}, fill: black}\n"), kFile, d);
  EXPECT_FALSE(layout);
  EXPECT_NE(messages(d).find("span runs past the last grid column"), std::string::npos);
}

TEST(LoadLayout, StyleCycleIsAnErrorNotAHang) {
  std::string text = minimal();
  text.replace(text.find("  body: {font"), 0, "  a: {inherit: b}\n  b: {inherit: a}\n");
  Diagnostics d;
  EXPECT_FALSE(load_layout_string(text, kFile, d));
  EXPECT_NE(messages(d).find("in a loop: a → b → a"), std::string::npos) << messages(d);
  EXPECT_EQ(d.error_count(), 1u) << messages(d);
}

TEST(LoadLayout, AnUnknownParentIsReportedOnceWithoutCascade) {
  std::string text = minimal("      - {type: text, style: big, text: x}\n");
  text.replace(text.find("inherit: body"), 13, "inherit: bdy");
  Diagnostics d;
  EXPECT_FALSE(load_layout_string(text, kFile, d));
  EXPECT_EQ(d.error_count(), 1u) << messages(d);
  EXPECT_NE(messages(d).find("unknown style `bdy`"), std::string::npos) << messages(d);
}

TEST(LoadLayout, AColourOverTheInkLimitIsReportedOnce) {
  std::string text = minimal("", "  mud: [100, 100, 100, 80]\n");
  text.replace(text.find("color: black}"), 12, "color: mud}");
  Diagnostics d;
  EXPECT_FALSE(load_layout_string(text, kFile, d));
  EXPECT_EQ(d.error_count(), 1u) << messages(d);
}

TEST(LoadLayout, NegativeSizesAreRefusedWhereTheyAreWritten) {
  std::string text = minimal("      - {type: rect, frame: {width: -5mm}, fill: black}\n");
  text.replace(text.find("bleed: 3mm"), 10, "bleed: -3mm");
  Diagnostics d;
  EXPECT_FALSE(load_layout_string(text, kFile, d));
  std::string m = messages(d);
  EXPECT_NE(m.find("test.yaml:4:10: `page.bleed`: must be from 0 pt to 56.69 pt, found -8.504 pt"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("test.yaml:19:37: `pages[0].blocks[1].frame.width`: cannot be negative"),
            std::string::npos)
      << m;
}

TEST(LoadLayout, FontExpansionDefaultsToMicrotypesAndIsBounded) {
  Diagnostics d;
  auto layout = load_layout_string(minimal(), kFile, d);
  ASSERT_TRUE(layout) << messages(d);
  EXPECT_DOUBLE_EQ(layout->styles.at("big").expansion, 0.02);
  EXPECT_DOUBLE_EQ(layout->styles.at("big").expansion_step, 0.005);
  std::string text = minimal();
  const std::string body = "color: black}";
  text.replace(text.find(body), body.size(), "color: black, expansion: 0, expansion_step: 0.01}");
  auto off = load_layout_string(text, kFile, d);
  ASSERT_TRUE(off) << messages(d);
  EXPECT_EQ(off->styles.at("big").expansion, 0);  // inherited
  EXPECT_EQ(off->styles.at("big").expansion_step, 0.01);
  for (const char* bad : {"-0.01", "0.06", "x"}) {
    std::string t = minimal();
    t.replace(t.find(body), body.size(), std::string("color: black, expansion: ") + bad + "}");
    Diagnostics e;
    EXPECT_FALSE(load_layout_string(t, kFile, e)) << bad;
    const std::string m = messages(e);
    EXPECT_NE(m.find("test.yaml:13:76: `styles.body.expansion`: "), std::string::npos) << m;
    if (std::string(bad) != "x") {
      EXPECT_NE(m.find("a fraction of the glyph width, 0 to 0.05"), std::string::npos) << m;
    }
  }
  std::string t = minimal();
  t.replace(t.find(body), body.size(), "color: black, expansion_step: 0}");
  Diagnostics e;
  EXPECT_FALSE(load_layout_string(t, kFile, e));
  EXPECT_NE(messages(e).find("0.001 to 0.05"), std::string::npos) << messages(e);
}

TEST(LoadLayout, ABlockWithoutTypeIsOneError) {
  Diagnostics d;
  EXPECT_FALSE(
      load_layout_string(minimal("      - {style: body, text: x, frame: {x: 1mm}}\n"), kFile, d));
  EXPECT_EQ(d.error_count(), 1u) << messages(d);
  EXPECT_NE(messages(d).find("missing required key `type`"), std::string::npos) << messages(d);
}

TEST(LoadLayout, ATextWithoutStyleIsAMissingKey) {
  Diagnostics d;
  EXPECT_FALSE(load_layout_string(minimal("      - {type: text, text: x}\n"), kFile, d));
  EXPECT_NE(messages(d).find("missing required key `style`"), std::string::npos) << messages(d);
}

TEST(LoadLayout, MissingPageIsReported) {
  Diagnostics d;
  EXPECT_FALSE(load_layout_string("palette: {}\nfonts: {}\nstyles: {}\npages: []\n", kFile, d));
  EXPECT_NE(messages(d).find("missing"), std::string::npos) << messages(d);
}

// A page size that is not a size is one error, not also "the margins leave no room".
TEST(LoadLayout, BadPageSizeIsOneError) {
  Diagnostics d;
  std::string text = minimal();
  text.replace(text.find("size: [210mm, 297mm]"), 20, "size: A4");
  EXPECT_FALSE(load_layout_string(text, kFile, d));
  EXPECT_EQ(d.error_count(), 1u) << messages(d);
  EXPECT_NE(messages(d).find("`page.size`: expected a list, found a string \"A4\""),
            std::string::npos)
      << messages(d);
}

}  // namespace
}  // namespace plaquette::layout

namespace plaquette::layout {
namespace {

const std::string kExtends = std::string(PLAQUETTE_SOURCE_DIR) + "/tests/layout/extends/";

// A layout that extends another takes its page, palette, fonts and styles, overrides what it
// writes itself, and builds styles on the base's.
TEST(LoadLayout, ExtendsTakesTheBaseAndOverridesIt) {
  Diagnostics d;
  auto layout = load_layout(kExtends + "sheet.yaml", d);
  ASSERT_TRUE(layout) << messages(d);
  EXPECT_NEAR(layout->page.width, mm(80), 1e-9);
  EXPECT_EQ(layout->palette.at("navy").cmyk, (display::Cmyk{0.9, 0.6, 0, 0.2}));
  EXPECT_EQ(layout->palette.at("ink").cmyk, (display::Cmyk{0, 0, 0, 1}));
  EXPECT_EQ(layout->styles.at("title").font, "regular");
  EXPECT_EQ(layout->styles.at("title").size, 14);
  EXPECT_EQ(layout->styles.at("small").size, 7);
  EXPECT_EQ(layout->fonts.at("regular"),
            std::filesystem::path(std::string(PLAQUETTE_SOURCE_DIR) + "/fonts/Lato-Regular.ttf")
                .lexically_normal()
                .string());
  ASSERT_EQ(layout->bases.size(), 1u);
  EXPECT_EQ(layout->bases[0].second.line, 3);
}

TEST(LoadLayout, ABaseWithPagesIsAnError) {
  Diagnostics d;
  auto layout = load_layout_string("extends: sheet.yaml\n", kExtends + "x.yaml", d);
  EXPECT_FALSE(layout);
  EXPECT_NE(messages(d).find("sheet.yaml:9:3: `pages`: a layout that others extend gives them"),
            std::string::npos)
      << messages(d);
}

}  // namespace
}  // namespace plaquette::layout
