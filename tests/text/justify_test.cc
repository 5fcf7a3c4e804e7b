// Paragraph-level typography: total-fit justification, hyphenation, French punctuation.
#include <gtest/gtest.h>

#include <cmath>

#include "line_util.h"
#include "text/paragraph.h"
#include "text/shape.h"
#include "text/utf8.h"

namespace plaquette::text {
namespace {

using test_util::right_edge;
using test_util::text_of;

// A project description of the 2019–2022 brochure, typed with plain spaces.
const std::string kDescription =
    "Cette action, proposée aux habitants du quartier Etouvie à Amiens, a pour objectif de "
    "sensibiliser les clients locataires au tri et au recyclage. Proposée sous la forme "
    "d’ateliers pédagogiques et d’une opération de collecte des encombrants (puis d’une "
    "redistribution), cette journée est organisée avec le soutien d’associations et de "
    "partenaires locaux.";

// Punctuation and units typed the careless way, with plain spaces before them.
const std::string kPunctuation =
    "Résultat : 1,20 € dépensé pour 1 € reçu ; couverture 83 % ! Vraiment ? « Oui » dit-on. "
    "Les bailleurs : 65 000 € ; les communes : 30 % ! Et ensuite ? « Rien » encore.";

class JustifyTest : public testing::Test {
 protected:
  void SetUp() override {
    font_ = cache_.load(std::string(PLAQUETTE_SOURCE_DIR) + "/fonts/Lato-Regular.ttf", {}, diags_);
    ASSERT_NE(font_, nullptr);
  }

  Paragraph layout(const std::string& text, double width, Align align,
                   const std::string& locale = "fr-FR", double size = 8.5) const {
    Span s;
    s.text = text;
    s.font = font_;
    s.size = size;
    ParagraphOptions opt;
    opt.width = width;
    opt.leading = size * 1.3;
    opt.align = align;
    opt.locale = locale;
    return layout_paragraph({s}, opt);
  }

  FontCache cache_;
  Diagnostics diags_;
  const Font* font_ = nullptr;
};

TEST_F(JustifyTest, EveryLineButTheLastFillsTheMeasure) {
  const double width = 118 * 72 / 25.4;  // the brochure's card column, 118 mm
  const Paragraph p = layout(kDescription, width, Align::justify);
  ASSERT_GE(p.lines.size(), 3u);
  EXPECT_FALSE(p.greedy_fallback);
  for (std::size_t i = 0; i < p.lines.size(); ++i) {
    const Line& line = p.lines[i];
    EXPECT_FALSE(line.overfull) << text_of(line);
    EXPECT_LE(right_edge(line), width + 0.01) << text_of(line);
    EXPECT_NEAR(line.runs.front().run.origin.x, 0, 1e-9);
    if (i + 1 < p.lines.size()) {
      EXPECT_NEAR(right_edge(line), width, 0.01) << text_of(line);
      EXPECT_NEAR(line.drawn_width, width, 0.01);
    } else {
      EXPECT_LT(right_edge(line), width - 1);  // the last line is not stretched
    }
  }
}

TEST_F(JustifyTest, HyphenatedLinesDrawAndSayTheirHyphen) {
  // Narrow enough that total fit prefers splitting a word to a loose line.
  bool any = false;
  for (double width = 120; width <= 240; width += 10) {
    const Paragraph p = layout(kDescription, width, Align::justify);
    std::string joined;
    for (const Line& line : p.lines) {
      const std::string t = text_of(line);
      const display::TextRun& last = line.runs.back().run;
      if (line.hyphenated) {
        any = true;
        // The hyphen drawn is the hyphen glyph; its text (the PDF's ActualText and
        // ToUnicode) is U+00AD SOFT HYPHEN, so that copied text rejoins the word.
        const std::string soft = "\u00AD";
        ASSERT_GE(t.size(), soft.size());
        ASSERT_EQ(t.substr(t.size() - soft.size()), soft) << t;
        EXPECT_EQ(last.glyphs.back().cluster_begin, last.text.size() - soft.size());
        EXPECT_EQ(last.glyphs.back().cluster_end, last.text.size());
        joined += t.substr(0, t.size() - soft.size());
      } else {
        joined += t + " ";
      }
    }
    // Nothing but hyphens was added; no words were lost. Capitalized words stay whole.
    EXPECT_NE(joined.find("Etouvie"), std::string::npos) << width;
    EXPECT_NE(joined.find("Amiens"), std::string::npos) << width;
  }
  EXPECT_TRUE(any);
}

// Lato draws "ffi" as one glyph, and French hyphenates "ef-fi-caces" between its two f's:
// a line broken there ends with "f" and the hyphen, the next starts with the "fi" ligature,
// both shaped again (TeX's discretionary), and the breaker's widths are those drawn.
TEST_F(JustifyTest, AHyphenInsideALigatureShapesBothFragmentsAgain) {
  const Shaped ffi = shape(*font_, 8.5, "ffi", "fr");
  const Shaped f = shape(*font_, 8.5, "f", "fr");
  const Shaped fi = shape(*font_, 8.5, "fi", "fr");
  ASSERT_EQ(ffi.glyphs.size(), 1u);
  ASSERT_EQ(fi.glyphs.size(), 1u);
  const std::string text =
      "Des actions efficaces, suffisantes et officielles, affichées pour les offices.";
  int splits = 0;
  for (double width = 30; width <= 140; width += 1) {
    const Paragraph p = layout(text, width, Align::justify);
    std::string joined;
    for (std::size_t i = 0; i < p.lines.size(); ++i) {
      const Line& line = p.lines[i];
      const std::string t = text_of(line);
      joined += line.hyphenated ? t.substr(0, t.size() - 2) : t + " ";
      // No glyph of the ligature is left whole across a break.
      for (const PlacedRun& r : line.runs) {
        for (const display::Glyph& g : r.run.glyphs) {
          EXPECT_LE(g.cluster_end, r.run.text.size());
          if (g.id == ffi.glyphs[0].id) {
            EXPECT_EQ(g.cluster_end - g.cluster_begin, 3u);
          }
        }
      }
      if (!line.hyphenated || i + 1 == p.lines.size() || t.size() < 3 ||
          t.substr(t.size() - 3) != "f\u00AD" || text_of(p.lines[i + 1]).rfind("fi", 0) != 0)
        continue;
      ++splits;
      const auto& end = line.runs.back().run.glyphs;
      ASSERT_GE(end.size(), 2u);
      EXPECT_EQ(end[end.size() - 2].id, f.glyphs[0].id) << t;
      const Line& next = p.lines[i + 1];
      const display::Glyph& first = next.runs.front().run.glyphs.front();
      EXPECT_EQ(first.id, fi.glyphs[0].id) << text_of(next);
      EXPECT_EQ(first.cluster_begin, 0u);
      EXPECT_EQ(first.cluster_end, 2u);
      // The widths the breaker counted are those drawn: a line justified to the measure
      // (its spaces stretched by the measure minus that width) or left at that width.
      EXPECT_NEAR(right_edge(line), line.drawn_width, 1e-6) << t;
      EXPECT_NEAR(right_edge(next), next.drawn_width, 1e-6) << text_of(next);
      if (i + 2 < p.lines.size()) {
        EXPECT_TRUE(std::fabs(next.drawn_width - width) < 1e-6 ||
                    std::fabs(next.drawn_width - next.width) < 1e-6);
      } else {
        EXPECT_NEAR(next.drawn_width, next.width, 1e-6);
      }
    }
    EXPECT_EQ(joined.substr(0, joined.size() - 1), text) << width;
  }
  EXPECT_GT(splits, 0);
}

TEST_F(JustifyTest, NoHyphenationWhenTheStyleSaysSo) {
  Span s;
  s.text = kDescription;
  s.font = font_;
  s.size = 8.5;
  ParagraphOptions opt;
  opt.width = 150;
  opt.align = Align::justify;
  opt.hyphenate = false;
  for (const Line& line : layout_paragraph({s}, opt).lines) EXPECT_FALSE(line.hyphenated);
}

TEST_F(JustifyTest, NoLineStartsWithHighPunctuationOrAUnit) {
  for (Align align : {Align::left, Align::justify}) {
    for (double width = 40; width <= 300; width += 3) {
      const Paragraph p = layout(kPunctuation, width, align);
      for (const Line& line : p.lines) {
        const std::string t = text_of(line);
        if (t.empty()) continue;
        std::size_t len = 0;
        const char32_t first = utf8_decode(t, 0, len);
        for (char32_t bad : {U':', U';', U'!', U'?', U'\u00BB', U'%', U'\u20AC'})
          EXPECT_NE(first, bad) << "width " << width << ": " << t;
      }
    }
  }
}

TEST_F(JustifyTest, EnglishHyphenatesWithItsOwnDictionary) {
  bool any = false;
  for (double width = 60; width <= 120; width += 5) {
    const Paragraph p = layout(
        "The encyclopedia explains hyphenation and justification "
        "of paragraphs in typography.",
        width, Align::justify, "en-GB");
    for (const Line& line : p.lines) any = any || line.hyphenated;
  }
  EXPECT_TRUE(any);
}

TEST_F(JustifyTest, AWordWiderThanTheMeasureFallsBackToGreedy) {
  const Paragraph p = layout("un mot anticonstitutionnellement long", 40, Align::justify, "xx");
  EXPECT_TRUE(p.greedy_fallback);
  bool overfull = false;
  for (const Line& line : p.lines) overfull = overfull || line.overfull;
  EXPECT_TRUE(overfull);
}

}  // namespace
}  // namespace plaquette::text
