// The typography rules of issue 14 on real paragraphs: hyphen runs, last lines, ragged text
// by total fit, typed soft hyphens, narrow spaces; and the figures on the brochure's project
// cards in French, English, Dutch and German (printed, and asserted).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "line_util.h"
#include "text/paragraph.h"
#include "text/shape.h"

namespace plaquette::text {
namespace {

using test_util::text_of;

constexpr double kMm = 72 / 25.4;

class TypographyTest : public testing::Test {
 protected:
  void SetUp() override {
    font_ = cache_.load(std::string(PLAQUETTE_SOURCE_DIR) + "/fonts/Lato-Regular.ttf", {}, diags_);
    ASSERT_NE(font_, nullptr);
  }

  Paragraph layout(const std::string& text, double width, Align align, const std::string& locale,
                   double size = 8.5, ParagraphOptions opt = {}) const {
    Span s;
    s.text = text;
    s.font = font_;
    s.size = size;
    opt.width = width;
    opt.leading = size * 1.3;
    opt.align = align;
    opt.locale = locale;
    // The language's fragment lengths, as the layout engine sets them (engine_text.cc).
    opt.hyphenation = opt.locale.rules().hyphenation;
    return layout_paragraph({s}, opt);
  }

  double space_width(double size) const { return shape(*font_, size, " ", "").width; }

  FontCache cache_;
  Diagnostics diags_;
  const Font* font_ = nullptr;
};

/// The longest run of consecutive lines ending with an added hyphen.
int longest_hyphen_run(const Paragraph& p) {
  int run = 0, longest = 0;
  for (const Line& l : p.lines) {
    run = l.hyphenated ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

/// Words of a line's text (runs of non-spaces).
int word_count(const std::string& text) {
  int n = 0;
  bool in = false;
  for (char c : text) {
    const bool space = c == ' ';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

/// Whether the last line keeps the default rule: two words and 15 % of the measure.
bool last_line_ok(const Paragraph& p, double width) {
  if (p.lines.size() < 2) return true;
  const Line& last = p.lines.back();
  return word_count(text_of(last)) >= 2 && last.width >= 0.15 * width - 1e-6;
}

const std::string kFrench =
    "Cette action, proposée aux habitants du quartier Etouvie à Amiens, a pour objectif de "
    "sensibiliser les clients locataires au tri et au recyclage. Proposée sous la forme "
    "d’ateliers pédagogiques et d’une opération de collecte des encombrants (puis d’une "
    "redistribution), cette journée est organisée avec le soutien d’associations et de "
    "partenaires locaux.";

TEST_F(TypographyTest, NoThreeHyphensInARowAtAnyMeasure) {
  int widest_run_unlimited = 0;
  for (double width = 110; width <= 260; width += 5) {
    const Paragraph p = layout(kFrench, width, Align::justify, "fr-FR");
    EXPECT_LE(longest_hyphen_run(p), 2) << width;
    EXPECT_FALSE(p.hyphen_run_exceeded) << width;
    ParagraphOptions free;
    free.max_hyphen_run = 0;
    widest_run_unlimited =
        std::max(widest_run_unlimited,
                 longest_hyphen_run(layout(kFrench, width, Align::justify, "fr-FR", 8.5, free)));
  }
  // Not vacuous: without the rule some measure has a longer run.
  EXPECT_GE(widest_run_unlimited, 3);
}

TEST_F(TypographyTest, LastLineRuleJustifiedAndRagged) {
  // At 96 measures from 110 to 300 pt, in justified and ragged text: how many last lines
  // are shorter than the rule, with it and without. The rule is a cost, not a constraint:
  // where no breaks within tolerance meet it (a tight paragraph), it yields.
  for (Align align : {Align::justify, Align::left}) {
    int short_with = 0, short_without = 0;
    for (double width = 110; width <= 300; width += 2) {
      const Paragraph p = layout(kFrench, width, align, "fr-FR");
      short_with += !last_line_ok(p, width);
      ParagraphOptions off;
      off.last_line_words = 0;
      off.last_line_fraction = 0;
      short_without += !last_line_ok(layout(kFrench, width, align, "fr-FR", 8.5, off), width);
    }
    std::printf("%s: short last lines at 96 measures: %d with the rule, %d without\n",
                align == Align::justify ? "justified" : "ragged", short_with, short_without);
    EXPECT_GE(short_without, 5);
    EXPECT_LE(short_with * 4, short_without);
  }
}

TEST_F(TypographyTest, HyphenBeforeTheLastLineWhenTheLastWordsAreWhole) {
  // The German test edition's first project: with the last-line rule counting words, the
  // line before the last may end with a hyphen ("Partner-/vereinen"), as any line may, and
  // the lines above are no longer squeezed. Without the rule, TeX's \finalhyphendemerits
  // keep that line whole, and the lines above tight.
  const std::string text =
      "Ende 2020 gründete der Eingliederungsverein Elan-CES in Beauvais eine Holzwerkstatt, "
      "die beim Sperrmüll eingesammelte Möbel aufarbeitet, instand setzt und ihnen ein "
      "zweites Leben schenkt (Insektenhotels, Komposter, Pflanzkästen...). Außerdem werden "
      "den Partnervereinen Reparaturwerkstätten angeboten.";
  const double width = 118 * kMm;
  auto mean_ratio = [](const Paragraph& p) {
    double sum = 0;
    for (std::size_t i = 0; i + 1 < p.lines.size(); ++i) sum += std::fabs(p.lines[i].ratio);
    return sum / static_cast<double>(p.lines.size() - 1);
  };
  const Paragraph with = layout(text, width, Align::justify, "de-DE");
  ASSERT_EQ(with.lines.size(), 4u);
  EXPECT_TRUE(with.lines[2].hyphenated);
  EXPECT_EQ(text_of(with.lines[3]), "vereinen Reparaturwerkstätten angeboten.");
  EXPECT_TRUE(last_line_ok(with, width));

  ParagraphOptions off;
  off.last_line_words = 0;
  const Paragraph tex = layout(text, width, Align::justify, "de-DE", 8.5, off);
  ASSERT_EQ(tex.lines.size(), 4u);
  EXPECT_FALSE(tex.lines[2].hyphenated);
  EXPECT_EQ(text_of(tex.lines[3]), "Reparaturwerkstätten angeboten.");
  EXPECT_LT(tex.lines[2].ratio, -0.5);  // tight
  EXPECT_LT(mean_ratio(with), mean_ratio(tex) - 0.1);
}

TEST_F(TypographyTest, RaggedTextTakesNoMoreLinesThanGreedy) {
  // Greedy filling is what ragged text took before; total fit evens it without adding lines.
  for (double width = 100; width <= 300; width += 10) {
    const Paragraph p = layout(kFrench, width, Align::left, "fr-FR");
    double widest = 0;
    for (const Line& l : p.lines) {
      EXPECT_LE(l.width, width + 1e-6);
      widest = std::max(widest, l.width);
    }
    // Every line but the last starts a word that would not have fitted on the line before.
    for (std::size_t i = 0; i + 1 < p.lines.size(); ++i) EXPECT_FALSE(p.lines[i].hyphenated);
    EXPECT_GT(widest, width * 0.7);
  }
}

TEST_F(TypographyTest, ShortLabelLastLineRuleYieldsToRaggedness) {
  // The département cards' labels (Lato 7 pt, 55.84 pt wide): the last-line rule is a cost
  // weighed against raggedness. "Nb" alone on a first line (16 % of the measure) is worse
  // than one word on the last line; "Montant" (48 %) is not.
  const double width = 55.84;
  auto lines = [&](const std::string& text) {
    std::vector<std::string> out;
    for (const Line& l : layout(text, width, Align::left, "fr-FR", 7).lines)
      out.push_back(text_of(l));
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(lines("Nb habitants (estim.)"), (V{"Nb habitants", "(estim.)"}));
  EXPECT_EQ(lines("Montant des dépenses"), (V{"Montant", "des dépenses"}));
  EXPECT_EQ(lines("Logements en QPV"), (V{"Logements", "en QPV"}));
  // Without the rule, raggedness alone: "Montant des / dépenses".
  ParagraphOptions off;
  off.last_line_words = 0;
  off.last_line_fraction = 0;
  const Paragraph p = layout("Montant des dépenses", width, Align::left, "fr-FR", 7, off);
  ASSERT_EQ(p.lines.size(), 2u);
  EXPECT_EQ(text_of(p.lines[0]), "Montant des");
}

TEST_F(TypographyTest, TypedSoftHyphenIsTheBreak) {
  // "Sozialwohnungs|unternehmen" split where the author put U+00AD, with a drawn hyphen
  // whose text is U+00AD (one, not two), in justified and ragged text.
  const std::string text = "Die Sozialwohnungs\u00ADunternehmen investieren viel.";
  for (Align align : {Align::justify, Align::left}) {
    const Paragraph p = layout(text, 90, align, "de-DE");
    ASSERT_GE(p.lines.size(), 2u);
    EXPECT_EQ(text_of(p.lines[0]), "Die Sozialwohnungs\u00AD");
    EXPECT_TRUE(p.lines[0].hyphenated);
    EXPECT_EQ(text_of(p.lines[1]).rfind("unternehmen", 0), 0u) << text_of(p.lines[1]);
  }
  // Unbroken, the soft hyphen stays in the text and draws nothing visible.
  const Paragraph one = layout(text, 400, Align::left, "de-DE");
  ASSERT_EQ(one.lines.size(), 1u);
  EXPECT_NE(text_of(one.lines[0]).find("\u00AD"), std::string::npos);
}

TEST_F(TypographyTest, NarrowSpaceIsHalfTheWordSpace) {
  // Lato's U+202F is as wide as its word space: the style's fraction is used instead, and
  // the text keeps U+202F (copy and paste).
  const double size = 10;
  const std::string text = "Total\u202F: 34\u202F834\u202F342";
  auto narrow_advances = [&](double fraction) {
    ParagraphOptions opt;
    opt.narrow_space = fraction;
    const Paragraph p = layout(text, 400, Align::left, "fr-FR", size, opt);
    std::vector<double> out;
    for (const Line& l : p.lines)
      for (const PlacedRun& r : l.runs) {
        EXPECT_NE(r.run.text.find("\u202F"), std::string::npos);
        for (const display::Glyph& g : r.run.glyphs)
          if (r.run.text.compare(g.cluster_begin, 3, "\u202F") == 0) out.push_back(g.x_advance);
      }
    return out;
  };
  const double word = space_width(size);
  const std::vector<double> own = narrow_advances(0);
  ASSERT_EQ(own.size(), 3u);
  EXPECT_GT(own[0], 0.9 * word);  // Lato's own glyph: not narrow
  for (double a : narrow_advances(0.5)) EXPECT_NEAR(a, 0.5 * word, 1e-9);
  for (double a : narrow_advances(0.3)) EXPECT_NEAR(a, 0.3 * word, 1e-9);
}

// ── Figures on the brochure's project cards ─────────────────────────────────────────────

struct Figures {
  int paragraphs = 0, lines = 0, justified_lines = 0, longest_run = 0, short_last = 0;
  double sum_abs_ratio = 0, max_abs_ratio = 0;
  double sum_abs_space = 0, max_abs_space = 0;  ///< spaces' change from natural, fraction
  double sum_abs_scale = 0;                     ///< |glyph scale - 1|
};

TEST_F(TypographyTest, ProjectCardFiguresInFourLanguages) {
  const std::string src = PLAQUETTE_SOURCE_DIR;
  const YAML::Node shipped = YAML::LoadFile(src + "/data/hauts-de-france-2019-2022.yaml");
  const YAML::Node german = YAML::LoadFile(src + "/tests/text/de/hauts-de-france-2019-2022.yaml");
  const double card = 118 * kMm, side = 46 * kMm;
  const double bullet = shape(*font_, 8.5, "\u2022", "").width + 8.5 * 0.5;  // list.cc's indent
  struct Edition {
    const char* key;
    const char* tag;
    const YAML::Node* data;
  };
  const bool verbose = std::getenv("PLAQUETTE_TYPOGRAPHY_LINES") != nullptr;
  for (const Edition& e : {Edition{"fr", "fr-FR", &shipped}, Edition{"en", "en-GB", &shipped},
                           Edition{"nl", "nl-BE", &shipped}, Edition{"de", "de-DE", &german}}) {
    // Without font expansion (spaces only, as before it) and with the default (±2 %).
    double mean_space_without = 0;
    for (double expansion : {0.0, ParagraphOptions{}.expansion}) {
      ParagraphOptions popt;
      popt.expansion = expansion;
      Figures f;
      auto account = [&](const Paragraph& p, double width, bool justified,
                         const std::string& what) {
        ++f.paragraphs;
        f.lines += static_cast<int>(p.lines.size());
        f.longest_run = std::max(f.longest_run, longest_hyphen_run(p));
        if (!last_line_ok(p, width)) {
          ++f.short_last;
          std::printf("%s %s: short last line `%s`\n", e.key, what.c_str(),
                      text_of(p.lines.back()).c_str());
        }
        if (!justified) return;
        for (std::size_t i = 0; i + 1 < p.lines.size(); ++i) {
          const Line& l = p.lines[i];
          const double r = std::fabs(l.ratio);
          if (verbose)
            std::printf("  %s %+.3f spaces %+.3f glyphs %.3f %s\n", e.key, l.ratio, l.space_change,
                        l.scale, text_of(l).c_str());
          ++f.justified_lines;
          f.sum_abs_ratio += r;
          f.max_abs_ratio = std::max(f.max_abs_ratio, r);
          f.sum_abs_space += std::fabs(l.space_change);
          f.max_abs_space = std::max(f.max_abs_space, std::fabs(l.space_change));
          f.sum_abs_scale += std::fabs(l.scale - 1);
          // The glyphs take their share of the ratio, on the style's steps, within ±2 %.
          EXPECT_LE(std::fabs(l.scale - 1), expansion + 1e-9);
          for (const PlacedRun& run : l.runs) EXPECT_EQ(run.run.scale, l.scale);
        }
      };
      for (const YAML::Node& project : (*e.data)["projects"]) {
        const std::string id = project["id"].as<std::string>();
        account(layout(project["description"][e.key].as<std::string>(), card, Align::justify, e.tag,
                       8.5, popt),
                card, true, id + " description");
        for (const YAML::Node& o : project["objectives"])
          account(layout(o[e.key].as<std::string>(), card - bullet, Align::left, e.tag),
                  card - bullet, false, id + " objective");
        account(layout(project["partners"][e.key].as<std::string>(), side, Align::left, e.tag, 7.5),
                side, false, id + " partners");
      }
      const double lines = f.justified_lines ? f.justified_lines : 1;
      const double mean = f.sum_abs_ratio / lines;
      const double mean_space = f.sum_abs_space / lines;
      std::printf(
          "%s, expansion %.2f: %d paragraphs, %d lines; longest hyphen run %d; short last lines "
          "%d; justified lines %d, mean |ratio| %.3f, max |ratio| %.3f; spaces off their width "
          "by %.1f %% on average, %.1f %% at most; glyphs scaled by %.2f %% on average\n",
          e.key, expansion, f.paragraphs, f.lines, f.longest_run, f.short_last, f.justified_lines,
          mean, f.max_abs_ratio, 100 * mean_space, 100 * f.max_abs_space,
          100 * f.sum_abs_scale / lines);
      EXPECT_LE(f.longest_run, 2) << e.key;
      EXPECT_GT(f.justified_lines, 6) << e.key;
      EXPECT_LE(f.max_abs_ratio, 1.0) << e.key;
      const bool german = std::string(e.key) == "de";
      if (expansion == 0) {
        // Spaces only (TeX's glue: a space stretches ½, shrinks ⅓): the German second
        // description ends on "organi-/siert." (no breaks within tolerance put two words on
        // its last line), and the means are 0.38 (en) to 0.42 (nl). A breaker minimising the
        // sum of |ratio| itself gets no lower than fr 0.393, en 0.379, nl 0.380, de 0.410
        // with this glue (README).
        EXPECT_LE(f.short_last, german ? 1 : 0) << e.key;
        EXPECT_LE(mean, 0.5) << e.key;
        mean_space_without = mean_space;
      } else {
        // With font expansion (±2 %, as microtype under pdfTeX/LuaTeX): every last line
        // holds, the means are 0.22 (fr) to 0.33 (en) within issue 14's 0.35 (German 0.32:
        // 0.38 while a hyphen before the last line cost TeX's \finalhyphendemerits, see
        // HyphenBeforeTheLastLineWhenTheLastWordsAreWhole), and the spaces really are more
        // even.
        EXPECT_EQ(f.short_last, 0) << e.key;
        EXPECT_LE(mean, 0.35) << e.key;
        EXPECT_LT(mean_space, mean_space_without) << e.key;
      }
    }
  }
}

}  // namespace
}  // namespace plaquette::text
