#include "text/paragraph.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "line_util.h"
#include "text/shape.h"
#include "text/spacing.h"

namespace plaquette::text {
namespace {

using test_util::right_edge;
using test_util::text_of;

// From the 2019–2022 brochure, with the French spaces the data would carry.
const std::string kFrench =
    "Les organismes HLM bénéficient d’un abattement de 30\u00A0% sur la base d’imposition "
    "de la taxe foncière sur les propriétés bâties (TFPB) pour les logements situés dans "
    "les quartiers prioritaires de la politique de la ville (QPV). En contrepartie, ils "
    "s’engagent à renforcer leurs interventions : entretien, gestion de proximité, "
    "tranquillité, vie sociale ! Total : 34\u202F834\u202F342\u00A0€ pour 180\u202F678 "
    "logements, soit 1,20\u00A0€ dépensé pour 1\u00A0€ reçu ? « Oui » répondent-ils.";

class ParagraphTest : public testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = std::string(PLAQUETTE_SOURCE_DIR) + "/fonts/";
    regular_ = cache_.load(dir + "Lato-Regular.ttf", {}, diags_);
    bold_ = cache_.load(dir + "Lato-Bold.ttf", {}, diags_);
    ASSERT_NE(regular_, nullptr);
    ASSERT_NE(bold_, nullptr);
  }

  Span span(std::string text, int tag = 0, const Font* font = nullptr) const {
    Span s;
    s.text = std::move(text);
    s.font = font ? font : regular_;
    s.size = 10;
    s.tag = tag;
    return s;
  }

  Paragraph layout(const std::string& text, double width, Align align = Align::left,
                   const std::string& locale = "fr") const {
    return layout(text, width, align, ParagraphOptions{}, locale);
  }

  Paragraph layout(const std::string& text, double width, Align align, ParagraphOptions opt,
                   const std::string& locale = "fr") const {
    opt.width = width;
    opt.leading = 12;
    opt.align = align;
    opt.locale = locale;
    return layout_paragraph({span(text)}, opt);
  }

  FontCache cache_;
  Diagnostics diags_;
  const Font* regular_ = nullptr;
  const Font* bold_ = nullptr;
};

TEST_F(ParagraphTest, ShortTextIsOneLine) {
  const Paragraph p = layout("Vie sociale", 200);
  ASSERT_EQ(p.lines.size(), 1u);
  EXPECT_EQ(text_of(p.lines[0]), "Vie sociale");
  EXPECT_NEAR(p.lines[0].width, shape(*regular_, 10, "Vie sociale", "fr").width, 1e-9);
  EXPECT_DOUBLE_EQ(p.max_line_width, p.lines[0].width);
  EXPECT_FALSE(p.lines[0].overfull);
}

TEST_F(ParagraphTest, LinesNeverExceedTheMeasure) {
  for (double width : {60.0, 90.0, 150.0, 233.3, 400.0}) {
    const Paragraph p = layout(kFrench, width);
    ASSERT_GT(p.lines.size(), 1u);
    for (const Line& line : p.lines) {
      if (!line.overfull) {
        EXPECT_LE(line.width, width + 1e-6) << text_of(line);
      }
      EXPECT_NEAR(right_edge(line), line.width, 1e-6) << text_of(line);
    }
  }
}

TEST_F(ParagraphTest, RaggedTextTakesNoMoreLinesThanGreedyFilling) {
  // Ragged text is broken by total fit, evening its lines, but never in more lines than
  // filling them word by word would take (the frame was drawn for that many).
  for (double width = 120; width <= 240; width += 30) {
    const Paragraph p = layout(kFrench, width);
    std::size_t greedy = 1;
    std::string line;
    for (std::size_t from = 0; from < kFrench.size();) {
      std::size_t to = kFrench.find(' ', from);
      if (to == std::string::npos) to = kFrench.size();
      const std::string word = kFrench.substr(from, to - from);
      const std::string longer = line.empty() ? word : line + " " + word;
      if (!line.empty() && shape(*regular_, 10, longer, "fr").width > width) {
        ++greedy;
        line = word;
      } else {
        line = longer;
      }
      from = to + 1;
    }
    EXPECT_LE(p.lines.size(), greedy) << width;
    EXPECT_GE(p.lines.size() + 1, greedy) << width;
  }
}

TEST_F(ParagraphTest, NoTextIsLost) {
  const Paragraph p = layout(kFrench, 120);
  std::string joined;
  for (const Line& line : p.lines) {
    // Lines end after a space (dropped) or after a hyphen ("répondent-|ils").
    const std::string s = text_of(line);
    joined += s + (s.back() == '-' ? "" : " ");
  }
  joined.pop_back();
  // The text as drawn: kFrench with the French spacing rules applied (narrow no-break
  // spaces before ; : ! ? » and after «).
  std::vector<std::string> spaced = {kFrench};
  apply_spacing(spaced, "fr", 0x202F);
  EXPECT_EQ(joined, spaced[0]);
  EXPECT_NE(joined.find("interventions\u202F: entretien"), std::string::npos);
}

TEST_F(ParagraphTest, JustifiedLinesAreFlushExceptTheLast) {
  const double width = 180;
  const Paragraph p = layout(kFrench, width, Align::justify);
  ASSERT_GT(p.lines.size(), 2u);
  for (std::size_t i = 0; i + 1 < p.lines.size(); ++i) {
    EXPECT_NEAR(right_edge(p.lines[i]), width, 0.01) << text_of(p.lines[i]);
    EXPECT_DOUBLE_EQ(p.lines[i].runs[0].run.origin.x, 0);
  }
  // The last line at its natural width, unless total fit shrank it into the measure (as
  // TeX may: its spaces and glyphs shrink, the fill does not).
  const Line& last = p.lines.back();
  if (last.width > width) {
    EXPECT_LT(last.ratio, 0);
    EXPECT_NEAR(right_edge(last), width, 0.01);
  } else {
    EXPECT_EQ(last.ratio, 0);
    EXPECT_NEAR(right_edge(last), last.width, 1e-6);
  }
  EXPECT_DOUBLE_EQ(p.max_line_width, width);
  // At a measure where it is not: short of the measure.
  const Paragraph q = layout(kFrench, 200, Align::justify);
  EXPECT_LT(q.lines.back().width, 200 - 1);
  EXPECT_NEAR(right_edge(q.lines.back()), q.lines.back().width, 1e-6);
}

TEST_F(ParagraphTest, JustificationStretchesPlainSpacesOnly) {
  const Paragraph p = layout("a b\u00A0c d e f g h i j k l m n o p", 60, Align::justify);
  ASSERT_GT(p.lines.size(), 1u);
  const double space = shape(*regular_, 10, " ", "fr").width;
  const double nbsp = shape(*regular_, 10, "\u00A0", "fr").width;
  const display::TextRun& run = p.lines[0].runs[0].run;
  ASSERT_EQ(run.text.substr(0, 6), "a b\u00A0c");
  EXPECT_GT(run.glyphs[1].x_advance, space + 0.1);  // the plain space grew
  // The no-break space did not: it is only as wide as the line's glyphs are (font
  // expansion scales every glyph but the stretchable spaces).
  EXPECT_DOUBLE_EQ(run.glyphs[3].x_advance, nbsp * run.scale);
}

TEST_F(ParagraphTest, FrenchSpaceBeforeColonIsNotStretched) {
  const Paragraph p = layout("Total : un deux trois quatre cinq six sept", 80, Align::justify);
  ASSERT_GT(p.lines.size(), 1u);
  const double space = shape(*regular_, 10, " ", "fr").width;
  const display::TextRun& run = p.lines[0].runs[0].run;
  // The typed space before ":" became a narrow no-break space, which never stretches; it is
  // drawn half a word space wide (ParagraphOptions::narrow_space), narrower than Lato's.
  const double narrow = std::min(shape(*regular_, 10, "\u202F", "fr").width, 0.5 * space);
  ASSERT_EQ(run.text.substr(0, 10), "Total\u202F: ");
  EXPECT_DOUBLE_EQ(run.glyphs[5].x_advance, narrow * run.scale);  // before ":"
  EXPECT_GT(run.glyphs[7].x_advance, space + 0.1);                // after ":"
}

TEST_F(ParagraphTest, FontExpansionScalesTheGlyphsOfJustifiedLines) {
  // Lines of kFrench at 180 pt: each justified line's glyphs take their share of its ratio
  // (1 + r × 2 %, to 0.5 %), every run of the line says so, the spaces take the rest and
  // the line is flush. Without expansion nothing is scaled, and spaces vary more.
  const double width = 180;
  ParagraphOptions off;
  off.expansion = 0;
  double change_on = 0, change_off = 0;
  int scaled = 0;
  for (bool on : {true, false}) {
    const Paragraph p =
        on ? layout(kFrench, width, Align::justify) : layout(kFrench, width, Align::justify, off);
    ASSERT_GT(p.lines.size(), 3u);
    for (std::size_t i = 0; i < p.lines.size(); ++i) {
      const Line& l = p.lines[i];
      if (i + 1 < p.lines.size() || l.ratio < 0) {
        EXPECT_NEAR(right_edge(l), width, 0.01) << text_of(l);
      }
      const double expected = on ? 1 + std::round(l.ratio * 0.02 / 0.005) * 0.005 : 1;
      EXPECT_NEAR(l.scale, std::clamp(expected, 0.98, 1.02), 1e-12) << text_of(l);
      for (const PlacedRun& r : l.runs) EXPECT_EQ(r.run.scale, l.scale);
      scaled += l.scale != 1;
      (on ? change_on : change_off) += std::fabs(l.space_change);
    }
  }
  EXPECT_GT(scaled, 0);
  EXPECT_LT(change_on, change_off);
  // Ragged text is never expanded.
  for (const Line& l : layout(kFrench, width, Align::left).lines) EXPECT_EQ(l.scale, 1);
}

TEST_F(ParagraphTest, ForcedBreak) {
  const Paragraph p = layout("Proximité\nTravaux", 300, Align::justify);
  ASSERT_EQ(p.lines.size(), 2u);
  EXPECT_EQ(text_of(p.lines[0]), "Proximité");
  EXPECT_EQ(text_of(p.lines[1]), "Travaux");
  EXPECT_TRUE(p.lines[0].forced);
  // A line ending in a forced break is not justified.
  EXPECT_NEAR(right_edge(p.lines[0]), p.lines[0].width, 1e-9);
}

TEST_F(ParagraphTest, BlankLineKeepsItsHeight) {
  const Paragraph p = layout("un\n\ndeux", 300);
  ASSERT_EQ(p.lines.size(), 3u);
  EXPECT_TRUE(p.lines[1].runs.empty());
  EXPECT_EQ(p.lines[1].width, 0);
  EXPECT_GT(p.lines[1].ascent, 5);
  EXPECT_DOUBLE_EQ(p.lines[2].baseline - p.lines[0].baseline, 24);
}

TEST_F(ParagraphTest, CrLfAndLineSeparatorAreForcedBreaks) {
  EXPECT_EQ(layout("un\r\ndeux", 300).lines.size(), 2u);
  EXPECT_EQ(layout("un\u2028deux", 300).lines.size(), 2u);
  EXPECT_EQ(layout("un\n", 300).lines.size(), 1u);
}

TEST_F(ParagraphTest, GroupedNumberIsNeverSplit) {
  // ICU classes U+202F and U+00A0 as GL (glue): no break on either side.
  const std::string number = "8\u202F309\u202F550\u00A0€";
  for (double width : {5.0, 20.0, 40.0, 60.0}) {
    const Paragraph p = layout("Dépenses : " + number + " en 2022", width);
    int found = 0;
    for (const Line& line : p.lines) {
      if (text_of(line).find(number) != std::string::npos) ++found;
      EXPECT_EQ(text_of(line).find("309\u202F550"), text_of(line).find("309")) << width;
    }
    EXPECT_EQ(found, 1) << "width " << width;
  }
}

TEST_F(ParagraphTest, UnbreakablePieceWiderThanTheMeasureIsOverfull) {
  const Paragraph p = layout("361\u202F350 logements", 20);
  ASSERT_EQ(p.lines.size(), 2u);
  EXPECT_EQ(text_of(p.lines[0]), "361\u202F350");
  EXPECT_TRUE(p.lines[0].overfull);
  EXPECT_GT(p.lines[0].width, 20);
  EXPECT_TRUE(p.lines[1].overfull);  // "logements" is wider than 20 pt too
}

TEST_F(ParagraphTest, NoFrenchLineStartsWithHighPunctuation) {
  const std::string text =
      "Bravo ! Pourquoi ? Voici : un point ; une fin » et 83 % puis 12 € et « début »";
  for (double width = 15; width < 250; width += 2.5) {
    const Paragraph p = layout(text, width);
    for (std::size_t i = 1; i < p.lines.size(); ++i) {
      const std::string s = text_of(p.lines[i]);
      for (const char* bad : {":", ";", "!", "?", "»", "%", "€"}) {
        EXPECT_NE(s.rfind(bad, 0), 0u) << "width " << width << ": line starts with " << s;
      }
    }
    for (const Line& line : p.lines) {
      const std::string s = text_of(line);
      EXPECT_FALSE(s.size() >= 2 && s.substr(s.size() - 2) == "«") << "line ends with «";
    }
  }
}

TEST_F(ParagraphTest, IcuAloneNeverBreaksBeforeColonEvenAfterASpace) {
  // UAX #14 LB13 forbids a break before ":" ";" "!" "?" even after spaces, in any locale.
  const double word = shape(*regular_, 10, "word", "en").width;
  const Paragraph en = layout("word :", word + 1, Align::left, "en");
  ASSERT_EQ(en.lines.size(), 1u);
  EXPECT_TRUE(en.lines[0].overfull);
}

TEST_F(ParagraphTest, OnlyFrenchGluesAPlainSpaceBeforePercentAndGuillemet) {
  // "»" and "%" after a space are break opportunities in UAX #14; the French rule is ours.
  const double word = shape(*regular_, 10, "word", "en").width;
  for (const char* text : {"word %", "word \u00BB"}) {
    const Paragraph en = layout(text, word + 1, Align::left, "en");
    ASSERT_EQ(en.lines.size(), 2u) << text;
    const Paragraph fr = layout(text, word + 1, Align::left, "fr");
    ASSERT_EQ(fr.lines.size(), 1u) << text;
    EXPECT_TRUE(fr.lines[0].overfull);
  }
}

TEST_F(ParagraphTest, FrenchNeverEndsALineAfterOpeningGuillemet) {
  const double open = shape(*regular_, 10, "\u00AB", "fr").width;
  const Paragraph fr = layout("\u00AB Oui \u00BB", open + 1, Align::left, "fr");
  ASSERT_EQ(fr.lines.size(), 1u);
  const Paragraph en = layout("\u00AB Oui \u00BB", open + 1, Align::left, "en");
  EXPECT_GT(en.lines.size(), 1u);
}

TEST_F(ParagraphTest, CentreAlignment) {
  const Paragraph p = layout("Vie sociale", 200, Align::center);
  ASSERT_EQ(p.lines.size(), 1u);
  const Line& line = p.lines[0];
  EXPECT_NEAR(line.runs[0].run.origin.x, (200 - line.width) / 2, 1e-9);
  EXPECT_NEAR(right_edge(line), (200 + line.width) / 2, 1e-9);
}

TEST_F(ParagraphTest, RightAlignment) {
  const Paragraph p = layout(kFrench, 150, Align::right);
  for (const Line& line : p.lines) {
    if (!line.overfull) {
      EXPECT_NEAR(right_edge(line), 150, 1e-9) << text_of(line);
    }
  }
}

TEST_F(ParagraphTest, OverfullLineStartsAtTheLeftEdge) {
  const Paragraph p = layout("anticonstitutionnellement", 30, Align::right);
  ASSERT_EQ(p.lines.size(), 1u);
  EXPECT_TRUE(p.lines[0].overfull);
  EXPECT_EQ(p.lines[0].runs[0].run.origin.x, 0);
}

TEST_F(ParagraphTest, TrailingSpacesAreNotCountedNorDrawn) {
  const Paragraph p = layout("Travaux   ", 200, Align::right);
  ASSERT_EQ(p.lines.size(), 1u);
  EXPECT_EQ(text_of(p.lines[0]), "Travaux");
  EXPECT_NEAR(p.lines[0].width, shape(*regular_, 10, "Travaux", "fr").width, 1e-9);
  EXPECT_NEAR(right_edge(p.lines[0]), 200, 1e-9);
}

TEST_F(ParagraphTest, LeadingSpacesAreKept) {
  const Paragraph p = layout("  Travaux", 200);
  ASSERT_EQ(p.lines.size(), 1u);
  EXPECT_EQ(text_of(p.lines[0]), "  Travaux");
}

TEST_F(ParagraphTest, OneRunPerSpanAndLineWithTags) {
  ParagraphOptions opt;
  opt.width = 70;
  Span a = span("Vie sociale et ", 1);
  Span b = span("tranquillité résidentielle", 2, bold_);
  const Paragraph p = layout_paragraph({a, b}, opt);
  ASSERT_EQ(p.lines.size(), 3u);  // "Vie sociale et" / "tranquillité" / "résidentielle"
  ASSERT_EQ(p.lines[0].runs.size(), 1u);
  EXPECT_EQ(p.lines[0].runs[0].tag, 1);
  EXPECT_EQ(p.lines[1].runs[0].tag, 2);
  EXPECT_EQ(p.lines[1].runs[0].font, bold_);
  EXPECT_EQ(p.lines[2].runs[0].run.text, "résidentielle");
}

TEST_F(ParagraphTest, SpansShareALine) {
  ParagraphOptions opt;
  opt.width = 300;
  const Paragraph p = layout_paragraph({span("Total : ", 1), span("34,8 M€", 2, bold_)}, opt);
  ASSERT_EQ(p.lines.size(), 1u);
  ASSERT_EQ(p.lines[0].runs.size(), 2u);
  const display::TextRun& first = p.lines[0].runs[0].run;
  double x = 0;
  for (const auto& g : first.glyphs) x += g.x_advance;
  EXPECT_NEAR(p.lines[0].runs[1].run.origin.x, x, 1e-9);
  // A number and its unit are tied by a no-break space.
  EXPECT_EQ(p.lines[0].runs[1].run.text, "34,8\u00A0M€");
}

TEST_F(ParagraphTest, ClusterRangesAreRelativeToEachRun) {
  const Paragraph p = layout(kFrench, 110);
  for (const Line& line : p.lines) {
    for (const PlacedRun& pr : line.runs) {
      ASSERT_FALSE(pr.run.glyphs.empty());
      EXPECT_EQ(pr.run.glyphs.front().cluster_begin, 0u);
      EXPECT_EQ(pr.run.glyphs.back().cluster_end, pr.run.text.size());
      for (const auto& g : pr.run.glyphs) EXPECT_LT(g.cluster_begin, g.cluster_end);
    }
  }
}

TEST_F(ParagraphTest, TrackingAfterTheLastLetterIsNotPartOfTheLine) {
  ParagraphOptions opt;
  opt.width = 200;
  opt.align = Align::right;
  Span s = span("GUSP");
  s.tracking = 2;
  const Paragraph p = layout_paragraph({s}, opt);
  ASSERT_EQ(p.lines.size(), 1u);
  EXPECT_NEAR(p.lines[0].width, shape(*regular_, 10, "GUSP", "fr").width + 3 * 2, 1e-9);
  EXPECT_NEAR(right_edge(p.lines[0]), 200, 1e-9);
}

TEST_F(ParagraphTest, VerticalMetrics) {
  ParagraphOptions opt;
  opt.width = 100;
  opt.leading = 14;
  Span big = span("Grand ");
  big.size = 20;
  const Paragraph p = layout_paragraph({big, span("et petit texte courant ici")}, opt);
  ASSERT_GE(p.lines.size(), 2u);
  EXPECT_NEAR(p.lines[0].ascent, regular_->ascender() * 20, 1e-9);
  EXPECT_NEAR(p.lines[0].descent, -regular_->descender() * 20, 1e-9);
  EXPECT_NEAR(p.lines[0].baseline, p.lines[0].ascent, 1e-9);
  EXPECT_NEAR(p.lines[1].baseline, p.lines[0].baseline + 14, 1e-9);
  EXPECT_NEAR(p.height, p.lines.back().baseline + p.lines.back().descent, 1e-9);
}

TEST_F(ParagraphTest, EmptyInput) {
  ParagraphOptions opt;
  opt.width = 100;
  EXPECT_TRUE(layout_paragraph({}, opt).lines.empty());
  EXPECT_TRUE(layout_paragraph({span("")}, opt).lines.empty());
  EXPECT_EQ(layout_paragraph({span("")}, opt).height, 0);
}

TEST_F(ParagraphTest, SpanWithoutFontIsSkipped) {
  ParagraphOptions opt;
  opt.width = 100;
  Span orphan = span("invisible ");
  orphan.font = nullptr;
  const Paragraph p = layout_paragraph({orphan, span("visible")}, opt);
  ASSERT_EQ(p.lines.size(), 1u);
  EXPECT_EQ(text_of(p.lines[0]), "visible");
}

TEST_F(ParagraphTest, InvalidUtf8IsDrawnAsReplacementCharacter) {
  const Paragraph p = layout("a\xFF b\xE2\x82", 100);
  ASSERT_EQ(p.lines.size(), 1u);
  EXPECT_EQ(text_of(p.lines[0]), "a\uFFFD b\uFFFD");
}

TEST_F(ParagraphTest, ZeroWidthMeasureDoesNotHang) {
  const Paragraph p = layout("un deux trois", 0, Align::justify);
  ASSERT_EQ(p.lines.size(), 3u);
  for (const Line& line : p.lines) EXPECT_TRUE(line.overfull);
}

}  // namespace
}  // namespace plaquette::text
