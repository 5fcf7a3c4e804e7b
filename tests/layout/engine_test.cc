#include "layout/engine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <thread>

#include "base/units.h"
#include "text/hyphenate.h"

namespace plaquette::layout {
namespace {

using figures::Value;

const std::string kFile = std::string(PLAQUETTE_SOURCE_DIR) + "/layouts/test.yaml";

std::string head() {
  return R"(page:
  size: [100mm, 100mm]
  bleed: 3mm
  margins: {top: 10mm, right: 10mm, bottom: 10mm, left: 10mm}
  grid: {columns: 4, gutter: 5mm}
  marks: {offset: 3mm, length: 5mm}
palette:
  black: [0, 0, 0, 100]
  white: [0, 0, 0, 0]
  navy: [100, 80, 20, 30]
  teal: [80, 0, 40, 0]
  accent: [0, 0, 0, 50]
fonts:
  regular: ../fonts/Lato-Regular.ttf
  icons: ../fonts/MaterialIcons-Regular.ttf
styles:
  body: {font: regular, size: 10pt, leading: 12pt, color: black}
  label: {font: regular, size: 8pt, leading: 10pt, color: accent}
  just: {inherit: body, align: justify, hyphenation: {min_word: 5, left: 2, right: 2}}
  big: {font: regular, size: 40pt, leading: 44pt, color: black, fit: shrink, min_size: 12pt, fit_step: 1pt}
  heading: {inherit: body, keep_with_next: true}
  icon: {font: icons, size: 12pt, leading: 12pt, color: black}
pages:
  - blocks:
)";
}

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data = Value::of_record({"data.yaml", 1, 1});
    data.add("region", Value::of_string("Hauts-de-France", {"data.yaml", 2, 11}));
    data.add("long", Value::of_string(std::string(400, 'x') + " end", {"data.yaml", 3, 9}));
    data.add("han", Value::of_string("中文", {"data.yaml", 4, 8}));
    Value& list = data.add("themes", Value::of_list({"data.yaml", 5, 1}));
    for (double v : {1.0, 3.0}) {
      Value item = Value::of_record({});
      item.add("amount", Value::of_number(v, {}));
      item.add("name", Value::of_string(v == 1 ? "un" : "trois", {}));
      list.items.push_back(item);
    }
    Value& projects = data.add("projects", Value::of_list({"data.yaml", 6, 1}));
    Value project = Value::of_record({"data.yaml", 7, 5});
    std::string description;
    for (int i = 0; i < 12; ++i)
      description += "Cette action vise à sensibiliser les habitants au tri des déchets. ";
    project.add("description", Value::of_string(description, {"data.yaml", 8, 7}));
    projects.items.push_back(project);
    catalog.path = "test.fr.yaml";
    catalog.locale = "fr";
    catalog.language = "fr-FR";
  }

  std::optional<display::Document> build(const std::string& blocks) {
    auto layout = load_layout_string(head() + blocks, kFile, diags);
    if (!layout) return std::nullopt;
    layout_ = std::move(*layout);
    return build_document(input(), diags);
  }

  // What build() lays out: the last layout loaded, with the fixture's catalog, data, fonts.
  BuildInput input() {
    BuildInput in;
    in.layout = &layout_;
    in.catalog = &catalog;
    in.bindings = &data;
    in.fonts = &fonts;
    in.date = 0;
    return in;
  }

  std::string messages() const {
    std::string out;
    for (const Diagnostic& d : diags.all()) out += d.pos.str() + ": " + d.message + "\n";
    return out;
  }

  template <class T>
  static std::vector<const T*> items(const display::Page& p) {
    std::vector<const T*> out;
    for (const auto& i : p.items)
      if (const T* t = std::get_if<T>(&i)) out.push_back(t);
    return out;
  }

  Value data;
  Catalog catalog;
  text::FontCache fonts;
  Layout layout_;
  Diagnostics diags;
};

TEST_F(EngineTest, FontsKnowWhereTheLayoutNamesThem) {
  // The PDF backend's errors about a font cite the layout's `fonts:` entry.
  auto doc = build("      - {type: text, style: body, text: \"Bonjour\"}\n");
  ASSERT_TRUE(doc) << messages();
  ASSERT_EQ(doc->fonts.size(), 1u);
  const std::string text = head();
  const std::size_t at = text.find("  regular: ");
  ASSERT_NE(at, std::string::npos);
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  EXPECT_EQ(doc->fonts[0].named_at.str(), kFile + ":" + std::to_string(line) + ":12");
}

TEST_F(EngineTest, PageHasTrimBleedAndRoomForMarks) {
  auto doc = build("      - {type: rect, fill: navy}\n");
  ASSERT_TRUE(doc) << messages();
  const display::Page& p = doc->pages.at(0);
  const double slug = mm(3) + mm(5);
  EXPECT_NEAR(p.width, mm(100) + 2 * slug, 1e-6);
  EXPECT_NEAR(p.trim.x, slug, 1e-6);
  EXPECT_NEAR(p.trim.width, mm(100), 1e-6);
  EXPECT_NEAR(p.bleed.x, slug - mm(3), 1e-6);
  EXPECT_NEAR(p.bleed.width, mm(106), 1e-6);
}

TEST_F(EngineTest, CropMarksStayOutsideTheBleed) {
  auto doc = build("      - {type: rect, fill: navy}\n");
  ASSERT_TRUE(doc);
  const display::Page& p = doc->pages[0];
  int marks = 0;
  for (const display::Path* path : items<display::Path>(p)) {
    if (!path->stroke || path->stroke_color != display::Cmyk{1, 1, 1, 1}) continue;
    ++marks;
    for (const auto& op : path->ops) {
      bool inside_bleed = op.p1.x > p.bleed.x + 1e-6 && op.p1.x < p.bleed.right() - 1e-6 &&
                          op.p1.y > p.bleed.y + 1e-6 && op.p1.y < p.bleed.bottom() - 1e-6;
      EXPECT_FALSE(inside_bleed);
    }
  }
  EXPECT_EQ(marks, 8);
}

TEST_F(EngineTest, BleedSidesRunToTheBleedLine) {
  auto doc = build(
      "      - {type: rect, area: trim, frame: {height: 20mm}, fill: navy, bleed: [top, left, "
      "right]}\n");
  ASSERT_TRUE(doc) << messages();
  const display::Page& p = doc->pages[0];
  const display::Path* r = items<display::Path>(p).at(0);
  EXPECT_NEAR(r->ops[0].p1.x, p.bleed.x, 1e-6);
  EXPECT_NEAR(r->ops[0].p1.y, p.bleed.y, 1e-6);
  EXPECT_NEAR(r->ops[2].p1.x, p.bleed.right(), 1e-6);
  EXPECT_NEAR(r->ops[2].p1.y, p.trim.y + mm(20), 1e-6);
}

TEST_F(EngineTest, TextSitsInItsGridColumn) {
  auto doc =
      build("      - {type: text, frame: {col: 2, span: 2}, style: body, text: \"{region}\"}\n");
  ASSERT_TRUE(doc) << messages();
  const display::Page& p = doc->pages[0];
  auto runs = items<display::TextRun>(p);
  ASSERT_EQ(runs.size(), 1u);
  // Content box 80 mm wide, 4 columns, 5 mm gutters: columns of 16.25 mm.
  EXPECT_NEAR(runs[0]->origin.x, p.trim.x + mm(10) + mm(16.25 + 5), 1e-6);
  EXPECT_EQ(runs[0]->text, "Hauts-de-France");
  EXPECT_GT(runs[0]->origin.y, p.trim.y + mm(10));
  EXPECT_LT(runs[0]->origin.y, p.trim.y + mm(10) + 12);
}

TEST_F(EngineTest, OverflowIsAnErrorNamingTheBlockAndTheData) {
  auto doc = build(
      "      - {type: text, name: blurb, frame: {height: 10mm}, style: body, text: \"{long}\"}\n");
  EXPECT_FALSE(doc);
  std::string m = messages();
  EXPECT_NE(m.find("block `blurb`"), std::string::npos) << m;
  EXPECT_NE(m.find("data.yaml:3:9: the text comes from `long`, here"), std::string::npos) << m;
}

TEST_F(EngineTest, LongDescriptionInAStackNamesTheBlockThePathAndTheExcess) {
  auto doc = build(R"(      - type: repeat
        over: projects
        as: p
        blocks:
          - type: stack
            name: card
            frame: {height: 30mm}
            blocks:
              - {type: text, style: heading, text: "Projet"}
              - {type: text, style: just, text: "{p.description}"}
)");
  EXPECT_FALSE(doc);
  const std::string m = messages();
  EXPECT_NE(m.find("test.yaml:29:13: block `card` (item 1 of `projects`): its content overflows "
                   "the frame by "),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("pt (needs "), std::string::npos) << m;
  EXPECT_NE(m.find("data.yaml:8:7: the text comes from `projects.0.description`, here"),
            std::string::npos)
      << m;
}

TEST_F(EngineTest, FitShrinkSetsTheTextSmallerUntilItFits) {
  auto doc = build(
      "      - {type: text, name: t, frame: {height: 20mm}, style: big, text: \"Hauts-de-France "
      "Picardie\"}\n");
  ASSERT_TRUE(doc) << messages();
  const auto runs = items<display::TextRun>(doc->pages[0]);
  ASSERT_FALSE(runs.empty());
  EXPECT_LT(runs[0]->size, 40);
  EXPECT_GE(runs[0]->size, 12);
  double w = 0;
  for (const auto* r : runs) {
    double x = r->origin.x;
    for (const auto& g : r->glyphs) x += g.x_advance;
    w = std::max(w, x);
  }
  EXPECT_LE(w, mm(90) + 0.01);  // inside the content box (margins 10 mm)
}

TEST_F(EngineTest, FitShrinkByBisectionChoosesTheLargestStepThatFits) {
  // Steps of 0.1 pt from 40 pt: 280 sizes, chosen in a few trials. The size found fits, and
  // one step larger does not (the answer of trying each size in turn).
  std::string blocks =
      "      - {type: text, name: t, frame: {height: 20mm}, style: big, text: \"{region} "
      "{region}\"}\n";
  std::string fine = head();
  fine.replace(fine.find("fit_step: 1pt"), 13, "fit_step: 0.1pt");
  auto layout = load_layout_string(fine + blocks, kFile, diags);
  ASSERT_TRUE(layout) << messages();
  layout_ = std::move(*layout);
  BuildInput in;
  in.layout = &layout_;
  in.catalog = &catalog;
  in.bindings = &data;
  in.fonts = &fonts;
  auto doc = build_document(in, diags);
  ASSERT_TRUE(doc) << messages();
  const double size = items<display::TextRun>(doc->pages[0]).at(0)->size;
  EXPECT_LT(size, 40);
  const double steps = (40 - size) / 0.1;
  EXPECT_NEAR(steps, std::round(steps), 1e-6);  // on the grid of steps
  // Fixed at that size it fits; one step larger it overflows.
  for (double s : {size, size + 0.1}) {
    std::string fixed = head();
    char style[160];
    std::snprintf(style, sizeof style,
                  "{font: regular, size: %.6fpt, leading: %.6fpt, color: black}", s, 44 * s / 40);
    std::size_t at = fixed.find("{font: regular, size: 40pt");
    fixed.replace(at, fixed.find('}', at) + 1 - at, style);
    Diagnostics d;
    auto l = load_layout_string(fixed + blocks, kFile, d);
    ASSERT_TRUE(l);
    BuildInput fin = in;
    fin.layout = &*l;
    EXPECT_EQ(build_document(fin, d).has_value(), s == size) << s;
  }
}

TEST_F(EngineTest, FitShrinkStillOverflowingAtTheMinimumIsAnError) {
  auto doc =
      build("      - {type: text, name: t, frame: {height: 5mm}, style: big, text: \"{long}\"}\n");
  EXPECT_FALSE(doc);
  EXPECT_NE(messages().find("block `t`: a word is wider than the frame"), std::string::npos)
      << messages();
}

TEST_F(EngineTest, AHeadingMustNotEndAStack) {
  auto doc = build(R"(      - type: stack
        blocks:
          - {type: text, style: body, text: "{region}"}
          - {type: text, name: h, style: heading, text: "Objectifs"}
)");
  EXPECT_FALSE(doc);
  EXPECT_NE(
      messages().find("block `h`: a heading (style `heading`, keep_with_next) ends the stack"),
      std::string::npos)
      << messages();
}

TEST_F(EngineTest, AHyphenRunThatNothingElseAvoidsIsAWarningNamingTheBlock) {
  // Long words in a 55 pt measure: every line but the last must end with a hyphen, so no
  // breaks keep to two in a row. The least bad are set, and the block is named.
  data.add("words", Value::of_string("Les intercommunalités départementales reconstituées "
                                     "sensibilisent intensément.",
                                     {"data.yaml", 9, 8}));
  auto doc = build(
      "      - {type: text, name: narrow, frame: {width: 55pt}, style: just, text: "
      "\"{words}\"}\n");
  ASSERT_TRUE(doc) << messages();
  ASSERT_EQ(diags.all().size(), 2u) << messages();
  const Diagnostic& w = diags.all()[0];
  EXPECT_EQ(w.severity, Severity::warning);
  EXPECT_EQ(w.pos.file, kFile);  // the block, in the layout
  EXPECT_NE(w.message.find("block `narrow`: more lines in a row end with a hyphen than its "
                           "style allows"),
            std::string::npos)
      << w.message;
  EXPECT_EQ(diags.all()[1].pos.str(), "data.yaml:9:8") << messages();
  // Not for want of the rule: a wider measure keeps it without a word.
  diags = Diagnostics();
  doc = build(
      "      - {type: text, name: wide, frame: {width: 160pt}, style: just, text: "
      "\"{words}\"}\n");
  ASSERT_TRUE(doc) << messages();
  EXPECT_TRUE(diags.all().empty()) << messages();
}

TEST_F(EngineTest, JustifiedTextWithoutADictionaryIsOneWarningNamingTheLocale) {
  // No hyphenation dictionary for Esperanto (Debian packages none): the text is set
  // unhyphenated and the first justified block says so, once for the document, with what
  // to do.
  if (!text::hyphenation_dictionary_path(text::Locale("eo")).empty())
    GTEST_SKIP() << "this machine has an Esperanto hyphenation dictionary";
  catalog.language = "eo";
  auto doc = build(
      "      - {type: text, name: first, frame: {height: 40mm}, style: just, text: \"{region} "
      "{region} {region}\"}\n"
      "      - {type: text, name: second, frame: {y: 45mm}, style: just, text: \"{region} "
      "{region}\"}\n");
  ASSERT_TRUE(doc) << messages();
  ASSERT_EQ(diags.all().size(), 1u) << messages();
  const Diagnostic& w = diags.all()[0];
  EXPECT_EQ(w.severity, Severity::warning);
  EXPECT_NE(w.message.find("block `first`: justified text in `eo` is not hyphenated: no "
                           "hyphenation dictionary for it is installed"),
            std::string::npos)
      << w.message;
  ASSERT_EQ(w.hints.size(), 1u);
  EXPECT_NE(w.hints[0].find("`hyphenate: false`"), std::string::npos) << w.hints[0];
  // French has its dictionary (hyphen-fr, which `make` installs): no warning.
  catalog.language = "fr-FR";
  diags = Diagnostics();
  ASSERT_TRUE(
      build("      - {type: text, frame: {height: 40mm}, style: just, text: "
            "\"{region}\"}\n"))
      << messages();
  EXPECT_TRUE(diags.all().empty()) << messages();
}

TEST_F(EngineTest, TextThatFitsIsNotAnOverflow) {
  auto doc =
      build("      - {type: text, frame: {height: 12pt}, style: body, text: \"{region}\"}\n");
  EXPECT_TRUE(doc) << messages();
}

TEST_F(EngineTest, MissingGlyphIsAnErrorListingTheCharacters) {
  auto doc = build("      - {type: text, style: body, text: \"{han}\"}\n");
  EXPECT_FALSE(doc);
  std::string m = messages();
  EXPECT_NE(m.find("has no glyph for U+4E2D U+6587"), std::string::npos) << m;
  EXPECT_NE(m.find("data.yaml:4:8: the text comes from `han`, here"), std::string::npos) << m;
}

TEST_F(EngineTest, RepeatGivesEachCellItsItemAndAccent) {
  auto doc = build(R"(      - type: repeat
        over: themes
        as: t
        columns: 2
        gap: 5mm
        colors: [navy, teal]
        color_as: accent
        blocks:
          - {type: text, style: label, text: "{t.name}"}
)");
  ASSERT_TRUE(doc) << messages();
  auto runs = items<display::TextRun>(doc->pages[0]);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0]->text, "un");
  EXPECT_EQ(runs[1]->text, "trois");
  EXPECT_EQ(runs[0]->color, (display::Cmyk{1, 0.8, 0.2, 0.3}));
  EXPECT_EQ(runs[1]->color, (display::Cmyk{0.8, 0, 0.4, 0}));
  EXPECT_NEAR(runs[1]->origin.x - runs[0]->origin.x, mm(37.5 + 5), 1e-6);
}

// An empty list would leave a heading over nothing: it is an error at the binding, with a
// note at the data.
TEST_F(EngineTest, RepeatOverAnEmptyListIsAnError) {
  data.add("nothing", Value::of_list({"data.yaml", 9, 1}));
  auto doc = build(R"(      - type: repeat
        name: cells
        over: nothing
        blocks:
          - {type: text, style: label, text: "x"}
)");
  EXPECT_FALSE(doc);
  std::string m = messages();
  EXPECT_NE(m.find("block `cells` repeats over `nothing`, which is empty"), std::string::npos) << m;
  EXPECT_NE(m.find("data.yaml:9:1: the empty list is here"), std::string::npos) << m;
}

// An overflow fed by a long list names the first texts and counts the others.
TEST_F(EngineTest, OverflowFromAThousandTextsListsTheFirstOnly) {
  Value& many = data.add("many", Value::of_list({"data.yaml", 10, 1}));
  for (int i = 0; i < 1000; ++i)
    many.items.push_back(Value::of_string("item", {"data.yaml", 11 + i, 5}));
  auto doc =
      build(R"(      - {type: list, name: items, frame: {height: 20mm}, over: many, style: body}
)");
  EXPECT_FALSE(doc);
  std::string m = messages();
  EXPECT_NE(m.find("block `items`"), std::string::npos) << m;
  EXPECT_NE(m.find(": and 992 more texts"), std::string::npos) << m;
  EXPECT_LT(diags.all().size(), 12u) << m;
}

TEST_F(EngineTest, DonutHasOneSegmentPerItemProportionalToTheValue) {
  auto doc = build(
      R"(      - {type: chart, kind: donut, frame: {width: 40mm, height: 40mm}, over: themes, value: amount, colors: [navy, teal], separator_color: white}
)");
  ASSERT_TRUE(doc) << messages();
  auto paths = items<display::Path>(doc->pages[0]);
  std::vector<const display::Path*> segments;
  for (const auto* p : paths)
    if (p->fill) segments.push_back(p);
  ASSERT_EQ(segments.size(), 2u);
  // 1 of 4 is a quarter turn: the first segment starts at 12 o'clock and ends at 3 o'clock.
  const auto& first = segments[0]->ops;
  double cx = first[0].p1.x, top = first[0].p1.y;
  const auto& end = first[1].p3;
  EXPECT_NEAR(end.x - cx, mm(20), 1e-6);
  EXPECT_NEAR(end.y - top, mm(20), 1e-6);
}

TEST_F(EngineTest, IconsDrawTheirCodePoint) {
  auto doc = build(
      "      - {type: icon, frame: {width: 10mm, height: 10mm}, style: icon, glyph: e88a, size: "
      "20pt, color: navy}\n");
  ASSERT_TRUE(doc) << messages();
  auto runs = items<display::TextRun>(doc->pages[0]);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0]->text, "\xEE\xA2\x8A");
  EXPECT_NE(runs[0]->glyphs.at(0).id, 0u);
}

TEST_F(EngineTest, StackOverflowIsReported) {
  auto doc = build(R"(      - type: stack
        name: cards
        frame: {height: 20pt}
        blocks:
          - {type: text, style: body, text: "{region}"}
          - {type: text, style: body, text: "{region}"}
)");
  EXPECT_FALSE(doc);
  EXPECT_NE(messages().find("block `cards`: its content overflows the frame"), std::string::npos)
      << messages();
}

TEST_F(EngineTest, SameInputSameDisplayList) {
  const std::string blocks = "      - {type: text, style: body, text: \"{region}\"}\n";
  auto a = build(blocks);
  auto b = build(blocks);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(display::dump(*a), display::dump(*b));
}

}  // namespace
}  // namespace plaquette::layout

namespace plaquette::layout {
namespace {

TEST_F(EngineTest, KickerSpaceLinesUpValuesOfCalloutsSideBySide) {
  auto doc = build(
      R"(      - {type: stat, frame: {width: 40%}, kicker: "{region}", value: "{region}", kicker_style: label, value_style: body}
      - {type: stat, frame: {x: 50%, width: 40%}, kicker_space: true, value: "{region}", kicker_style: label, value_style: body}
)");
  ASSERT_TRUE(doc) << messages();
  auto runs = items<display::TextRun>(doc->pages[0]);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_NEAR(runs[1]->origin.y, runs[2]->origin.y, 1e-9);  // both values on one baseline
  EXPECT_GT(runs[1]->origin.y, runs[0]->origin.y);          // below the kicker
}

}  // namespace
}  // namespace plaquette::layout

namespace plaquette::layout {
namespace {

TEST_F(EngineTest, ABlockStickingOutOfItsParentIsAnError) {
  auto doc = build(
      "      - {type: text, name: footer, frame: {y: 100mm, height: 5mm}, style: body, text: "
      "\"{region}\"}\n");
  EXPECT_FALSE(doc);
  EXPECT_NE(messages().find("block `footer` sticks out of its parent box by"), std::string::npos)
      << messages();
}

TEST_F(EngineTest, ASpanAloneStartsAtTheFirstColumn) {
  auto doc = build("      - {type: rect, frame: {span: 2, height: 5mm}, fill: navy}\n");
  ASSERT_TRUE(doc) << messages();
  const display::Page& p = doc->pages[0];
  const display::Path* r = items<display::Path>(p).at(0);
  EXPECT_NEAR(r->ops[1].p1.x - r->ops[0].p1.x, mm(16.25 * 2 + 5), 1e-6);
}

TEST_F(EngineTest, ADonutLabelTooBigForTheHoleIsAnError) {
  auto doc = build(
      R"(      - {type: chart, name: donut, frame: {width: 20mm, height: 20mm}, over: themes, value: amount, colors: [navy], separator_color: white, label: "{long}", label_style: body}
)");
  EXPECT_FALSE(doc);
  EXPECT_NE(messages().find("block `donut`"), std::string::npos) << messages();
}

TEST_F(EngineTest, RepeatThatDoesNotFitTalksAboutRows) {
  auto doc = build(
      R"(      - {type: repeat, name: cards, frame: {height: 20mm}, over: themes, as: t, row_height: 15mm, blocks: [{type: rect, fill: navy}]}
)");
  EXPECT_FALSE(doc);
  EXPECT_NE(messages().find("block `cards`: 2 rows of 42.5 pt"), std::string::npos) << messages();
  EXPECT_NE(messages().find("the 2 items come from this data"), std::string::npos) << messages();
}

// `rows: auto`: each row as tall as the content of its cells, the background rect
// stretching to it, the rest of the frame left free.
TEST_F(EngineTest, AutoRowsFollowTheirContent) {
  Value& cards = data.add("cards", Value::of_list({"data.yaml", 10, 1}));
  for (const char* text : {"court",
                           "un texte bien plus long, qui prend quatre lignes dans "
                           "une cellule étroite comme celle-ci, voilà"}) {
    Value item = Value::of_record({});
    item.add("text", Value::of_string(text, {}));
    cards.items.push_back(item);
  }
  auto doc = build(R"(      - type: repeat
        frame: {col: 1, span: 2, height: 70mm}
        over: cards
        as: c
        rows: auto
        row_gap: 2mm
        blocks:
          - {type: rect, fill: navy}
          - {type: stack, frame: {y: 1mm}, blocks: [{type: text, style: body, text: "{c.text}"}]}
)");
  ASSERT_TRUE(doc) << messages();
  auto paths = items<display::Path>(doc->pages[0]);
  ASSERT_EQ(paths.size(), 2u + 8u);  // two cells' rects, then crop marks
  auto top = [](const display::Path* p) { return p->ops[0].p1.y; };
  auto bottom = [](const display::Path* p) { return p->ops[2].p1.y; };
  const double y0 = doc->pages[0].trim.y + mm(10);
  EXPECT_NEAR(top(paths[0]), y0, 1e-6);
  EXPECT_NEAR(bottom(paths[0]) - top(paths[0]), mm(1) + 12, 1e-6);
  EXPECT_NEAR(top(paths[1]), bottom(paths[0]) + mm(2), 1e-6);
  EXPECT_NEAR(bottom(paths[1]) - top(paths[1]), mm(1) + 4 * 12, 1e-6);  // four lines
  EXPECT_LT(bottom(paths[1]), y0 + mm(70) - 1);
}

TEST_F(EngineTest, AutoRowsTallerThanTheFrameAreAnOverflow) {
  auto doc = build(
      R"(      - {type: repeat, name: cards, frame: {height: 20mm}, over: themes, as: t, rows: auto, blocks: [{type: stack, frame: {y: 15mm}, blocks: [{type: text, style: body, text: "{t.name}"}]}]}
)");
  EXPECT_FALSE(doc);
  EXPECT_NE(messages().find("block `cards`: 2 rows as tall as their content (up to 54.5 pt) "
                            "with their gaps need 109.0 pt, the frame has 56.7 pt"),
            std::string::npos)
      << messages();
}

// The cells are measured, then placed: a problem inside one is reported once.
TEST_F(EngineTest, AutoRowsReportACellsProblemOnce) {
  auto doc = build(
      R"(      - {type: repeat, over: themes, as: t, rows: auto, blocks: [{type: text, style: body, text: "{han}"}]}
)");
  EXPECT_FALSE(doc);
  EXPECT_EQ(diags.error_count(), 1u) << messages();
}

// In a stack, a repeat with `rows: auto` takes the height of its rows.
TEST_F(EngineTest, AutoRowsInAStackTakeTheirHeight) {
  auto doc = build(R"(      - type: stack
        blocks:
          - {type: repeat, over: themes, as: t, rows: auto, row_gap: 0, blocks: [{type: text, style: body, text: "{t.name}"}]}
          - {type: text, style: body, text: "{region}"}
)");
  ASSERT_TRUE(doc) << messages();
  auto runs = items<display::TextRun>(doc->pages[0]);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_NEAR(runs[2]->origin.y - runs[0]->origin.y, 24, 1e-6);
}

TEST_F(EngineTest, AutoRowsAndARowHeightAreOneTooMany) {
  auto doc = build(
      R"(      - {type: repeat, over: themes, rows: auto, row_height: 10mm, blocks: [{type: rect, fill: navy}]}
)");
  EXPECT_FALSE(doc);
  EXPECT_NE(messages().find("give either `row_height` or `rows: auto`, not both"),
            std::string::npos)
      << messages();
}

// A page with `over` is laid out once per item, numbered in the document; a problem on one
// of them names the item.
TEST_F(EngineTest, PagesOverAListAreOnePerItem) {
  auto doc = build(
      R"(      - {type: text, frame: {height: 10mm}, style: body, text: "{page.number}/{page.count}"}
  - over: themes
    as: t
    blocks:
      - {type: text, frame: {height: 10mm}, style: body, text: "{t.name} {page.number}/{page.count}"}
)");
  ASSERT_TRUE(doc) << messages();
  ASSERT_EQ(doc->pages.size(), 3u);
  EXPECT_EQ(items<display::TextRun>(doc->pages[0])[0]->text, "1/3");
  EXPECT_EQ(items<display::TextRun>(doc->pages[1])[0]->text, "un 2/3");
  EXPECT_EQ(items<display::TextRun>(doc->pages[2])[0]->text, "trois 3/3");
}

TEST_F(EngineTest, AnOverflowOnARepeatedPageNamesTheItem) {
  auto doc = build(R"(      - {type: text, style: body, text: "{region}"}
  - over: themes
    as: t
    blocks:
      - {type: text, name: big, frame: {height: 5pt}, style: body, text: "{t.name}"}
)");
  EXPECT_FALSE(doc);
  EXPECT_NE(messages().find("block `big` (item 1 of `themes`): its text overflows"),
            std::string::npos)
      << messages();
}

TEST_F(EngineTest, AnIconInAStackTakesOnlyItsSize) {
  auto doc = build(R"(      - type: stack
        blocks:
          - {type: icon, style: icon, glyph: e88a, size: 20pt, color: navy}
          - {type: text, style: body, text: "{region}"}
)");
  ASSERT_TRUE(doc) << messages();
  auto runs = items<display::TextRun>(doc->pages[0]);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_LT(runs[0]->origin.y, runs[1]->origin.y);
  EXPECT_LT(runs[1]->origin.y, doc->pages[0].trim.y + mm(10) + 20 + 12 + 0.01);
}

TEST_F(EngineTest, AMissingFontIsReportedOnce) {
  std::string blocks =
      "      - {type: text, style: body, text: \"{region}\"}\n"
      "      - {type: text, frame: {y: 10mm}, style: body, text: \"{region}\"}\n";
  auto layout = load_layout_string(head() + blocks, kFile, diags);
  ASSERT_TRUE(layout);
  layout->fonts["regular"] = "/nonexistent/Font.ttf";
  BuildInput in{&*layout, &catalog, &data, &fonts, 0};
  EXPECT_FALSE(build_document(in, diags));
  EXPECT_EQ(diags.error_count(), 1u) << messages();
}

TEST_F(EngineTest, ParagraphsLaidOutAgainAreTheSameToTheBit) {
  // A thread keeps the paragraphs it laid out (a batch lays out the same texts in every
  // edition, fit: shrink tries sizes again): a document built again by this thread, from
  // its cache, draws exactly what a thread that never laid anything out draws.
  const std::string blocks =
      "      - {type: text, name: a, frame: {height: 10mm}, style: big, text: \"{region} "
      "{region}\"}\n"
      "      - {type: text, name: b, frame: {col: 1, span: 4}, style: just, text: "
      "\"{projects.0.description}\"}\n"
      "      - {type: text, name: c, style: label, text: \"{region}\"}\n";
  auto first = build(blocks);
  ASSERT_TRUE(first) << messages();
  auto again = build(blocks);
  ASSERT_TRUE(again) << messages();
  std::optional<display::Document> fresh;
  std::thread([&] {
    Diagnostics d;
    fresh = build_document(input(), d);
  }).join();
  ASSERT_TRUE(fresh);
  EXPECT_EQ(display::dump(*again), display::dump(*fresh));
  EXPECT_EQ(display::dump(*first), display::dump(*fresh));
  // The same text in another style is another paragraph, not the cached one.
  auto styles = build(
      "      - {type: text, name: c, style: label, text: \"{region}\"}\n"
      "      - {type: text, name: d, style: body, text: \"{region}\"}\n");
  ASSERT_TRUE(styles) << messages();
  const auto runs = items<display::TextRun>(styles->pages[0]);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0]->size, 8);
  EXPECT_EQ(runs[1]->size, 10);
}

}  // namespace
}  // namespace plaquette::layout
