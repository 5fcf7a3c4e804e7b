// Budgets of the layout stage: inputs built to take minutes or gigabytes (style chains,
// catalogs whose messages multiply, shrinking in tiny steps) end quickly, in an error that
// names the budget, or in the same result as before.
#include <gtest/gtest.h>

#include "layout/catalog.h"
#include "layout/spec.h"
#include "layout/template.h"

namespace plaquette::layout {
namespace {

const std::string kFile = std::string(PLAQUETTE_SOURCE_DIR) + "/layouts/test.yaml";

std::string layout_with(const std::string& page_extra, const std::string& styles,
                        const std::string& top = "") {
  return top + R"(version: 1
page:
  size: [210mm, 297mm]
  bleed: 3mm
  margins: {top: 10mm, right: 10mm, bottom: 10mm, left: 10mm}
)" + page_extra +
         R"(palette:
  black: [0, 0, 0, 100]
fonts:
  regular: ../fonts/Lato-Regular.ttf
styles:
  body: {font: regular, size: 9pt, leading: 11pt, color: black}
)" + styles +
         R"(pages:
  - name: one
    blocks:
      - {type: text, frame: {y: 10mm, height: 20mm}, style: body, text: "x"}
)";
}

std::string messages(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.all()) out += x.pos.str() + ": " + x.message + "\n";
  return out;
}

TEST(StyleBudget, LongInheritanceChainsResolveWithoutRecursion) {
  // s0 inherits from s1, ... from body: 12 000 levels (a recursive resolution overflowed
  // the stack at 10 000), listed child first so that the whole chain is walked at once.
  const int n = 12000;
  std::string styles;
  for (int i = 0; i < n; ++i)
    styles += "  s" + std::to_string(i) +
              ": {inherit: " + (i + 1 < n ? "s" + std::to_string(i + 1) : std::string("body")) +
              "}\n";
  Diagnostics d;
  auto layout = load_layout_string(layout_with("", styles), kFile, d);
  ASSERT_TRUE(layout) << messages(d);
  ASSERT_TRUE(layout->styles.count("s0"));
  EXPECT_EQ(layout->styles.at("s0").size, 9);
  EXPECT_EQ(layout->styles.at("s0").font, "regular");
}

TEST(StyleBudget, ALoopAtTheEndOfALongChainIsNamedOnce) {
  const int n = 5000;
  std::string styles;
  for (int i = 0; i < n; ++i)
    styles += "  s" + std::to_string(i) + ": {inherit: s" + std::to_string((i + 1) % n) + "}\n";
  styles += "  t: {inherit: s3}\n  u: {inherit: s2, size: 5pt}\n";
  Diagnostics d;
  EXPECT_FALSE(load_layout_string(layout_with("", styles), kFile, d));
  EXPECT_EQ(d.error_count(), 1u) << messages(d).substr(0, 2000);
  EXPECT_NE(messages(d).find("in a loop: s0 → s1 → s2 → s3 → … (4993 more) → s4997 → s4998 → "
                             "s4999 → s0\n"),
            std::string::npos)
      << messages(d);
}

TEST(CatalogBudget, MessagesThatMultiplyStopAtOneMebibyte) {
  // Each level names the next one 10 times: 10^7 references from a few hundred bytes.
  Catalog c;
  c.path = "cat.fr.yaml";
  for (int level = 0; level < 7; ++level) {
    std::string text;
    for (int k = 0; k < 10; ++k) text += "{@m" + std::to_string(level + 1) + "}";
    c.messages["m" + std::to_string(level)] = {text, {"cat.fr.yaml", level + 2, 7}};
  }
  c.messages["m7"] = {"bla bla bla", {"cat.fr.yaml", 10, 7}};
  figures::Value root = figures::Value::of_record({});
  ExpandContext ctx;
  ctx.catalog = &c;
  ctx.language = "fr-FR";
  Diagnostics d;
  RichText t = expand("{@m0}", {"layout.yaml", 4, 9}, Scope(root), ctx, d);
  EXPECT_TRUE(t.empty());
  EXPECT_EQ(d.error_count(), 1u) << messages(d);
  EXPECT_EQ(messages(d),
            "layout.yaml:4:9: text larger than 1 MiB once expanded (the expansion "
            "budget of one text); it was not laid out\n");
  EXPECT_EQ(d.all()[0].hints.at(0),
            "expanding the catalog messages `m0` → `m1` → `m2` → `m3` → `m4` → `m5` → `m6` → `m7`");
}

TEST(CatalogBudget, ABigButReasonableTextExpands) {
  Catalog c;
  c.path = "cat.fr.yaml";
  c.messages["para"] = {std::string(50000, 'a'), {"cat.fr.yaml", 2, 7}};
  figures::Value root = figures::Value::of_record({});
  ExpandContext ctx;
  ctx.catalog = &c;
  Diagnostics d;
  RichText t = expand("{@para}{@para}{@para}", {"layout.yaml", 4, 9}, Scope(root), ctx, d);
  EXPECT_FALSE(d.has_errors()) << messages(d);
  EXPECT_EQ(t.plain().size(), 150000u);
}

TEST(CheckFindsWhatBuildRefuses, AMediaBoxOverThePdfLimitIsAnErrorAtThePage) {
  std::string text = layout_with("  marks: {offset: 20mm, length: 60mm}\n", "");
  text.replace(text.find("size: [210mm, 297mm]"), 20, "size: [200mm, 5060mm]");
  Diagnostics d;
  EXPECT_FALSE(load_layout_string(text, kFile, d));
  EXPECT_EQ(messages(d), kFile +
                             ":3:3: `page`: the media box (page, bleed and crop marks) would "
                             "be 14796.9 pt, over the PDF limit of 14400 pt (200 in)\n");
  // The same page without marks fits.
  std::string plain = layout_with("", "");
  plain.replace(plain.find("size: [210mm, 297mm]"), 20, "size: [200mm, 5060mm]");
  Diagnostics ok;
  EXPECT_TRUE(load_layout_string(plain, kFile, ok)) << messages(ok);
}

TEST(CheckFindsWhatBuildRefuses, AnInkLimitOver300PercentIsAWarningAtItsLine) {
  Diagnostics d;
  auto layout = load_layout_string(layout_with("", "", "ink_limit: 400%\n"), kFile, d);
  EXPECT_TRUE(layout) << messages(d);
  EXPECT_FALSE(d.has_errors());
  EXPECT_EQ(messages(d), kFile +
                             ":1:12: `ink_limit`: 400% is above 300 %, the usual print-shop "
                             "limit, which `plaquette preflight` checks\n");
  Diagnostics quiet;
  EXPECT_TRUE(load_layout_string(layout_with("", "", "ink_limit: 280%\n"), kFile, quiet));
  EXPECT_TRUE(quiet.all().empty()) << messages(quiet);
}

}  // namespace
}  // namespace plaquette::layout
